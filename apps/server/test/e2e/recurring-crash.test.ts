import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { card } from '../helpers/payments.ts';
import { call } from '../helpers/process.ts';
import { Resources, waitUntil } from '../helpers/load.ts';
import { adminQuery } from '../helpers/stores.ts';
import { demoSubscription } from '../helpers/subscriptions.ts';

/**
 * Cycles across a SIGKILL, on real `lunas start` processes sharing one PostgreSQL: plans whose
 * clock jumped ten days have ten daily cycles due each; the process charging them is killed
 * mid-run, then two processes take over. Every cycle is charged exactly once (one payment
 * request per cycle, one recurring.cycle.succeeded), none is missed, and cycle numbers stay
 * unique. A charge and its cycle's move commit together (modules/recurring/cycles.ts), so the
 * kill can only cut between attempts.
 */
const KEY = 'xnd_development_recurring_crash_0001';
const PLANS = 30;
const DAYS = 10;

describe('recurring cycles across a SIGKILL (PostgreSQL)', () => {
  const resources = new Resources();
  after(() => resources.dispose());

  test('killed mid-run, two processes finish: each cycle charged once, none missed', { timeout: 180_000 }, async () => {
    const target = await resources.target('postgres');
    const schema = new URL(target.databaseUrl!).searchParams.get('options')!.replace('-c search_path=', '');
    const env = { LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, LUNAS_SECRET_KEY: KEY, LUNAS_SWEEP_INTERVAL_MS: '200' };
    const first = await resources.lunas(env);
    const now = Date.parse((await call(first.url, KEY, 'GET', '/test_helpers/clock')).body.now);

    const plans: { planId: string; tokenId: string }[] = [];
    for (let i = 0; i < PLANS; i++) {
      const anchor = new Date(now + 3_600_000).toISOString();
      const created = await call(first.url, KEY, 'POST', '/sessions', demoSubscription(anchor, { subscription: { schedule: { anchor_date: anchor, interval: 'DAY', interval_count: 1 } } }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const linked = await call(first.url, KEY, 'POST', `/sessions/${created.body.payment_session_id}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      assert.equal(linked.body.status, 'ACTIVE', JSON.stringify(linked.body));
      plans.push({ planId: created.body.recurring_plan_id, tokenId: linked.body.payment_token_id });
    }

    const succeeded = async () => Number((await adminQuery(`SELECT count(*) AS n FROM ${schema}.recurring_cycles WHERE status = 'SUCCEEDED'`)).rows[0].n);
    // Ten days and an hour on: cycles 1–10 of every plan are due (cycle 11 is at day 10 + 1 h).
    assert.equal((await call(first.url, KEY, 'POST', '/test_helpers/clock/advance', { seconds: DAYS * 86_400 + 1800 })).status, 200);
    await waitUntil(async () => (await succeeded()) >= 20, 60_000, async () => `only ${await succeeded()} cycles succeeded before the kill`, 5);
    await first.stop('SIGKILL');
    const atKill = await succeeded();
    assert.ok(atKill < PLANS * DAYS, `the kill came mid-run (${atKill} of ${PLANS * DAYS})`);

    await Promise.all([resources.lunas(env), resources.worker(env)]);
    await waitUntil(async () => (await succeeded()) === PLANS * DAYS, 120_000, async () => `${await succeeded()} of ${PLANS * DAYS} cycles succeeded after the restart`, 200);

    const q = async (sql: string) => (await adminQuery(sql.replaceAll('$schema', schema))).rows;
    const charges = await q(`SELECT payment_token_id, status, count(*)::int AS n FROM $schema.payment_requests WHERE payment_token_id IS NOT NULL AND session_id IS NULL GROUP BY payment_token_id, status`);
    for (const { tokenId } of plans) {
      assert.deepEqual(charges.filter((c) => c.payment_token_id === tokenId).map((c) => [c.status, c.n]), [['SUCCEEDED', DAYS]], `token ${tokenId}: one charge per cycle`);
    }
    const cycles = await q(`SELECT plan_id, status, count(*)::int AS n FROM $schema.recurring_cycles GROUP BY plan_id, status ORDER BY plan_id, status`);
    for (const { planId } of plans) {
      assert.deepEqual(cycles.filter((c) => c.plan_id === planId).map((c) => [c.status, c.n]), [['SCHEDULED', 1], ['SUCCEEDED', DAYS]], `plan ${planId}`);
    }
    const events = await q(`SELECT type, count(*)::int AS n FROM $schema.events WHERE type LIKE 'recurring.cycle.%' GROUP BY type ORDER BY type`);
    assert.deepEqual(events.map((e) => [e.type, e.n]), [['recurring.cycle.created', PLANS * (DAYS + 1)], ['recurring.cycle.succeeded', PLANS * DAYS]]);
  });
});
