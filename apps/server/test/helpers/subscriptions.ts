import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';
import { attempt, card } from './payments.ts';

/**
 * Xendit's demo Subscription payload, field for field as xendit/demo-store builds it
 * (server/integrations/components.ts: one cart line of its product database, the demo customer,
 * `expires_at` = `anchor_date` = now + 1 h), anchored at `anchor`. `changes` only fill in what the
 * demo takes from its own config (origins, return_url) or vary the scenario.
 */
export function demoSubscription(anchor: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const stamp = Date.now() + Math.floor(Math.random() * 1_000_000);
  return {
    reference_id: `checkout-demo-${stamp}`,
    expires_at: anchor,
    customer: {
      type: 'INDIVIDUAL',
      reference_id: `demo-customer-${stamp}`,
      email: 'demo@xendit.co',
      individual_detail: { given_names: 'Checkout', surname: 'Demo' },
    },
    session_type: 'SUBSCRIPTION',
    subscription: { schedule: { anchor_date: anchor, interval: 'MONTH', interval_count: 1 } },
    allow_save_payment_method: 'DISABLED',
    currency: 'IDR',
    amount: 10000,
    items: [{ name: 'Plushxie Basic', quantity: 1, net_unit_amount: 10000, reference_id: 'product-1', category: 'Plushxie', type: 'PHYSICAL_PRODUCT' }],
    country: 'ID',
    description: 'Checkout Demo with Sessions Payment Link',
    mode: 'COMPONENTS',
    components_configuration: { origins: ['https://example.com'], return_url: 'https://demo-store.example.com?checkout=resume' },
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
