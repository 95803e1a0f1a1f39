import assert from 'node:assert/strict';
import pino from 'pino';
import { startWorker } from '../../src/worker/worker.ts';
import { FOUNDING_PAYLOAD, type TestApp } from './app.ts';
import { attempt, card } from './payments.ts';

/** Xendit's demo Subscription payload (xendit/demo-store components.ts), anchored at `anchor`. */
export function demoSubscription(anchor: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const { components_configuration, customer, currency, country } = structuredClone(FOUNDING_PAYLOAD);
  return {
    reference_id: `checkout-demo-${Math.random().toString(36).slice(2)}`,
    expires_at: anchor,
    customer,
    session_type: 'SUBSCRIPTION',
    subscription: { schedule: { anchor_date: anchor, interval: 'MONTH', interval_count: 1 } },
    allow_save_payment_method: 'DISABLED',
    currency,
    amount: 10000,
    items: [{ reference_id: 'plan-basic', name: 'Basic plan', net_unit_amount: 10000, quantity: 1, currency, category: 'Subscription', type: 'DIGITAL_SERVICE' }],
    country,
    description: 'Checkout Demo with Sessions Payment Link',
    mode: 'COMPONENTS',
    components_configuration,
    ...changes,
  };
}

/** The business's clock now (the test clock), plus `ms`. */
export async function businessNow(t: TestApp, ms = 0): Promise<string> {
  return new Date(Date.parse((await t.get('/test_helpers/clock')).json().now) + ms).toISOString();
}

export async function advance(t: TestApp, seconds: number): Promise<void> {
  const moved = await t.post('/test_helpers/clock/advance', { seconds });
  assert.equal(moved.statusCode, 200, moved.body);
}

export async function workerTick(t: TestApp): Promise<void> {
  const worker = startWorker({ db: t.store.db, services: t.services, clock: t.clock, log: pino({ level: 'silent' }), intervalMs: 3_600_000 });
  await worker.tick();
  await worker.stop();
}

/** Creates a SUBSCRIPTION session and links a card on it; returns the session after linking. */
export async function subscribe(t: TestApp, changes: Record<string, unknown> = {}, cardNumber = '4000000000001000'): Promise<Record<string, any>> {
  const created = await t.post('/sessions', demoSubscription(await businessNow(t, 3_600_000), changes));
  assert.equal(created.statusCode, 201, created.body);
  const session = created.json();
  await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card(cardNumber) });
  return (await t.get(`/sessions/${session.payment_session_id}`)).json();
}

export const cyclesOf = async (t: TestApp, planId: string): Promise<Record<string, any>[]> => (await t.get(`/recurring/plans/${planId}/cycles`)).json();

/** Payment requests a token made, by status. */
export async function chargesOf(t: TestApp, tokenId: string): Promise<Record<string, number>> {
  const rows = await t.store.db.selectFrom('payment_requests').select(['status']).where('payment_token_id', '=', tokenId).execute();
  const counts: Record<string, number> = {};
  for (const { status } of rows) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
