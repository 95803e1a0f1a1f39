import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { countRows, FOUNDING_PAYLOAD, startTwoApps, type TestApp } from './helpers/app.ts';
import { anyJson, nastyString } from './helpers/fuzz.ts';
import { authKeyOf } from './helpers/envelope.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

/** Xendit's Customers API (modules/customers): shape, errors, tenancy, and use in sessions and payment requests. */
const budi = (referenceId: string) => ({
  reference_id: referenceId,
  type: 'INDIVIDUAL',
  individual_detail: { given_names: 'Budi', surname: 'Santoso' },
  email: 'budi@example.com',
  mobile_number: '+628123456789',
});

const XENDIT_FIELDS = [
  'id', 'reference_id', 'type', 'individual_detail', 'business_detail', 'email', 'mobile_number', 'phone_number', 'hashed_phone_number',
  'addresses', 'identity_accounts', 'kyc_documents', 'description', 'date_of_registration', 'domicile_of_registration', 'metadata', 'created', 'updated',
];

async function create(t: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Record<string, any>> {
  const res = await t.post('/customers', body, headers);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const patch = (t: TestApp, id: string, body: unknown, headers: Record<string, string> = {}) => t.request({ method: 'PATCH', url: `/customers/${id}`, payload: body as object, headers });

async function gatewayCustomer(t: TestApp, session: { components_sdk_key: string }): Promise<Record<string, any>> {
  const res = await t.request({ method: 'GET', url: `/api/sessions/${authKeyOf(session.components_sdk_key)}?components_version=v0.0.24`, auth: null, headers: { origin: 'https://example.com' } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().customer;
}

for (const dialect of DIALECTS) {
  describe(`Customers API [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test("create answers Xendit's customer object: every field, cust- id, addresses in the reference's spelling", async () => {
      const body = await create(t, { ...budi('c-create'), addresses: [{ country_code: 'ID', line_1: 'Jl. Sudirman 1', city: 'Jakarta' }], metadata: { tier: 'gold' }, unknown_field: 'ignored' });
      assert.deepEqual(Object.keys(body).sort(), [...XENDIT_FIELDS].sort());
      assert.match(body.id, /^cust-[0-9a-f-]{36}$/);
      assert.equal(body.type, 'INDIVIDUAL');
      assert.deepEqual(body.individual_detail, { given_names: 'Budi', surname: 'Santoso' });
      assert.equal(body.business_detail, null);
      assert.deepEqual(body.addresses, [{ country: 'ID', street_line1: 'Jl. Sudirman 1', street_line2: null, city: 'Jakarta', province_state: null, postal_code: null, category: null, is_primary: null }]);
      assert.deepEqual(body.identity_accounts, []);
      assert.deepEqual(body.kyc_documents, []);
      assert.deepEqual(body.metadata, { tier: 'gold' });
      assert.equal(body.created, t.clock.now().toISOString());
      assert.deepEqual((await t.get(`/customers/${body.id}`)).json(), body);
    });

    test('a BUSINESS customer has business_detail and no individual_detail', async () => {
      const body = await create(t, { reference_id: 'c-biz', type: 'BUSINESS', business_detail: { business_name: 'Toko Kopi', business_type: 'SOLE_PROPRIETOR' }, date_of_registration: '2019-04-01', domicile_of_registration: 'ID' });
      assert.equal(body.individual_detail, null);
      assert.deepEqual(body.business_detail, { business_name: 'Toko Kopi', business_type: 'SOLE_PROPRIETOR' });
      assert.equal(body.domicile_of_registration, 'ID');
      const wrong = await t.post('/customers', { reference_id: 'c-biz-2', type: 'BUSINESS', individual_detail: { given_names: 'X' } });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().error_code, 'API_VALIDATION_ERROR');
    });

    test("GET /customers?reference_id= answers Xendit's list shape, empty for an unknown reference", async () => {
      const made = await create(t, budi('c-list'));
      assert.deepEqual((await t.get('/customers?reference_id=c-list')).json(), { data: [made], has_more: false });
      assert.deepEqual((await t.get('/customers?reference_id=nobody')).json(), { data: [], has_more: false });
      const missing = await t.get('/customers');
      assert.equal(missing.statusCode, 400);
      assert.equal(missing.json().error_code, 'API_VALIDATION_ERROR');
    });

    test('a reused reference_id is 409 DUPLICATE_ERROR and writes nothing', async () => {
      await create(t, budi('c-dup'));
      const before = await countRows(t);
      const again = await t.post('/customers', { ...budi('c-dup'), email: 'other@example.com' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().error_code, 'DUPLICATE_ERROR');
      assert.deepEqual(await countRows(t), before);
      assert.equal((await t.get('/customers?reference_id=c-dup')).json().data[0].email, 'budi@example.com');
    });

    test('PATCH replaces the fields sent, null removes, the rest stays; reference_id and type cannot change', async () => {
      const made = await create(t, { ...budi('c-patch'), description: 'first', metadata: { a: 1 } });
      t.clock.advance(60_000);
      const res = await patch(t, made.id, { email: 'new@example.com', description: null, individual_detail: { given_names: 'Budiman' }, reference_id: 'c-patch' });
      assert.equal(res.statusCode, 200, res.body);
      const patched = res.json();
      assert.equal(patched.email, 'new@example.com');
      assert.equal(patched.description, null);
      assert.deepEqual(patched.individual_detail, { given_names: 'Budiman' });
      assert.deepEqual(patched.metadata, { a: 1 });
      assert.equal(patched.mobile_number, '+628123456789');
      assert.equal(patched.created, made.created);
      assert.equal(patched.updated, t.clock.now().toISOString());
      assert.deepEqual((await t.get(`/customers/${made.id}`)).json(), patched);
      for (const body of [{ reference_id: 'c-other' }, { type: 'BUSINESS' }, { individual_detail: null }, { business_detail: { business_name: 'X' } }]) {
        const refused = await patch(t, made.id, body);
        assert.equal(refused.statusCode, 400, JSON.stringify(body));
        assert.equal(refused.json().error_code, 'API_VALIDATION_ERROR');
      }
      assert.deepEqual((await t.get(`/customers/${made.id}`)).json(), patched);
    });

    test('unknown ids are 404 DATA_NOT_FOUND on GET and PATCH', async () => {
      for (const res of [await t.get('/customers/cust-00000000-0000-4000-8000-000000000000'), await t.get('/customers/whatever'), await patch(t, 'cust-00000000-0000-4000-8000-000000000000', { email: 'a@b.co' })]) {
        assert.equal(res.statusCode, 404, res.body);
        assert.equal(res.json().error_code, 'DATA_NOT_FOUND');
      }
    });

    test("for-user-id: a sub-account's customers are its own; the parent reaches them only with the header", async () => {
      const account = await t.post('/v2/accounts', { email: 'sub-customers@example.com', type: 'OWNED', public_profile: { business_name: 'Sub' } });
      assert.equal(account.statusCode, 201, account.body);
      const sub = { 'for-user-id': account.json().id as string };
      const theirs = await create(t, budi('c-shared-ref'), sub);
      // The same reference is free in another business.
      const mine = await create(t, budi('c-shared-ref'));
      assert.notEqual(mine.id, theirs.id);
      assert.equal((await t.get(`/customers/${theirs.id}`)).statusCode, 404);
      assert.equal((await patch(t, theirs.id, { email: 'x@example.com' })).statusCode, 404);
      assert.equal((await t.get(`/customers/${theirs.id}`, sub)).json().id, theirs.id);
      assert.equal((await t.get('/customers?reference_id=c-shared-ref', sub)).json().data[0].id, theirs.id);
      assert.equal((await t.get('/customers?reference_id=c-shared-ref')).json().data[0].id, mine.id);
      const session = await t.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), customer: undefined, customer_id: theirs.id, reference_id: 'order-sub' });
      assert.equal(session.statusCode, 404, session.body);
      assert.equal(session.json().error_code, 'DATA_NOT_FOUND');
    });

    test('customer_id from POST /customers works in sessions and payment requests; the gateway shows its current data', async () => {
      const made = await create(t, budi('c-use'));
      const session = await t.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), customer: undefined, customer_id: made.id, reference_id: 'order-cust' });
      assert.equal(session.statusCode, 201, session.body);
      assert.equal(session.json().customer_id, made.id);
      assert.equal((await gatewayCustomer(t, session.json())).individual_detail.given_names, 'Budi');
      await patch(t, made.id, { individual_detail: { given_names: 'Budiman', surname: 'S' }, phone_number: '+62215550100' });
      const shown = await gatewayCustomer(t, session.json());
      assert.deepEqual(shown.individual_detail, { given_names: 'Budiman', surname: 'S' });
      assert.equal(shown.phone_number, '+62215550100');

      const request = await t.post('/v3/payment_requests', { reference_id: 'order-cust-pr', type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 150000, channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'Budi' }, customer_id: made.id });
      assert.equal(request.statusCode, 201, request.body);
      assert.equal(request.json().customer_id, made.id);
      // An inline customer with the same reference_id is that customer, not a new one.
      const inline = await t.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), customer: { ...FOUNDING_PAYLOAD.customer, reference_id: 'c-use' }, reference_id: 'order-inline' });
      assert.equal(inline.json().customer_id, made.id);
    });

    test('/openapi.json lists the four routes, and its create examples are accepted as they are', async () => {
      const doc = (await t.request({ method: 'GET', url: '/openapi.json', auth: null })).json();
      assert.deepEqual(Object.keys(doc.paths['/customers']).sort(), ['get', 'post']);
      assert.deepEqual(Object.keys(doc.paths['/customers/{id}']).sort(), ['get', 'patch']);
      assert.ok(doc.components.schemas.CustomerOut);
      // One example is published as `example`, several as `examples` (as test/openapi.test.ts reads them).
      const examplesOf = (media: { example?: unknown; examples?: Record<string, { value: unknown }> }) => [...(media.example === undefined ? [] : [media.example]), ...Object.values(media.examples ?? {}).map((e) => e.value)];
      const examples = examplesOf(doc.paths['/customers'].post.requestBody.content['application/json']);
      assert.ok(examples.length >= 2);
      for (const value of examples) await create(t, value as Record<string, unknown>);
      const [patchExample] = examplesOf(doc.paths['/customers/{id}'].patch.requestBody.content['application/json']);
      const made = (await t.get('/customers?reference_id=customer-5001')).json().data[0];
      assert.equal((await patch(t, made.id, patchExample)).statusCode, 200);
    });

    test('random bodies never answer 5xx and a refused one writes nothing', async () => {
      const target = await create(t, budi('c-fuzz'));
      const field = fc.constantFrom('reference_id', 'type', 'individual_detail', 'business_detail', 'email', 'mobile_number', 'phone_number', 'addresses', 'identity_accounts', 'kyc_documents', 'description', 'date_of_registration', 'metadata');
      const mutation = fc.dictionary(field, fc.oneof(anyJson, nastyString), { maxKeys: 4 });
      await fc.assert(
        fc.asyncProperty(fc.boolean(), fc.oneof(mutation.map((m) => ({ ...budi('c-fuzz-new'), ...m })), anyJson), async (isPatch, body) => {
          const before = await countRows(t);
          const stored = (await t.get(`/customers/${target.id}`)).body;
          const res = isPatch ? await patch(t, target.id, body) : await t.post('/customers', body);
          assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body} for ${JSON.stringify(body)}`);
          if (res.statusCode >= 400) {
            assert.equal(typeof res.json().error_code, 'string');
            assert.deepEqual(await countRows(t), before);
            assert.equal((await t.get(`/customers/${target.id}`)).body, stored);
          } else if (!isPatch) {
            // Accepted: undo it, so the next case may use the same reference.
            await t.store.db.deleteFrom('customers').where('id', '=', res.json().id).execute();
          }
        }),
        { numRuns: 150, seed: 20261207 },
      );
    });
  });
}

