import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTwoApps, type TestApp } from './helpers/app.ts';
import { authKeyOf, encryptedCard } from './helpers/envelope.ts';
import { createSession } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';
import { countGatewayAttempt } from '../src/modules/gateway/attempts.ts';

/**
 * The cap on a session's payment attempts is counted in the store: two apps on one store
 * stand for two processes, each with its own in-memory rate limiter, and together they still
 * accept at most 20 attempts for one session in its 10-minute window.
 */
const DECLINED = '4000000000002503';

for (const dialect of DIALECTS) {
  describe(`gateway payment attempts per session, across processes [${dialect}]`, () => {
    let a: TestApp;
    let b: TestApp;
    let pair: Awaited<ReturnType<typeof startTwoApps>>;
    before(async () => {
      pair = await startTwoApps(dialect);
      ({ a, b } = pair);
    });
    after(() => pair.close());

    const pay = async (t: TestApp, session: Record<string, any>) =>
      t.request({
        method: 'POST',
        url: '/api/sessions/payment_requests?components_version=v0.0.24',
        auth: null,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          payload: JSON.stringify({ session_id: authKeyOf(session.components_sdk_key), channel_code: 'CARDS', channel_properties: await encryptedCard(session.components_sdk_key, session.payment_session_id, DECLINED) }),
        }).toString(),
      });

    test('30 attempts spread over two processes: at most 20 accepted, then 429, each refusal logged with its session', async () => {
      const session = await createSession(a);
      const answers = [];
      for (let i = 0; i < 30; i++) answers.push(await pay(i % 2 === 0 ? a : b, session));
      const accepted = answers.filter((r) => r.statusCode === 200).length;
      const limited = answers.filter((r) => r.statusCode === 429);
      assert.equal(accepted, 20, `accepted ${accepted} of 30: ${answers.map((r) => r.statusCode).join(',')}`);
      assert.equal(limited.length, 10);
      assert.equal(limited[0]!.json().error_code, 'RATE_LIMIT_EXCEEDED');
      assert.ok(a.logs.concat(b.logs).some((line) => line.includes('Too many payment attempts') && line.includes(session.payment_session_id)), 'the refusal is logged with the session');

      // Another session has its own count.
      assert.equal((await pay(b, await createSession(b))).statusCode, 200);
      const row = await a.store.db.selectFrom('gateway_attempts').selectAll().where('session_id', '=', session.payment_session_id).executeTakeFirstOrThrow();
      assert.equal(Number(row.attempts), 30, 'every attempt was counted, refused ones too');
    });

    test('the window is fixed: it starts at the first attempt and a new one starts once it has passed', async () => {
      const start = new Date('2026-03-01T08:00:00.000Z');
      const at = (ms: number) => new Date(start.getTime() + ms);
      const WINDOW = 10 * 60_000;
      assert.equal(await countGatewayAttempt(a.store.db, 'ps-window', at(0), WINDOW), 1);
      assert.equal(await countGatewayAttempt(b.store.db, 'ps-window', at(1000), WINDOW), 2);
      assert.equal(await countGatewayAttempt(a.store.db, 'ps-window', at(WINDOW - 1), WINDOW), 3);
      assert.equal(await countGatewayAttempt(b.store.db, 'ps-window', at(WINDOW), WINDOW), 1, 'a new window');
      assert.equal(await countGatewayAttempt(a.store.db, 'ps-window', at(WINDOW + 5), WINDOW), 2);
    });
  });
}
