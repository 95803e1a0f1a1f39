import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Ajv } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

const addFormats = addFormatsImport as unknown as (ajv: Ajv) => Ajv;

interface Media {
  schema: Record<string, unknown>;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}

/** Every request body of the document with its examples, as `METHOD /path`. */
function requestBodies(doc: { paths: Record<string, Record<string, { requestBody?: { content: Record<string, Media> } }>> }) {
  const bodies: { route: string; media: Media; examples: unknown[] }[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const media = operation.requestBody?.content['application/json'];
      if (!media) continue;
      const examples = [...(media.example === undefined ? [] : [media.example]), ...Object.values(media.examples ?? {}).map((e) => e.value)];
      bodies.push({ route: `${method.toUpperCase()} ${path}`, media, examples });
    }
  }
  return bodies;
}

for (const dialect of DIALECTS) {
  describe(`OpenAPI document [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);
    let doc: Parameters<typeof requestBodies>[0] & { servers?: { url: string }[]; components?: { schemas?: Record<string, unknown> } };
    before(async () => {
      doc = (await t.request({ method: 'GET', url: '/openapi.json', auth: null })).json();
    });

    test('servers names the configured public URL', () => {
      assert.equal(doc.servers?.[0]?.url, t.config.publicUrl);
      assert.equal(doc.servers?.[0]?.url, 'https://lunas.test');
    });

    test('every request body has an example, and every example is valid against its schema', () => {
      // The server's own body rules: strict types, every format checked.
      const ajv = addFormats(new Ajv({ allErrors: true, strict: false, coerceTypes: false }));
      for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) ajv.addSchema(schema as object, `#/components/schemas/${name}`);
      const bodies = requestBodies(doc);
      assert.ok(bodies.length >= 13, `only ${bodies.length} request bodies`);
      for (const { route, media, examples } of bodies) {
        assert.ok(examples.length > 0, `${route} has no request example`);
        const validate = ajv.compile(media.schema);
        for (const example of examples) assert.ok(validate(example), `${route} example ${JSON.stringify(example)}: ${ajv.errorsText(validate.errors)}`);
      }
    });

    test('the sessions examples cover PAY COMPONENTS, PAYMENT_LINK, SAVE and SUBSCRIPTION, and each creates a session', async () => {
      const { examples } = requestBodies(doc).find((b) => b.route === 'POST /sessions')!;
      const kinds = (examples as { session_type: string; mode: string }[]).map((e) => `${e.session_type} ${e.mode}`);
      assert.deepEqual(kinds.sort(), ['PAY COMPONENTS', 'PAY PAYMENT_LINK', 'SAVE COMPONENTS', 'SUBSCRIPTION PAYMENT_LINK']);
      for (const example of examples) {
        const res = await t.post('/sessions', example);
        assert.equal(res.statusCode, 201, res.body);
        assert.equal(res.json().status, 'ACTIVE');
      }
    });

    test('the payment request examples (card, VA, e-wallet) and the token example are accepted as they are', async () => {
      const { examples } = requestBodies(doc).find((b) => b.route === 'POST /v3/payment_requests')!;
      assert.deepEqual((examples as { channel_code: string }[]).map((e) => e.channel_code), ['CARDS', 'BCA_VIRTUAL_ACCOUNT', 'OVO']);
      for (const example of examples) {
        const res = await t.post('/v3/payment_requests', example);
        assert.equal(res.statusCode, 201, res.body);
      }
      const token = requestBodies(doc).find((b) => b.route === 'POST /v3/payment_tokens')!;
      const saved = await t.post('/v3/payment_tokens', token.examples[0]);
      assert.equal(saved.statusCode, 201, saved.body);
    });
  });
}
