import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { LEASE_MS } from '../../src/modules/webhooks/lease-heartbeat.ts';
import { call } from '../helpers/process.ts';
import type { Received } from '../helpers/receiver.ts';
import { DIALECTS } from '../helpers/stores.ts';
import {
  Resources,
  deliveryReport,
  describeEvents,
  listAllEvents,
  payMany,
  sleep,
  startAttributingReceiver,
  startLoad,
  waitUntil,
  waitUntilAllDelivered,
  webhookId,
  type EventOut,
} from '../helpers/load.ts';

/**
 * The webhook guarantees, proven on real `lunas start` processes killed with SIGKILL:
 * every committed event reaches the receiver at least once whatever dies when, a duplicate
 * is the same webhook (same webhook-id, type and data), several processes on one PostgreSQL
 * share the work without sending anything twice, and the dispatcher runs alone (worker role).
 *
 * Timing: a live process renews its leases with a heartbeat (webhooks/lease-heartbeat.ts) and a
 * lease lasts LEASE_MS, so the restarted process takes a dead one's deliveries over about LEASE_MS
 * after the kill, plus its own start (the in-flight test measures it and asserts under TAKEOVER_LIMIT_MS, room for a
 * loaded 2-core machine). The crash tests run side by side, each on its own store.
 */

const KEY = 'xnd_development_webhooks_crash_0001';
const TOKEN = 'callback-token-webhooks-crash-0001';
/**
 * The webhook timeout of the in-flight crash test: its receiver holds some requests until the
 * kill, which must come before they time out (a timed-out attempt is recorded and retried, so
 * the next event of the session would go out). 3 s leaves room on a loaded machine; 1 s does not.
 */
const CRASH_TIMEOUT_MS = 3000;
/**
 * Where nothing is killed, "exactly once" is checked: a generous timeout, so a busy machine
 * cannot turn a slow answer into a timeout and a (legitimate, at-least-once) second send.
 */
const NO_CRASH_TIMEOUT_MS = 10_000;
/** A killed process's leases run out within LEASE_MS of its last heartbeat: allow that, plus the catch-up. */
const AFTER_RESTART_MS = LEASE_MS + 30_000;
/** From the kill to the first in-flight delivery the restarted process sends again (LEASE_MS, the restart, its queue). */
const TAKEOVER_LIMIT_MS = 15_000;

const storeEnv = (target: { dataDir: string; databaseUrl: string | undefined }, webhookUrl: string, timeoutMs = 1000) => ({
  LUNAS_DATA_DIR: target.dataDir,
  DATABASE_URL: target.databaseUrl,
  LUNAS_SECRET_KEY: KEY,
  LUNAS_WEBHOOK_URL: webhookUrl,
  LUNAS_CALLBACK_TOKEN: TOKEN,
  LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s',
  LUNAS_WEBHOOK_TIMEOUT_MS: String(timeoutMs),
});

/** Every receipt is the committed event its webhook-id names: same type, same business, same data. */
function assertConsistent(events: EventOut[], received: Pick<Received, 'headers' | 'json'>[]) {
  const report = deliveryReport(events, received);
  assert.deepEqual(report.unknown, [], 'webhook-ids that are no committed event');
  assert.deepEqual(report.mismatched, [], 'receipts that differ from their committed event');
  assert.equal(report.missing.length, 0, `committed events never received: ${describeEvents(report.missing)}`);
  for (const r of received) {
    assert.equal(r.headers['x-callback-token'], TOKEN);
    assert.match(String(r.headers['webhook-signature']), /^v1,/);
  }
  return report;
}

/** The delivery log ends up recording every event as DELIVERED to the one endpoint. */
async function assertLogDelivered(base: string) {
  let events: EventOut[] = [];
  const undelivered = () => events.filter((e) => e.deliveries?.length !== 1 || e.deliveries[0]!.status !== 'DELIVERED');
  await waitUntil(
    async () => {
      events = await listAllEvents(base, KEY);
      return events.length > 0 && undelivered().length === 0;
    },
    10_000,
    () => `the delivery log does not show these events DELIVERED: ${undelivered().map((e) => `${e.id} ${JSON.stringify(e.deliveries)}`).join('; ')}`,
    200,
  );
}

/** Every acknowledged payment's two events are committed. */
function assertAcknowledgedCommitted(events: EventOut[], acknowledged: { sessionId: string; paymentId: string }[]) {
  const has = new Set(events.map((e) => `${e.event} ${e.subject_id}`));
  const lost = acknowledged.flatMap((p) =>
    [`payment.capture ${p.paymentId}`, `payment_session.completed ${p.sessionId}`].filter((wanted) => !has.has(wanted)),
  );
  assert.deepEqual(lost, [], `events of acknowledged payments missing after the restart (of ${acknowledged.length} acknowledged payments)`);
}

