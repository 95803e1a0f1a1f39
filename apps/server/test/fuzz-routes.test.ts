import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import type { TestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { anyJson, badBodyText, expandDeep, mutate, nastyString, valueOf } from './helpers/fuzz.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Generated requests against every route /openapi.json lists and the unauthenticated pages
 * (docs/security.md, "Limits"): bodies, query strings and path parameters built from each
 * route's schema, then mutated (wrong types, missing fields, huge strings, deep nesting, NUL,
 * odd unicode, bad JSON, random ids). No answer may be 5xx, 503 included.
 * The seed is fixed and printed; FUZZ_SEED=<n> replays a run, FUZZ_CASES=<n> sizes it.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20261203);
const CASES = Number(process.env.FUZZ_CASES ?? 2000);
console.log('fuzz seed', seed);

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema: Record<string, any> }[];
  body?: Record<string, any>;
  examples: unknown[];
  authenticated: boolean;
}

/** Pages outside /openapi.json; `form` bodies are what browsers send them. */
const PAGES: Omit<Operation, 'examples' | 'params' | 'authenticated'>[] = [
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/favicon.ico' },
  { method: 'GET', path: '/checkout/{linkId}' },
  { method: 'POST', path: '/checkout/{linkId}/cancel' },
  { method: 'GET', path: '/checkout/assets/{file}' },
  { method: 'GET', path: '/simulator/{token}' },
  { method: 'POST', path: '/simulator/{token}' },
  { method: 'GET', path: '/api/sessions/{key}' },
  { method: 'GET', path: '/api/sessions/{key}/poll' },
  { method: 'POST', path: '/api/sessions/{key}/card_info' },
  { method: 'POST', path: '/api/sessions/{key}/payment_options' },
  { method: 'POST', path: '/api/sessions/{key}/payment_requests/{pr}/simulate' },
  { method: 'POST', path: '/api/sessions/payment_requests' },
  { method: 'POST', path: '/api/sessions/payment_tokens' },
  { method: 'OPTIONS', path: '/api/sessions/{key}' },
  { method: 'GET', path: '/components/secure-iframe.html' },
  { method: 'GET', path: '/components/secure-iframe-v0.0.24.html' },
  { method: 'GET', path: '/components/action-complete.html' },
  { method: 'GET', path: '/components/logos/{name}' },
  { method: 'GET', path: '/sdk/{file}' },
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/dashboard' },
  { method: 'GET', path: '/dashboard/sessions/{id}' },
  { method: 'GET', path: '/dashboard/sign-in' },
  { method: 'POST', path: '/dashboard/sign-in' },
  { method: 'POST', path: '/dashboard/sign-out' },
  { method: 'POST', path: '/dashboard/switch' },
  { method: 'GET', path: '/dashboard/assets/{file}' },
  { method: 'GET', path: '/dashboard/api/sessions/{id}/payment_requests' },
  { method: 'POST', path: '/dashboard/api/payment_requests/{id}/decide' },
  { method: 'POST', path: '/dashboard/api/webhooks/endpoints/{id}/test' },
];

/**
 * Routes whose answer is a stream that ends only when the client goes: an injected request would
 * wait for it forever. test/event-stream.test.ts covers them over a real socket.
 */
const STREAMS = new Set(['/events/stream']);

function operationsOf(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<any>(doc.paths)) {
    if (STREAMS.has(path)) continue;
    for (const [method, op] of Object.entries<any>(methods)) {
      const json = op.requestBody?.content?.['application/json'];
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p: any) => p.in === 'path' || p.in === 'query'),
        body: json?.schema,
        examples: Object.values<any>(json?.examples ?? {}).map((e) => e.value),
        authenticated: true,
      });
    }
  }
  for (const page of PAGES) {
    const names = [...page.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    ops.push({ ...page, params: names.map((name) => ({ name, in: 'path', schema: { type: 'string' } })), examples: [], authenticated: false });
  }
  return ops;
}

/** Ids of objects that exist, by path parameter name, so cases reach past the lookups. */
type Known = Record<string, string[]>;

