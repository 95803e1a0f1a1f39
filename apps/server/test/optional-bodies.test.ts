import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { attempt, createSession } from './helpers/payments.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * A POST (or PATCH) whose body requires nothing accepts none, the way curl sends it:
 * `curl -X POST …` (no body, no Content-Type), `-H 'content-type: application/json'` with no
 * body, and `-d ''` with that Content-Type. Each behaves like `{}`.
 */
const NO_BODY_FORMS: { name: string; options: Partial<InjectOptions> }[] = [
  { name: 'no body, no Content-Type', options: {} },
  { name: 'JSON Content-Type, no body', options: { headers: { 'content-type': 'application/json' } } },
  { name: 'JSON Content-Type, empty body', options: { headers: { 'content-type': 'application/json' }, payload: '' } },
];

/** Every route whose body is optional, keyed as in /openapi.json, with a way to make a fresh target. */
type Target = (t: TestApp) => Promise<{ method: 'POST' | 'PATCH'; url: string; status?: number; check: (body: Record<string, any>) => void }>;

async function vaRequest(t: TestApp): Promise<string> {
  const session = await createSession(t);
  return (await attempt(t, session.payment_session_id, { channel_code: 'BCA_VIRTUAL_ACCOUNT' })).payment_request_id;
}

const endpointId = async (t: TestApp) => (await t.get('/webhooks/endpoints')).json().data[0].id as string;

const TARGETS: Record<string, Target> = {
  'POST /v3/payment_requests/{payment_request_id}/simulate': async (t) => ({
    method: 'POST',
    url: `/v3/payment_requests/${await vaRequest(t)}/simulate`,
    check: (body) => assert.equal(body.status, 'PENDING'),
  }),
  'POST /events/{event_id}/resend': async (t) => {
    // An expired session records an event (payment_session.expired) at once.
    const session = await createSession(t);
    t.clock.advance(31 * 60 * 1000);
    await t.services.sessions.sweepExpired();
    await t.services.dispatcher.drain();
    const event = (await t.get(`/events?subject_id=${session.payment_session_id}`)).json().data[0];
    return { method: 'POST', url: `/events/${event.id}/resend`, check: (body) => assert.equal(body.resent, 1) };
  },
  'PATCH /webhooks/endpoints/{endpoint_id}': async (t) => ({
    method: 'PATCH',
    url: `/webhooks/endpoints/${await endpointId(t)}`,
    check: (body) => assert.deepEqual(body.event_groups.length > 0, true),
  }),
  'POST /keys': async () => ({ method: 'POST', url: '/keys', status: 201, check: (body) => assert.match(body.secret_key, /^xnd_development_/) }),
  'PATCH /checkout/branding': async () => ({ method: 'PATCH', url: '/checkout/branding', check: (body) => assert.ok('brand_color' in body) }),
  // No body schema at all: these never read a body, and must not stumble on its absence either.
  'POST /sessions/{session_id}/cancel': async (t) => ({
    method: 'POST',
    url: `/sessions/${(await createSession(t)).payment_session_id}/cancel`,
    check: (body) => assert.equal(body.status, 'CANCELED'),
  }),
  'POST /v3/payment_requests/{payment_request_id}/cancel': async (t) => ({
    method: 'POST',
    url: `/v3/payment_requests/${await vaRequest(t)}/cancel`,
    check: (body) => assert.equal(body.status, 'CANCELED'),
  }),
  'PATCH /customers/{id}': async (t) => {
    const created = await t.post('/customers', { reference_id: `optional-body-${Math.random()}`, type: 'INDIVIDUAL', individual_detail: { given_names: 'Ana' }, email: 'ana@example.com' });
    assert.equal(created.statusCode, 200, created.body);
    return {
      method: 'PATCH',
      url: `/customers/${created.json().id}`,
      // Nothing sent, nothing changed.
      check: (body) => assert.deepEqual([body.id, body.email, body.individual_detail.given_names], [created.json().id, 'ana@example.com', 'Ana']),
    };
  },
  'POST /webhooks/endpoints/{endpoint_id}/rotate_secret': async (t) => ({
    method: 'POST',
    url: `/webhooks/endpoints/${await endpointId(t)}/rotate_secret`,
    check: (body) => assert.match(body.signing_secret, /^whsec_/),
  }),
};

for (const dialect of DIALECTS) {
  describe(`optional request bodies [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_URL: receiver.url });
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    test('every POST and PATCH whose body schema requires nothing is covered here', async () => {
      const doc = (await t.request({ method: 'GET', url: '/openapi.json', auth: null })).json();
      const optional: string[] = [];
      for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) {
        for (const [method, operation] of Object.entries<any>(operations)) {
          if (method !== 'post' && method !== 'patch') continue;
          const schema = operation.requestBody?.content?.['application/json']?.schema;
          if (schema && !(schema.required?.length > 0)) optional.push(`${method.toUpperCase()} ${path}`);
        }
      }
      assert.ok(optional.length >= 4, optional.join(', '));
      for (const route of optional) assert.ok(route in TARGETS, `${route} has an optional body and no test here`);
    });

    for (const [route, target] of Object.entries(TARGETS)) {
      for (const form of NO_BODY_FORMS) {
        test(`${route}: ${form.name} reads as {}`, async () => {
          const { method, url, status = 200, check } = await target(t);
          const res = await t.request({ method, url, ...form.options });
          assert.equal(res.statusCode, status, res.body);
          check(res.json());
        });
      }
    }

    test('malformed JSON is still a 400 API_VALIDATION_ERROR', async () => {
      const { url } = await TARGETS['POST /events/{event_id}/resend']!(t);
      const res = await t.request({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"endpoint_id": ' });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error_code, 'API_VALIDATION_ERROR');
      assert.deepEqual(res.json().errors, [{ message: 'is not valid JSON', path: '/body' }]);
    });

    test('a body that requires fields still says which are missing when absent', async () => {
      const res = await t.request({ method: 'POST', url: `/webhooks/endpoints/${await endpointId(t)}/resend_failed` });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error_code, 'API_VALIDATION_ERROR');
      const created = await t.request({ method: 'POST', url: '/sessions' });
      assert.equal(created.statusCode, 400);
      assert.equal(created.json().errors[0].path, '/body');
    });
  });
}