// The crash tests mostly wait for leases to run out: they run side by side (each on its own
// store, receiver and processes), so the suite waits ~35 s instead of 4 × 35 s.
describe('webhooks across a SIGKILL', { concurrency: true }, () => {
  const resources = new Resources();
  after(() => resources.dispose());

  for (const dialect of DIALECTS) {
    test(`[${dialect}] deliveries in flight at the kill are sent again after the restart, with the same webhook-id, type and data`, { timeout: 120_000 }, async (t) => {
      const started = Date.now();
      const target = await resources.target(dialect);
      const receiver = await resources.receiver();
      // A slow receiver: answers 300 ms after each request, except that it keeps the
      // payment.capture of all but the first 10 sessions waiting until the kill. So at the kill,
      // 10 sessions are through, up to 10 captures are in flight and their completions were never
      // sent (a session's events go in order: the completion waits for the capture's attempt).
      const HELD_AFTER = 10;
      const answeredCaptures = new Set<string>();
      const unanswered = new Set<Received>();
      const doomed = new Set<Received>();
      let killed = false;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let firstHeldAt: number | undefined;
      receiver.respond = async (r) => {
        unanswered.add(r);
        const capture = r.json.event === 'payment.capture';
        const hold = !killed && capture && answeredCaptures.size >= HELD_AFTER && !answeredCaptures.has(webhookId(r));
        if (capture && !hold) answeredCaptures.add(webhookId(r));
        if (hold) firstHeldAt ??= Date.now();
        await (hold ? released : sleep(300));
        unanswered.delete(r);
        // In flight when the process was killed: the process must never learn it got through.
        return doomed.has(r) ? { status: 503 } : { status: 200 };
      };
      const env = storeEnv(target, receiver.url, CRASH_TIMEOUT_MS);
      const first = await resources.lunas(env);

      const paying = Date.now();
      const paid = await payMany(() => first.url, KEY, 20, 5);
      const payingTook = Date.now() - paying;
      const committed = await listAllEvents(first.url, KEY);
      assert.equal(committed.length, 40, 'two events per paid session');

      const count = (type: string) => receiver.received.filter((r) => r.json.event === type).length;
      await waitUntil(
        () => count('payment_session.completed') >= HELD_AFTER && count('payment.capture') > HELD_AFTER,
        15_000,
        () => `before the kill, expected ${HELD_AFTER} completions and more than ${HELD_AFTER} captures, got ${count('payment_session.completed')} and ${count('payment.capture')}`,
        5,
      );
      for (const r of unanswered) doomed.add(r);
      const doomedIds = [...doomed].map(webhookId);
      const receivedBeforeKill = receiver.received.length;
      const heldFor = Date.now() - firstHeldAt!;
      const killedAt = Date.now();
      killed = true;
      await first.stop('SIGKILL');
      release();
      const distinctBeforeKill = new Set(receiver.received.map(webhookId)).size;
      assert.ok(doomedIds.length > 0, 'deliveries were in flight at the kill');
      assert.ok(
        distinctBeforeKill < committed.length,
        `the kill came before everything was received (${distinctBeforeKill} of ${committed.length}; captures held ${heldFor} ms, webhook timeout ${CRASH_TIMEOUT_MS} ms)`,
      );

      const restartedAt = Date.now();
      const second = await resources.lunas(env);
      const readyAt = Date.now();
      const events = await waitUntilAllDelivered(second.url, KEY, receiver.received, AFTER_RESTART_MS);
      const caughtUpAfter = Date.now() - killedAt;
      // Let any late duplicates arrive before judging them.
      await sleep(500);

      assert.deepEqual(events.map((e) => e.id), committed.map((e) => e.id), 'the restart neither lost nor added events');
      assertAcknowledgedCommitted(events, paid);
      const report = assertConsistent(events, receiver.received);
      await assertLogDelivered(second.url);
      const resentAfterRestart = new Set(receiver.received.filter((r) => r.at >= restartedAt).map(webhookId));
      const notResent = doomedIds.filter((id) => !resentAfterRestart.has(id));
      assert.deepEqual(notResent, [], `in flight at the kill (never answered) but not sent again after the restart`);
      // Takeover: the dead process's leases were renewed up to the kill and then ran out within
      // seconds; the first of its in-flight deliveries sent again by the restarted process.
      const takeoverMs = Math.min(...receiver.received.filter((r) => r.at >= restartedAt && doomedIds.includes(webhookId(r))).map((r) => r.at)) - killedAt;
      assert.ok(takeoverMs < TAKEOVER_LIMIT_MS, `the dead process's deliveries were taken over ${takeoverMs} ms after the kill (limit ${TAKEOVER_LIMIT_MS} ms)`);
      for (const id of report.duplicated) {
        const copies = receiver.received.filter((r) => webhookId(r) === id);
        assert.equal(new Set(copies.map((c) => c.json.event)).size, 1, `${id}: one type across copies`);
        assert.equal(new Set(copies.map((c) => JSON.stringify(c.json.data))).size, 1, `${id}: one data across copies`);
      }
      t.diagnostic(
        `${dialect}: 20 payments in ${payingTook} ms; ${receivedBeforeKill} receipts before the kill (${distinctBeforeKill} events), ` +
          `${doomedIds.length} in flight at it (held up to ${heldFor} ms); ` +
          `${receiver.received.length} receipts in all, ${report.duplicated.length} event(s) received more than once; ` +
          `taken over ${takeoverMs} ms after the kill (the restarted process was ready ${readyAt - killedAt} ms after the kill), caught up ${caughtUpAfter} ms after it; test took ${Date.now() - started} ms`,
      );
    });

    test(`[${dialect}] a kill while payments are being committed loses no acknowledged payment and no committed event`, { timeout: 120_000 }, async (t) => {
      const started = Date.now();
      const target = await resources.target(dialect);
      const receiver = await resources.receiver();
      receiver.respond = async () => {
        await sleep(20);
        return { status: 200 };
      };
      const env = storeEnv(target, receiver.url);
      const first = await resources.lunas(env);

      const load = startLoad(first.url, KEY, 4);
      await waitUntil(() => load.acknowledged.length >= 15 || load.failures.length > 0, 30_000, () => `only ${load.acknowledged.length} payments acknowledged`, 5);
      const killedAt = Date.now();
      await first.stop('SIGKILL');
      await load.stop();
      assert.deepEqual(load.failures, [], 'no request failed while the server was up');
      assert.ok(load.interrupted.length > 0, 'requests were in flight at the kill');
      const acknowledged = load.acknowledged;

      const second = await resources.lunas(env);
      const afterRestart = await listAllEvents(second.url, KEY);
      assertAcknowledgedCommitted(afterRestart, acknowledged);
      for (const p of acknowledged) {
        const session = await call(second.url, KEY, 'GET', `/sessions/${p.sessionId}`);
        assert.equal(session.body.status, 'COMPLETED', `acknowledged session ${p.sessionId} survives the kill`);
      }

      const events = await waitUntilAllDelivered(second.url, KEY, receiver.received, AFTER_RESTART_MS);
      const caughtUpAfter = Date.now() - killedAt;
      await sleep(500);
      assert.deepEqual(events.map((e) => e.id), afterRestart.map((e) => e.id), 'no event appears or vanishes after the restart');
      const report = assertConsistent(events, receiver.received);
      await assertLogDelivered(second.url);
      t.diagnostic(
        `${dialect}: ${acknowledged.length} payments acknowledged, ${load.interrupted.length} requests cut by the kill, ` +
          `${events.length} events committed (${events.length - 2 * acknowledged.length} beyond the acknowledged payments'); ` +
          `${receiver.received.length} receipts, ${report.duplicated.length} duplicated; caught up ${caughtUpAfter} ms after the kill; test took ${Date.now() - started} ms`,
      );
    });
  }
});

