import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FOUNDING_PAYLOAD, startTestApp } from './helpers/app.ts';
import { attempt, card, createSession, decide, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Hosted checkout link ids and simulator tokens are bearer secrets (whoever holds one can pay,
 * cancel or decide a payment): the request lines of both log formats must not carry them.
 */
const URLS = { success_return_url: 'https://shop.example/thanks', cancel_return_url: 'https://shop.example/cart' };

for (const dialect of DIALECTS) {
  describe(`request logs redact bearer path segments [${dialect}]`, () => {
    for (const format of ['json', 'pretty'] as const) {
      test(`${format}: after a checkout page, its cancel and a simulator page, no line holds the link id or the token`, async () => {
        const t = await startTestApp(dialect, { LUNAS_LOG_FORMAT: format });
        try {
          const linked = await t.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), components_configuration: undefined, mode: 'PAYMENT_LINK', ...URLS });
          assert.equal(linked.statusCode, 201, linked.body);
          const linkPath = new URL(linked.json().payment_link_url).pathname;
          const linkId = linkPath.split('/')[2]!;
          assert.equal((await t.request({ method: 'GET', url: linkPath, auth: null })).statusCode, 200);
          await t.request({ method: 'GET', url: `${linkPath}?lang=en`, auth: null });

          const session = await createSession(t);
          const pending = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001091') });
          const simulator = webUrl(pending);
          const token = new URL(simulator).pathname.split('/')[2]!;
          assert.equal((await t.request({ method: 'GET', url: new URL(simulator).pathname, auth: null })).statusCode, 200);
          assert.ok((await decide(t, simulator, { decision: 'decline' })).statusCode < 500);
          assert.ok((await t.request({ method: 'POST', url: `${linkPath}/cancel`, auth: null, headers: { origin: 'https://lunas.test' } })).statusCode < 500);

          assert.ok(t.logs.some((line) => line.includes('/checkout/[redacted]')), `a checkout request line:\n${t.logs.join('\n')}`);
          assert.ok(t.logs.some((line) => line.includes('/simulator/[redacted]')), 'a simulator request line');
          const leaking = t.logs.filter((line) => line.includes(linkId) || line.includes(token));
          assert.deepEqual(leaking, [], 'log lines carrying a link id or a simulator token');
        } finally {
          await t.close();
        }
      });
    }
  });
}
