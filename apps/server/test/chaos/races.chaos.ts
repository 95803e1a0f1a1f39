import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { card } from '../helpers/payments.ts';
import { call } from '../helpers/process.ts';
import { DIALECTS } from '../helpers/stores.ts';
import { Resources, listAllEvents } from '../helpers/load.ts';

/**
 * Chaos (b): two processes on one PostgreSQL are asked to pay the same session at the same
 * moment, many times over. Each session ends with exactly one successful payment and one
 * `payment_session.completed`; the losing request is refused (never a 5xx).
 */
const KEY = 'xnd_development_chaos_races_0001';
const SESSIONS = Number(process.env.LUNAS_CHAOS_RACES ?? 30);

describe('chaos: two processes pay one session at once', { skip: !DIALECTS.includes('postgres') && 'needs PostgreSQL' }, () => {
  const resources = new Resources();
  after(() => resources.dispose());

  test(`${SESSIONS} sessions, each paid by both processes concurrently: one payment, one completion`, { timeout: 120_000 }, async (t) => {
    const started = Date.now();
    const target = await resources.target('postgres');
    const env = { LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, LUNAS_SECRET_KEY: KEY };
    const a = await resources.lunas(env);
    const b = await resources.lunas(env);
    const outcomes = new Map<string, number>();
    const sessionIds: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const session = await call(i % 2 ? a.url : b.url, KEY, 'POST', '/sessions', FOUNDING_PAYLOAD);
      assert.equal(session.status, 201);
      const id = session.body.payment_session_id as string;
      sessionIds.push(id);
      const answers = await Promise.all(
        [a.url, b.url, a.url, b.url].map((base) => call(base, KEY, 'POST', `/sessions/${id}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') })),
      );
      const succeeded = answers.filter((r) => r.status === 201 && r.body.status === 'SUCCEEDED');
      for (const r of answers) outcomes.set(`${r.status} ${r.body.status ?? r.body.error_code}`, (outcomes.get(`${r.status} ${r.body.status ?? r.body.error_code}`) ?? 0) + 1);
      assert.equal(succeeded.length, 1, `${id}: one successful payment of four concurrent attempts, got ${JSON.stringify(answers.map((r) => [r.status, r.body.status ?? r.body.error_code]))}`);
      assert.ok(answers.every((r) => r.status < 500), `${id}: no 5xx`);
      const session2 = await call(b.url, KEY, 'GET', `/sessions/${id}`);
      assert.equal(session2.body.status, 'COMPLETED');
    }
    const events = await listAllEvents(a.url, KEY);
    for (const id of sessionIds) {
      assert.equal(events.filter((e) => e.event === 'payment_session.completed' && e.subject_id === id).length, 1, `${id}: one completion`);
    }
    const captures = events.filter((e) => e.event === 'payment.capture').length;
    assert.equal(captures, SESSIONS, 'one captured payment per session');
    t.diagnostic(`answers: ${JSON.stringify(Object.fromEntries(outcomes))}; ${captures} captures, ${SESSIONS} completions; took ${Date.now() - started} ms`);
  });
});