describe('webhooks on one PostgreSQL shared by several processes', { skip: !DIALECTS.includes('postgres') && 'needs PostgreSQL' }, () => {
  const resources = new Resources();
  after(() => resources.dispose());

  test('two `lunas start` processes share the deliveries, and each event is delivered exactly once', { timeout: 60_000 }, async (t) => {
    const started = Date.now();
    const target = await resources.target('postgres');
    const pids: number[] = [];
    const receiver = resources.addReceiver(await startAttributingReceiver(() => pids));
    const env = storeEnv(target, receiver.url, NO_CRASH_TIMEOUT_MS);
    // One after the other: processes started together can both seed LUNAS_WEBHOOK_URL (a
    // check-then-insert in WebhookService.seed), and two endpoints would double every delivery.
    const a = await resources.lunas(env);
    const b = await resources.lunas(env);
    pids.push(a.child.pid!, b.child.pid!);
    const endpoints = await call(a.url, KEY, 'GET', '/webhooks/endpoints');
    assert.equal(endpoints.body.data.length, 1, `one seeded endpoint, got ${JSON.stringify(endpoints.body.data.map((e: { id: string }) => e.id))}`);

    const paid = await payMany((i) => (i % 2 === 0 ? a.url : b.url), KEY, 30, 4);
    const events = await waitUntilAllDelivered(b.url, KEY, receiver.received, 20_000);
    // Anything sent twice would show up within a few polls.
    await sleep(1500);

    assert.equal(events.length, 60, 'two events per paid session');
    assertAcknowledgedCommitted(events, paid);
    const report = assertConsistent(events, receiver.received);
    assert.deepEqual(report.duplicated.map((id) => `${id} ×${report.counts.get(id)}`), [], 'no event delivered twice in normal operation');
    assert.equal(receiver.received.length, events.length, 'one receipt per committed event');
    // The delivery log agrees: one delivery per event, delivered at the first and only attempt.
    const notOnce = (await listAllEvents(a.url, KEY)).filter((e) => e.deliveries?.length !== 1 || e.deliveries[0]!.status !== 'DELIVERED' || e.deliveries[0]!.attempts.length !== 1);
    assert.deepEqual(notOnce.map((e) => `${e.id}: ${JSON.stringify(e.deliveries)}`), [], 'events not delivered in exactly one attempt per the delivery log');

    const bySender = new Map<string, number>();
    for (const r of receiver.received) {
      const who = r.sender === a.child.pid ? 'a' : r.sender === b.child.pid ? 'b' : 'unknown';
      bySender.set(who, (bySender.get(who) ?? 0) + 1);
    }
    t.diagnostic(`deliveries by process: ${JSON.stringify(Object.fromEntries(bySender))}; test took ${Date.now() - started} ms`);
    if (!bySender.has('unknown')) {
      assert.ok((bySender.get('a') ?? 0) > 0 && (bySender.get('b') ?? 0) > 0, `both processes delivered some events: ${JSON.stringify(Object.fromEntries(bySender))}`);
    }
  });

  test('a worker-only process (LUNAS_ROLES=worker) delivers the events an api-only process commits', { timeout: 60_000 }, async (t) => {
    const started = Date.now();
    const target = await resources.target('postgres');
    const receiver = await resources.receiver();
    const env = storeEnv(target, receiver.url, NO_CRASH_TIMEOUT_MS);
    const api = await resources.lunas({ ...env, LUNAS_ROLES: 'api' });

    const before = await payMany(() => api.url, KEY, 10, 3);
    await sleep(1000);
    assert.equal(receiver.received.length, 0, 'the api role alone does not deliver webhooks');

    const worker = await resources.worker(env);
    assert.doesNotMatch(worker.output(), /Server listening/, 'the worker role serves no HTTP');
    let events = await waitUntilAllDelivered(api.url, KEY, receiver.received, 15_000);
    assert.equal(events.length, 20);
    assertAcknowledgedCommitted(events, before);

    // While both run: the worker learns of new events by polling, not from the api process.
    const later = await payMany(() => api.url, KEY, 5, 3);
    events = await waitUntilAllDelivered(api.url, KEY, receiver.received, 15_000);
    await sleep(500);
    assert.equal(events.length, 30);
    assertAcknowledgedCommitted(events, [...before, ...later]);
    const report = assertConsistent(events, receiver.received);
    assert.deepEqual(report.duplicated, [], 'each event delivered exactly once');
    assert.equal(receiver.received.length, events.length);
    await assertLogDelivered(api.url);
    t.diagnostic(`test took ${Date.now() - started} ms`);
  });
});

describe('one process, one slow endpoint', () => {
  const resources = new Resources();
  after(() => resources.dispose());

  for (const dialect of DIALECTS) {
    test(
      `[${dialect}] never more than LUNAS_WEBHOOK_CONCURRENCY deliveries in flight to one endpoint`,
      {
        timeout: 60_000,
      },
      async (t) => {
        const target = await resources.target(dialect);
        const receiver = await resources.receiver();
        let current = 0;
        let most = 0;
        receiver.respond = async () => {
          most = Math.max(most, ++current);
          await sleep(300);
          current--;
          return { status: 200 };
        };
        const p = await resources.lunas({ ...storeEnv(target, receiver.url, 5000), LUNAS_WEBHOOK_CONCURRENCY: '4' });
        await payMany(() => p.url, KEY, 20, 5);
        const events = await waitUntilAllDelivered(p.url, KEY, receiver.received, 30_000);
        assertConsistent(events, receiver.received);
        t.diagnostic(`${dialect}: at most ${most} requests in flight at once to the endpoint`);
        assert.ok(most <= 4, `at most 4 requests in flight at once to the slow endpoint, saw ${most}`);
      },
    );
  }
});
