import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { attempt, card, createSession, decide, getSession, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * The acquirer's per-attempt state: the engine stores what the adapter returned and hands it
 * back. Rows written before `internal.acquirer_state` existed kept the simulator's facts directly
 * in `internal`; they must keep working after an upgrade.
 */
const PAN = '4440000009900010';
const CVN = '739';

type Table = 'payment_requests' | 'payment_tokens';

async function storedBody(t: TestApp, table: Table, id: string): Promise<string> {
  const row = await t.store.db.selectFrom(table).select('body').where('id', '=', id).executeTakeFirstOrThrow();
  return row.body;
}

/** Rewrites a row's body the way older versions stored it: the simulator's facts inline in `internal`. */
async function toOlderLayout(t: TestApp, table: Table, id: string): Promise<void> {
  const body = JSON.parse(await storedBody(t, table, id)) as { internal: Record<string, unknown> & { acquirer_state?: Record<string, unknown> } };
  const { acquirer_state: state, ...internal } = body.internal;
  assert.ok(state, 'new rows carry acquirer_state');
  body.internal = { ...internal, ...state };
  await t.store.db.updateTable(table).set({ body: JSON.stringify(body) }).where('id', '=', id).execute();
}

for (const dialect of DIALECTS) {
  describe(`acquirer state [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('a card attempt stores the simulator scenario as acquirer state, never the card number or CVN', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card(PAN, CVN) });
      const body = await storedBody(t, 'payment_requests', pr.payment_request_id);
      const { ds_trans_id, ...scenario } = JSON.parse(body).internal.acquirer_state;
      assert.deepEqual(scenario, { three_ds: 'CHALLENGE', selectable_outcome: true });
      assert.match(ds_trans_id, /^[0-9a-f-]{36}$/, 'the 3DS transaction id, fixed when 3DS begins');
      assert.ok(!body.includes(PAN), 'no card number');
      assert.ok(!body.includes(CVN), 'no security code');
    });

    test('a card request stored the older way still offers the selectable ACS outcomes and completes', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card(PAN) });
      await toOlderLayout(t, 'payment_requests', pr.payment_request_id);
      const page = await t.request({ method: 'GET', url: new URL(webUrl(pr)).pathname, auth: null });
      assert.match(page.body, /data-testid="lunas-outcome"/);
      await decide(t, webUrl(pr), { decision: 'approve', otp: '123456', acs_outcome: 'AUTHENTICATED' });
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
    });

    test('a virtual account stored the older way is paid into the number it presented', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'John Doe' } });
      const presented = pr.actions.find((a: { type: string }) => a.type === 'PRESENT_TO_CUSTOMER').value;
      assert.deepEqual(JSON.parse(await storedBody(t, 'payment_requests', pr.payment_request_id)).internal.acquirer_state, { present_value: presented });
      await toOlderLayout(t, 'payment_requests', pr.payment_request_id);
      await t.post(`/v3/payment_requests/${pr.payment_request_id}/simulate`, { amount: 10000 });
      await t.services.tasks.runDue();
      const done = await getSession(t, session.payment_session_id);
      const payment = (await t.get(`/v3/payments/${done.payment_id}`)).json();
      assert.equal(payment.payment_details.payer_account_number, presented);
    });

    test('a card token stored the older way still offers the selectable ACS outcomes', async () => {
      const { customer_id: customerId } = await createSession(t);
      const res = await t.post('/v3/payment_tokens', { channel_code: 'CARDS', country: 'ID', currency: 'IDR', customer_id: customerId, channel_properties: card(PAN, CVN) });
      assert.equal(res.statusCode, 201, res.body);
      const token = res.json();
      const body = await storedBody(t, 'payment_tokens', token.payment_token_id);
      assert.ok(!body.includes(PAN) && !body.includes(CVN), 'no card number or security code');
      await toOlderLayout(t, 'payment_tokens', token.payment_token_id);
      const page = await t.request({ method: 'GET', url: new URL(webUrl(token)).pathname, auth: null });
      assert.match(page.body, /data-testid="lunas-outcome"/);
      await decide(t, webUrl(token), { decision: 'approve', otp: '123456', acs_outcome: 'AUTHENTICATED' });
      assert.equal((await t.get(`/v3/payment_tokens/${token.payment_token_id}`)).json().status, 'ACTIVE');
    });
  });
}
