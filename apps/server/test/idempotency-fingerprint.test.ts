import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { startTestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { card } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * The Idempotency-Key record of a card payment must not let anyone holding the store recover the
 * card: its request fingerprint is an HMAC under a master-key-derived key, and its stored reply
 * is the masked view.
 */
const PAN = '4000000000001091';
const OTHER_PAN = '4000000000001000';
const CVN = '739';
const body = (number: string, reference = 'fp-1') => ({ reference_id: reference, country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'CARDS', channel_properties: card(number, CVN) });
const legacySha256 = (url: string, payload: unknown) => createHash('sha256').update(`POST ${url}\n${JSON.stringify(payload)}`).digest('hex');

for (const dialect of DIALECTS) {
  describe(`Idempotency-Key fingerprints are keyed [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    const record = (key: string) => t.store.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirstOrThrow();

    test('a card payment: the record holds an hmac1 fingerprint, not sha256(body), and neither the PAN nor the CVN', async () => {
      const first = await t.post('/v3/payment_requests', body(PAN), { 'idempotency-key': 'card-fp-1' });
      assert.equal(first.statusCode, 201, first.body);
      const stored = await record('card-fp-1');
      assert.match(stored.request_hash, /^hmac1:[0-9a-f]{64}$/);
      const plain = legacySha256('/v3/payment_requests', body(PAN));
      assert.notEqual(stored.request_hash, plain);
      const text = JSON.stringify(stored);
      assert.ok(!text.includes(plain), 'an unkeyed hash of the body is stored');
      assert.ok(!text.includes(PAN), 'the PAN is in the record');
      assert.ok(!text.includes(`"${CVN}"`) && !text.includes('"cvn"'), 'the CVN is in the record');
      assert.ok(text.includes('400000XXXXXX1091'), 'the reply is the masked view');
    });

    test('same key + same body replays; same key + another card number is 409', async () => {
      const first = await t.post('/v3/payment_requests', body(PAN, 'fp-2'), { 'idempotency-key': 'card-fp-2' });
      assert.equal(first.statusCode, 201, first.body);
      const replay = await t.post('/v3/payment_requests', body(PAN, 'fp-2'), { 'idempotency-key': 'card-fp-2' });
      assert.equal(replay.statusCode, 201);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.json().payment_request_id, first.json().payment_request_id);
      const other = await t.post('/v3/payment_requests', { ...body(PAN, 'fp-2'), channel_properties: card(OTHER_PAN, CVN) }, { 'idempotency-key': 'card-fp-2' });
      assert.equal(other.statusCode, 409, other.body);
      assert.equal(other.json().error_code, 'IDEMPOTENCY_ERROR');
      const otherCvn = await t.post('/v3/payment_requests', { ...body(PAN, 'fp-2'), channel_properties: card(PAN, '740') }, { 'idempotency-key': 'card-fp-2' });
      assert.equal(otherCvn.statusCode, 409, 'the CVN is part of the fingerprint too');
    });

    test('the fingerprint depends on the master key: another store key, another fingerprint', async () => {
      const other = await startTestApp(dialect, { LUNAS_MASTER_KEY: '22'.repeat(32) });
      try {
        await other.post('/v3/payment_requests', body(PAN), { 'idempotency-key': 'card-fp-1' });
        const theirs = await other.store.db.selectFrom('idempotency_keys').select('request_hash').where('key', '=', 'card-fp-1').executeTakeFirstOrThrow();
        assert.match(theirs.request_hash, /^hmac1:/);
        assert.notEqual(theirs.request_hash, (await record('card-fp-1')).request_hash);
      } finally {
        await other.close();
      }
    });

    test('a record from before (bare sha256) still replays its own request and refuses another, with no 500', async () => {
      const payload = { reference_id: 'legacy-1', session_type: 'PAY', mode: 'COMPONENTS', amount: 10000, currency: 'IDR', country: 'ID', customer: { reference_id: 'legacy-cust', type: 'INDIVIDUAL', email: 'a@b.co', individual_detail: { given_names: 'Old' } }, components_configuration: { origins: ['https://example.com'] } };
      const created = await t.post('/sessions', payload);
      assert.equal(created.statusCode, 201, created.body);
      const now = t.clock.now().toISOString();
      await t.store.db
        .insertInto('idempotency_keys')
        .values({ business_id: t.businessId, key: 'legacy-key', request_hash: legacySha256('/sessions', payload), state: 'DONE', response_status: 201, response_body: created.body, created: now, locked_until: now })
        .execute();
      const replay = await t.post('/sessions', payload, { 'idempotency-key': 'legacy-key' });
      assert.equal(replay.statusCode, 201, replay.body);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.json().payment_session_id, created.json().payment_session_id);
      const another = await t.post('/sessions', { ...payload, amount: 20000 }, { 'idempotency-key': 'legacy-key' });
      assert.equal(another.statusCode, 409, another.body);

      // An abandoned old claim is taken over, and loses its unkeyed hash on the way.
      const past = new Date(t.clock.now().getTime() - 120_000).toISOString();
      const retried = { ...payload, reference_id: 'legacy-2' };
      await t.store.db
        .insertInto('idempotency_keys')
        .values({ business_id: t.businessId, key: 'legacy-claim', request_hash: legacySha256('/sessions', retried), state: 'IN_FLIGHT', response_status: null, response_body: null, created: past, locked_until: past })
        .execute();
      const takenOver = await t.post('/sessions', retried, { 'idempotency-key': 'legacy-claim' });
      assert.equal(takenOver.statusCode, 201, takenOver.body);
      assert.match((await record('legacy-claim')).request_hash, /^hmac1:/);
    });
  });
}