async function knownIds(t: TestApp): Promise<Known> {
  const db = t.store.db;
  const sessions = await db.selectFrom('sessions').select(['id', 'sdk_auth_key', 'link_id']).execute();
  const requests = await db.selectFrom('payment_requests').select(['id', 'sim_token']).execute();
  const column = async (table: 'payments' | 'payment_tokens' | 'refunds' | 'webhook_endpoints' | 'events' | 'businesses') => (await db.selectFrom(table).select('id').execute()).map((r) => String(r.id));
  return {
    session_id: sessions.map((s) => s.id),
    key: sessions.map((s) => s.sdk_auth_key).filter(Boolean) as string[],
    linkId: sessions.map((s) => s.link_id).filter(Boolean) as string[],
    payment_request_id: requests.map((r) => r.id),
    pr: requests.map((r) => r.id),
    token: requests.map((r) => r.sim_token).filter(Boolean) as string[],
    payment_id: await column('payments'),
    payment_token_id: await column('payment_tokens'),
    refund_id: await column('refunds'),
    endpoint_id: await column('webhook_endpoints'),
    event_id: await column('events'),
    // Not the key the cases authenticate with (the first one): revoking it would turn every later case into a 401.
    key_id: (await db.selectFrom('api_keys').select('id').orderBy('created').orderBy('id').execute()).slice(1).map((r) => r.id),
    account_id: await column('businesses'),
    file: ['lunas-components.mjs', 'checkout-0000.mjs', 'index.js'],
    name: ['VISA.svg', 'OVO.png', 'x'],
  };
}