describe('the per-process customer cache across two processes [postgres]', () => {
  test('one patches, the other (which cached the customer) creates a session and shows the new data', async () => {
    const { a, b, close } = await startTwoApps('postgres');
    try {
      const made = await create(a, budi('c-two'));
      const session = (body: Record<string, unknown>) => b.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), customer: undefined, ...body });
      // b caches "c-two is made.id" and "made.id exists".
      assert.equal((await session({ customer_id: made.id, reference_id: 'two-1' })).statusCode, 201);
      assert.equal((await b.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), customer: { ...FOUNDING_PAYLOAD.customer, reference_id: 'c-two' }, reference_id: 'two-2' })).json().customer_id, made.id);
      const patched = await patch(a, made.id, { individual_detail: { given_names: 'Patched' }, email: 'patched@example.com', reference_id: 'c-two' });
      assert.equal(patched.statusCode, 200, patched.body);
      const after = await session({ customer_id: made.id, reference_id: 'two-3' });
      assert.equal(after.statusCode, 201, after.body);
      assert.equal(after.json().customer_id, made.id);
      assert.equal((await gatewayCustomer(b, after.json())).individual_detail.given_names, 'Patched');
      assert.equal((await b.get(`/customers/${made.id}`)).json().email, 'patched@example.com');
    } finally {
      await close();
    }
  });
});
