import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DIALECTS } from '../helpers/stores.ts';
import { Resources, listAllEvents, sleep, startLoad, waitUntilAllDelivered, webhookId, type Paid } from '../helpers/load.ts';

/**
 * Chaos (a): SIGKILL under load, several rounds, with a webhook ledger. Each round starts a
 * `lunas start` process on one PostgreSQL, pays sessions from a few loops, and kills it with
 * SIGKILL at a random moment. At the end, every payment the server acknowledged (201
 * SUCCEEDED) must have had its `payment.capture` and `payment_session.completed` webhooks
 * delivered at least once. A killed process's deliveries stay leased for at most 6 s after its
 * last heartbeat (webhooks/lease-heartbeat.ts), so the last process takes them over within
 * seconds of starting.
 */
const KEY = 'xnd_development_chaos_sigkill_0001';
const ROUNDS = Number(process.env.LUNAS_CHAOS_ROUNDS ?? 4);

describe('chaos: SIGKILL under load, webhook ledger', { skip: !DIALECTS.includes('postgres') && 'needs PostgreSQL' }, () => {
  const resources = new Resources();
  after(() => resources.dispose());

  test(`${ROUNDS} rounds of pay, SIGKILL at a random moment, restart: every acknowledged payment's webhooks are delivered`, { timeout: 150_000 }, async (t) => {
    const started = Date.now();
    const target = await resources.target('postgres');
    const receiver = await resources.receiver();
    receiver.respond = async () => {
      await sleep(Math.random() * 30);
      return { status: 200 };
    };
    const env = {
      LUNAS_DATA_DIR: target.dataDir,
      DATABASE_URL: target.databaseUrl,
      LUNAS_SECRET_KEY: KEY,
      LUNAS_WEBHOOK_URL: receiver.url,
      LUNAS_CALLBACK_TOKEN: 'chaos-callback-token-0001',
      LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s,8s',
      LUNAS_WEBHOOK_TIMEOUT_MS: '1000',
    };
    const acknowledged: Paid[] = [];
    let interrupted = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const p = await resources.lunas(env);
      const load = startLoad(p.url, KEY, 3);
      const killAfter = 300 + Math.floor(Math.random() * 2500);
      await sleep(killAfter);
      await p.stop('SIGKILL');
      await load.stop();
      assert.deepEqual(load.failures, [], `round ${round}: no request failed while the server was up`);
      acknowledged.push(...load.acknowledged);
      interrupted += load.interrupted.length;
      t.diagnostic(`round ${round}: killed after ${killAfter} ms, ${load.acknowledged.length} payments acknowledged, ${load.interrupted.length} requests cut`);
    }
    assert.ok(acknowledged.length > 0, 'some payments were acknowledged');

    const last = await resources.lunas(env);
    const events = await waitUntilAllDelivered(last.url, KEY, receiver.received, 75_000);
    const delivered = new Set(receiver.received.map(webhookId));
    const idOf = new Map(events.map((e) => [`${e.event} ${e.subject_id}`, e.id]));
    const undelivered = acknowledged.flatMap((p) =>
      [`payment.capture ${p.paymentId}`, `payment_session.completed ${p.sessionId}`].filter((wanted) => !delivered.has(idOf.get(wanted) ?? '(never committed)')),
    );
    assert.deepEqual(undelivered, [], `webhooks of acknowledged payments never delivered (of ${acknowledged.length} payments)`);
    const all = await listAllEvents(last.url, KEY);
    t.diagnostic(
      `${ROUNDS} kills: ${acknowledged.length} payments acknowledged, ${interrupted} requests cut, ${all.length} events committed, ` +
        `${receiver.received.length} receipts (${receiver.received.length - delivered.size} duplicates); took ${Date.now() - started} ms`,
    );
  });
});
