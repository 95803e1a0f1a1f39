import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countRows, FOUNDING_PAYLOAD } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

for (const dialect of DIALECTS) {
  describe(`Idempotency-Key (extension) [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('same key + same body replays the stored response and creates nothing', async () => {
      const first = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'replay-1' });
      assert.equal(first.statusCode, 201);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const before = await countRows(t);
      t.clock.advance(5000);
      const second = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'replay-1' });
      assert.equal(second.statusCode, 201);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.match(String(second.headers['content-type']), /^application\/json/);
      assert.deepEqual(second.json(), first.json());
      assert.deepEqual(await countRows(t), before);
    });

    test('same key + another body is 409 IDEMPOTENCY_ERROR', async () => {
      await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'mismatch-1' });
      const before = await countRows(t);
      const res = await t.post('/sessions', { ...FOUNDING_PAYLOAD, amount: 20000 }, { 'idempotency-key': 'mismatch-1' });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().error_code, 'IDEMPOTENCY_ERROR');
      assert.deepEqual(await countRows(t), before);
    });

    test('keys are per business: another business may use the same key', async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Other' });
      const mine = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'shared-key' });
      const theirs = await t.request({ method: 'POST', url: '/sessions', payload: FOUNDING_PAYLOAD, auth: other.secretKey, headers: { 'idempotency-key': 'shared-key' } });
      assert.equal(theirs.statusCode, 201);
      assert.notEqual(theirs.json().payment_session_id, mine.json().payment_session_id);
    });

    test('a failed request frees its key, so the corrected request succeeds with it', async () => {
      const before = await countRows(t);
      const bad = await t.post('/sessions', { ...FOUNDING_PAYLOAD, currency: 'EUR' }, { 'idempotency-key': 'fix-and-retry' });
      assert.equal(bad.statusCode, 400);
      // The claim is released once the answer has gone out (onResponse), so it may trail the answer briefly.
      const until = Date.now() + 2000;
      while (Date.now() < until && (await countRows(t)).idempotency_keys !== before.idempotency_keys) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(await countRows(t), before, 'an error writes nothing, not even the key');
      const good = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'fix-and-retry' });
      assert.equal(good.statusCode, 201);
    });

    test('a request still in flight with that key is 409; a claim abandoned by a dead process is taken over', async () => {
      // The claim a crashed process left behind for this very request (same hash as replay-1's body).
      const { request_hash } = await t.store.db.selectFrom('idempotency_keys').select('request_hash').where('key', '=', 'replay-1').executeTakeFirstOrThrow();
      const now = t.clock.now();
      await t.store.db
        .insertInto('idempotency_keys')
        .values({ business_id: t.businessId, key: 'in-flight', request_hash, state: 'IN_FLIGHT', response_status: null, response_body: null, created: now.toISOString(), locked_until: new Date(now.getTime() + 60_000).toISOString() })
        .execute();
      const busy = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'in-flight' });
      assert.equal(busy.statusCode, 409);
      assert.match(busy.json().message, /still being processed/);
      const otherBody = await t.post('/sessions', { ...FOUNDING_PAYLOAD, amount: 5000 }, { 'idempotency-key': 'in-flight' });
      assert.match(otherBody.json().message, /different request body/);
      t.clock.advance(61_000);
      const taken = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'in-flight' });
      assert.equal(taken.statusCode, 201, taken.body);
      assert.equal((await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'in-flight' })).headers['idempotent-replayed'], 'true');
    });

    test('cancel is idempotent too: a replay answers 200 instead of 422', async () => {
      const created = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      const first = await t.post(`/sessions/${created.payment_session_id}/cancel`, undefined, { 'idempotency-key': 'cancel-1' });
      const second = await t.post(`/sessions/${created.payment_session_id}/cancel`, undefined, { 'idempotency-key': 'cancel-1' });
      assert.equal(first.statusCode, 200);
      assert.equal(second.statusCode, 200);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.equal((await t.post(`/sessions/${created.payment_session_id}/cancel`)).statusCode, 422);
    });

    test('records are kept 24 hours, then the key is free again', async () => {
      const first = (await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'day-old' })).json();
      t.clock.advance(23 * 60 * 60 * 1000);
      assert.equal((await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'day-old' })).json().payment_session_id, first.payment_session_id);
      t.clock.advance(2 * 60 * 60 * 1000);
      const fresh = (await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'day-old' })).json();
      assert.notEqual(fresh.payment_session_id, first.payment_session_id);
    });

    test('an unusable key is a 400', async () => {
      const res = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'x'.repeat(256) });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error_code, 'API_VALIDATION_ERROR');
    });

    test('50 parallel creates with one key make exactly one session', async () => {
      const before = await countRows(t);
      const responses = await Promise.all(Array.from({ length: 50 }, () => t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'race-50' })));
      const after = await countRows(t);
      assert.equal(after.sessions, before.sessions + 1);
      const created = responses.filter((r) => r.statusCode === 201);
      const others = responses.filter((r) => r.statusCode !== 201);
      assert.ok(created.length >= 1);
      assert.equal(new Set(created.map((r) => r.json().payment_session_id)).size, 1, 'every 201 names the same session');
      for (const r of others) {
        assert.equal(r.statusCode, 409, r.body);
        assert.equal(r.json().error_code, 'IDEMPOTENCY_ERROR');
      }
      // Once settled, every retry replays.
      const retry = await t.post('/sessions', FOUNDING_PAYLOAD, { 'idempotency-key': 'race-50' });
      assert.equal(retry.json().payment_session_id, created[0]!.json().payment_session_id);
    });

    test('50 parallel creates for one new customer reference make one customer', async () => {
      const before = await countRows(t);
      const customer = { ...FOUNDING_PAYLOAD.customer, reference_id: 'race-customer' };
      const responses = await Promise.all(Array.from({ length: 50 }, () => t.post('/sessions', { ...FOUNDING_PAYLOAD, customer })));
      for (const r of responses) assert.equal(r.statusCode, 201, r.body);
      assert.equal(new Set(responses.map((r) => r.json().customer_id)).size, 1);
      const after = await countRows(t);
      assert.equal(after.customers, before.customers + 1);
      assert.equal(after.sessions, before.sessions + 50);
    });
  });
}
