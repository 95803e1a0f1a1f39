import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { authKeyOf, encryptedCard } from '../helpers/envelope.ts';
import { Resources } from '../helpers/load.ts';
import { call } from '../helpers/process.ts';
import { DIALECTS } from '../helpers/stores.ts';

/**
 * Card testing against two `lunas start` processes on one PostgreSQL: concurrent attempts on
 * one session, spread over both, are accepted at most 20 times in all (the store's count),
 * not 20 per process and per route as an in-memory limiter alone would allow.
 */
const KEY = 'xnd_development_gateway_attempts_0001';

describe('gateway attempts per session across processes', { skip: !DIALECTS.includes('postgres') && 'needs PostgreSQL' }, () => {
  const resources = new Resources();
  after(() => resources.dispose());

  test('60 concurrent card attempts on one session through two processes: at most 20 accepted', { timeout: 90_000 }, async (t) => {
    const target = await resources.target('postgres');
    const env = { LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, LUNAS_SECRET_KEY: KEY };
    const a = await resources.lunas(env);
    const b = await resources.lunas(env);
    const session = (await call(a.url, KEY, 'POST', '/sessions', FOUNDING_PAYLOAD)).body;
    const bodies = await Promise.all(
      Array.from({ length: 60 }, async () =>
        new URLSearchParams({
          payload: JSON.stringify({ session_id: authKeyOf(session.components_sdk_key), channel_code: 'CARDS', channel_properties: await encryptedCard(session.components_sdk_key, session.payment_session_id, '4000000000002503') }),
        }).toString(),
      ),
    );
    const statuses: number[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async (_, worker) => {
        while (next < bodies.length) {
          const i = next++;
          const base = (i + worker) % 2 === 0 ? a.url : b.url;
          const res = await fetch(`${base}/api/sessions/payment_requests?components_version=v0.0.24`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: bodies[i] });
          await res.arrayBuffer();
          statuses.push(res.status);
        }
      }),
    );
    const accepted = statuses.filter((s) => s === 200).length;
    t.diagnostic(`answers: ${accepted} accepted, ${statuses.filter((s) => s === 429).length} rate limited, others ${JSON.stringify(statuses.filter((s) => s !== 200 && s !== 429))}`);
    assert.deepEqual(statuses.filter((s) => s !== 200 && s !== 429), [], 'only accepted or rate limited');
    assert.equal(accepted, 20, 'the cap holds across both processes');
    const attempts = (await call(b.url, KEY, 'GET', `/sessions/${session.payment_session_id}`)).body;
    assert.equal(attempts.status, 'ACTIVE');
  });
});
