import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTwoApps, type TestApp } from './helpers/app.ts';
import { authKeyOf, encryptedCard } from './helpers/envelope.ts';
import { createSession } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';
import { sdkKeyStore } from '../src/modules/sdk-keys/store.ts';

/**
 * Two apps on one store stand for two processes: B rotates the sdk keys and mints a session,
 * A (which loaded its keys before the rotation) must take that session's card payment and
 * serve a secure iframe that trusts B's new pinning key, without a restart.
 */
const ORIGIN = 'https://example.com';

for (const dialect of DIALECTS) {
  describe(`sdk key rotation seen by another process [${dialect}]`, () => {
    let a: TestApp;
    let b: TestApp;
    let pair: Awaited<ReturnType<typeof startTwoApps>>;
    before(async () => {
      pair = await startTwoApps(dialect);
      ({ a, b } = pair);
    });
    after(() => pair.close());

    const sdk = (t: TestApp, url: string, payload: unknown) =>
      t.request({
        method: 'POST',
        url: `${url}?components_version=v0.0.24`,
        auth: null,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      });

    test('a session minted after a pinning rotation elsewhere is paid by card here, and the iframe trusts the new pinning key', async () => {
      const rotated = await b.services.sdkKeys.rotate('pinning');
      const session = await createSession(b);
      const key = authKeyOf(session.components_sdk_key);
      const paid = await sdk(a, '/api/sessions/payment_requests', {
        session_id: key,
        channel_code: 'CARDS',
        channel_properties: await encryptedCard(session.components_sdk_key, session.payment_session_id, '4000000000001000'),
      });
      assert.equal(paid.statusCode, 200, paid.body);
      assert.equal(paid.json().status, 'SUCCEEDED');

      const page = await a.request({ method: 'GET', url: `/components/secure-iframe-v0.0.24.html?session_id=${session.payment_session_id}`, auth: null });
      assert.equal(page.statusCode, 200);
      const jwk = rotated.publicKey.export({ format: 'jwk' });
      assert.ok(page.body.includes(jwk.x!), 'the secure iframe of A trusts the pinning key B added');
      assert.ok(a.services.sdkKeys.pinningPublicKeys().some((p) => p.id === rotated.id));
    });

    if (dialect === 'postgres') {
      // Two processes started together on an empty store both add generation 1 of each kind.
      // CI once saw start-up fail with "duplicate key … sdk_keys_pkey": the conflict clause named
      // only (kind, generation), PostgreSQL settles a race only on the keys it names, and the id
      // (made of the same two) conflicted first. The race needs the inserts at the same instant,
      // so it is run many times: the old clause failed 28 of 1,200 inserts here.
      test('the same generation added by both processes at the same instant: one row, and no error', async () => {
        const existing = await a.store.db.selectFrom('sdk_keys').selectAll().where('id', '=', 'ecdh_1').executeTakeFirstOrThrow();
        try {
          for (let generation = 1000; generation < 1200; generation++) {
            const row = { ...existing, id: `ecdh_${generation}`, generation };
            const settled = await Promise.allSettled([a, b, a, b].map((t) => sdkKeyStore.insertIfAbsent(t.store.db, row)));
            const failed = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
            assert.deepEqual(failed, [], `generation ${generation}`);
          }
          const rows = await a.store.db.selectFrom('sdk_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('generation', '>=', 1000).executeTakeFirstOrThrow();
          assert.equal(Number(rows.n), 200, 'one row per generation');
        } finally {
          await a.store.db.deleteFrom('sdk_keys').where('generation', '>=', 1000).execute();
        }
      });
    }

    test('a key the store does not hold is a 4xx, never a 500, and unknown ids cannot hammer the store', async (ctx) => {
      // sessions.sdk_ecdh_key_id references sdk_keys, so a missing pair takes a damaged store: stand one in.
      const session = await createSession(a);
      const envelope = await encryptedCard(session.components_sdk_key, session.payment_session_id, '4000000000001000');
      ctx.mock.method(a.services.sdkKeys, 'find', async () => undefined);
      const res = await sdk(a, '/api/sessions/payment_requests', { session_id: authKeyOf(session.components_sdk_key), channel_code: 'CARDS', channel_properties: envelope });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error_code, 'INVALID_PAYMENT_DETAILS');
      ctx.mock.restoreAll();

      const keys = a.services.sdkKeys;
      const before = keys.reloads();
      const found = await Promise.all(Array.from({ length: 20 }, (_, i) => keys.find(`ecdh_${900 + i}`)));
      assert.deepEqual(new Set(found), new Set([undefined]));
      assert.ok(keys.reloads() - before <= 2, `20 lookups of unknown ids reloaded ${keys.reloads() - before} times`);
      // An id Lunas never makes is not even looked up.
      const garbage = keys.reloads();
      assert.equal(await keys.find("ecdh_1'; drop table sdk_keys"), undefined);
      assert.equal(await keys.find('x'.repeat(10_000)), undefined);
      assert.equal(keys.reloads(), garbage);
    });
  });
}