/** Percent-encoded, lone surrogates made well-formed; `RAW:` values go into the URL as they are (%ZZ, %C0%80). */
const encode = (value: string): string => (value.startsWith('RAW:') ? value.slice(4) : encodeURIComponent(value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')));
const RAW_SEGMENTS = fc.constantFrom('RAW:%ZZ', 'RAW:%', 'RAW:%C0%80', 'RAW:%00', 'RAW:%E2%82', 'RAW:..%2F..', 'RAW:a%2Fb');

const requestOf = (ops: Operation[], known: Known, secretKey: string) =>
  fc.constantFrom(...ops).chain((op) => {
    const pathArb = fc.tuple(
      ...op.params.filter((p) => p.in === 'path').map((p) => fc.oneof(fc.constantFrom(...(known[p.name]?.length ? known[p.name]! : ['none'])), valueOf(p.schema).map(String), nastyString, RAW_SEGMENTS).map((v) => [p.name, v] as const)),
    );
    const queryArb = fc.array(
      fc.oneof(
        ...op.params.filter((p) => p.in === 'query').map((p) => fc.oneof(valueOf(p.schema), nastyString, anyJson).map((v) => [p.name, v] as const)),
        fc.tuple(fc.string({ maxLength: 10 }), nastyString),
      ),
      { maxLength: 3 },
    );
    const baseBody = op.examples.length ? fc.oneof(fc.constantFrom(...op.examples), valueOf(op.body)) : op.body ? valueOf(op.body) : fc.constant(undefined);
    const bodyArb = baseBody.chain((value) => (value === undefined ? fc.constant({ value, mutation: 'none' as const }) : mutate(value)));
    return fc.record({
      op: fc.constant(op),
      pathValues: pathArb,
      query: queryArb,
      body: bodyArb,
      encoding: fc.constantFrom('json', 'json', 'json', 'form', 'bad json', 'none', 'text', 'json+charset'),
      badText: badBodyText,
      auth: fc.constantFrom('key', 'key', 'key', 'key', 'none', 'garbage'),
      // Mostly without optional headers: a for-user-id that is not a sub-account is a 403 before anything else runs.
      headers: fc.oneof(
        { weight: 4, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: fc.record({ 'idempotency-key': nastyString, 'for-user-id': fc.oneof(nastyString, fc.constantFrom(...(known.account_id ?? ['x']))), origin: fc.constantFrom('https://example.com', 'null', 'https://evil.test') }, { requiredKeys: [] }) },
        { weight: 2, arbitrary: fc.record({ 'idempotency-key': fc.string({ minLength: 1, maxLength: 30 }) }) },
      ),
    }).map((c): InjectOptions & { label: string } => {
      let url = c.op.path;
      for (const [name, value] of c.pathValues) url = url.replace(`{${name}}`, encode(value));
      const search = new URLSearchParams();
      for (const [name, value] of c.query) search.append(name, typeof value === 'string' ? value : JSON.stringify(value) ?? '');
      const qs = search.toString().replace(/%25(?=ZZ|C0%2580)/, '%');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(c.headers)) headers[name] = encode(value as string).slice(0, 2000);
      if (c.auth === 'key' && c.op.authenticated) headers.authorization = `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
      if (c.auth === 'garbage') headers.authorization = 'Basic %%%';
      let payload: string | undefined;
      const value = c.body.value;
      const gateway = c.op.path.startsWith('/api/sessions');
      if (c.op.method !== 'GET' && c.op.method !== 'OPTIONS' && c.encoding !== 'none') {
        if (c.encoding === 'bad json') [headers['content-type'], payload] = ['application/json', c.badText];
        else if (c.encoding === 'text') [headers['content-type'], payload] = ['text/plain', c.badText];
        else if (c.encoding === 'form' || gateway || c.op.path.startsWith('/simulator') || c.op.path.startsWith('/checkout/{')) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          const form = new URLSearchParams();
          form.set('payload', expandDeep(JSON.stringify(value ?? {}) ?? ''));
          if (typeof value === 'object' && value) for (const [k, v] of Object.entries(value).slice(0, 5)) form.set(k, typeof v === 'string' ? v : JSON.stringify(v) ?? '');
          payload = form.toString();
        } else if (value !== undefined) [headers['content-type'], payload] = [c.encoding === 'json+charset' ? 'application/json; charset=utf-8' : 'application/json', expandDeep(JSON.stringify(value))];
      }
      return { method: c.op.method as InjectOptions['method'], url: qs ? `${url}?${qs}` : url, headers, payload, label: `${c.op.method} ${c.op.path} [${c.body.mutation}, ${c.encoding}, ${c.auth}]` };
    });
  });

for (const dialect of DIALECTS) {
  describe(`fuzzed requests never answer 5xx [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);
    let ops: Operation[];
    before(async () => {
      ops = operationsOf((await t.get('/openapi.json')).json());
      // Every documented example once, as a valid request, so objects exist for the cases to find.
      for (const op of ops) for (const example of op.examples) await t.request({ method: op.method as InjectOptions['method'], url: op.path.replace(/\{(\w+)\}/g, 'x'), payload: example as InjectOptions['payload'] });
      await t.post('/sessions', { reference_id: 'fuzz-link', session_type: 'PAY', mode: 'PAYMENT_LINK', amount: 10000, currency: 'IDR', country: 'ID', customer: { reference_id: 'c-1', type: 'INDIVIDUAL', email: 'a@example.com', individual_detail: { given_names: 'A' } } });
    });

    test(`${CASES} generated requests over every route (seed ${seed})`, async () => {
      const known = await knownIds(t);
      const cases = fc.sample(requestOf(ops, known, t.config.secretKey!), { seed, numRuns: CASES });
      const failures: string[] = [];
      const statuses: Record<number, number> = {};
      const started = Date.now();
      for (const [i, { label, ...options }] of cases.entries()) {
        const res = await t.app.inject(options);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        if (res.statusCode >= 500) failures.push(`#${i} ${label} ${String(options.url).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 200)}\n  payload: ${String(options.payload ?? '').slice(0, 300)}`);
      }
      console.log(`fuzz [${dialect}]: ${cases.length} cases in ${Date.now() - started} ms, ${failures.length} 5xx; statuses ${JSON.stringify(statuses)}`);
      assert.deepEqual(failures, [], `5xx answers (FUZZ_SEED=${seed}):\n${failures.slice(0, 20).join('\n')}`);
    });
  });
}
