import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { m0016_published_authentication_data } from '../src/db/migrations/0016_published_authentication_data.ts';
import { migrations } from '../src/db/migrations/index.ts';
import type { TestApp } from './helpers/app.ts';
import { decide, eventsOfType, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';

/**
 * 3-D Secure authentication data (issue 15 item 4) as Xendit's schema has it
 * (Payments_API_AuthenticationData in payment_details and token_details): `flow` is FULL_AUTH
 * (a challenge) or FRICTIONLESS, `a_res.ds_trans_id` identifies the one authentication wherever
 * it is reported, and nothing is reported where no 3DS ran.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const cardDetails = (number: string) => ({ card_details: { card_number: number, expiry_month: '12', expiry_year: '2030', cvn: '123', cardholder_first_name: 'Jane', cardholder_last_name: 'Doe' } });
const customer = { reference_id: 'three-ds-customer', type: 'INDIVIDUAL', individual_detail: { given_names: 'Jane', surname: 'Doe' }, email: 'jane.doe@example.com' };
let sequence = 0;

async function payByCard(t: TestApp, number: string, changes: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const res = await t.post('/v3/payment_requests', {
    reference_id: `three-ds-${++sequence}`, type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 50000, channel_code: 'CARDS', channel_properties: cardDetails(number), ...changes,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

const paymentOf = async (t: TestApp, requestId: string): Promise<Record<string, any>> => {
  const request = (await t.get(`/v3/payment_requests/${requestId}`)).json();
  assert.ok(request.latest_payment_id, `${requestId} has a payment`);
  return (await t.get(`/v3/payments/${request.latest_payment_id}`)).json();
};

const eventData = async (t: TestApp, type: string, subjectKey: string, id: string) => {
  const event = (await eventsOfType(t, type)).find((e) => e.data[subjectKey] === id);
  assert.ok(event, `${type} for ${id}`);
  return event.data;
};

function assertAuthenticated(data: Record<string, any> | undefined, flow: 'FULL_AUTH' | 'FRICTIONLESS'): string {
  assert.ok(data, 'authentication_data is reported');
  assert.equal(data.flow, flow);
  assert.match(data.a_res.ds_trans_id, UUID);
  assert.equal(data.a_res.eci, '05', 'VISA, authenticated');
  assert.ok(data.a_res.authentication_value);
  assert.ok(data.a_res.message_version);
  return data.a_res.ds_trans_id;
}

for (const dialect of DIALECTS) {
  describe(`3DS authentication data [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('a frictionless card pays at once with flow FRICTIONLESS, the same ds_trans_id in the payment and its payment.capture webhook', async () => {
      const pr = await payByCard(t, '4000000000001000');
      assert.equal(pr.status, 'SUCCEEDED');
      const payment = await paymentOf(t, pr.payment_request_id);
      const id = assertAuthenticated(payment.payment_details.authentication_data, 'FRICTIONLESS');
      const webhook = await eventData(t, 'payment.capture', 'payment_id', payment.payment_id);
      assert.deepEqual(webhook.payment_details.authentication_data, payment.payment_details.authentication_data);
      const other = await paymentOf(t, (await payByCard(t, '4000000000001000')).payment_request_id);
      assert.notEqual(other.payment_details.authentication_data.a_res.ds_trans_id, id, 'one id per authentication');
    });

    for (const number of ['4000000000001091', '4000000000001109']) {
      test(`${number} is challenged: REQUIRES_ACTION, then FULL_AUTH once the 3DS page is passed`, async () => {
        const pr = await payByCard(t, number);
        assert.equal(pr.status, 'REQUIRES_ACTION');
        assert.equal(pr.latest_payment_id, undefined, 'no payment before the challenge');
        await decide(t, webUrl(pr), { decision: 'approve', otp: '123456' });
        const payment = await paymentOf(t, pr.payment_request_id);
        assert.equal(payment.status, 'SUCCEEDED');
        assertAuthenticated(payment.payment_details.authentication_data, 'FULL_AUTH');
        const webhook = await eventData(t, 'payment.capture', 'payment_id', payment.payment_id);
        assert.deepEqual(webhook.payment_details.authentication_data, payment.payment_details.authentication_data);
      });
    }

    test('a failed challenge reports the attempted authentication (FULL_AUTH, unauthenticated ECI) and no authorisation', async () => {
      const pr = await payByCard(t, '4000000000001091');
      await decide(t, webUrl(pr), { decision: 'approve', otp: '000000' });
      const payment = await paymentOf(t, pr.payment_request_id);
      assert.equal(payment.failure_code, 'AUTHENTICATION_FAILED');
      const data = payment.payment_details.authentication_data;
      assert.equal(data.flow, 'FULL_AUTH');
      assert.equal(data.a_res.eci, '07');
      assert.match(data.a_res.ds_trans_id, UUID);
      assert.equal(payment.payment_details.authorization_data, undefined);
      assert.deepEqual((await eventData(t, 'payment.failure', 'payment_id', payment.payment_id)).payment_details, payment.payment_details);
    });

    test('a manual capture after a challenge: the authorisation and the capture webhooks report the one authentication', async () => {
      const pr = await payByCard(t, '4000000000001091', { capture_method: 'MANUAL' });
      await decide(t, webUrl(pr), { decision: 'approve', otp: '123456' });
      const authorized = await paymentOf(t, pr.payment_request_id);
      assert.equal(authorized.status, 'AUTHORIZED');
      const id = assertAuthenticated(authorized.payment_details.authentication_data, 'FULL_AUTH');
      const captured = await t.post(`/v3/payments/${authorized.payment_id}/capture`, { capture_amount: 50000 });
      assert.equal(captured.statusCode, 200, captured.body);
      assert.equal(captured.json().payment_details.authentication_data.a_res.ds_trans_id, id);
      assert.equal((await eventData(t, 'payment.authorization', 'payment_id', authorized.payment_id)).payment_details.authentication_data.a_res.ds_trans_id, id);
      assert.equal((await eventData(t, 'payment.capture', 'payment_id', authorized.payment_id)).payment_details.authentication_data.a_res.ds_trans_id, id);
    });

    test('a token for 5200000000001005 is challenged, as Xendit\'s token example shows; once passed, token_details carry FULL_AUTH in the view and the activation webhook', async () => {
      const res = await t.post('/v3/payment_tokens', { reference_id: 'three-ds-token', customer, country: 'ID', currency: 'IDR', channel_code: 'CARDS', channel_properties: cardDetails('5200000000001005') });
      assert.equal(res.statusCode, 201, res.body);
      const token = res.json();
      assert.equal(token.status, 'REQUIRES_ACTION');
      assert.equal(token.token_details, undefined, 'nothing to report before 3DS ran');
      await decide(t, webUrl(token), { decision: 'approve', otp: '123456' });
      const active = (await t.get(`/v3/payment_tokens/${token.payment_token_id}`)).json();
      assert.equal(active.status, 'ACTIVE');
      const data = active.token_details.authentication_data;
      assert.equal(data.flow, 'FULL_AUTH');
      assert.equal(data.a_res.eci, '02', 'MASTERCARD, authenticated');
      assert.match(data.a_res.ds_trans_id, UUID);
      assert.deepEqual((await eventData(t, 'payment_token.activation', 'payment_token_id', token.payment_token_id)).token_details, active.token_details);

      // Paying with the saved card is merchant-initiated: no 3DS runs, so no authentication_data.
      const mit = await t.post('/v3/payment_requests', { reference_id: 'three-ds-mit', type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 50000, payment_token_id: token.payment_token_id });
      assert.equal(mit.json().status, 'SUCCEEDED', mit.body);
      const payment = await paymentOf(t, mit.json().payment_request_id);
      assert.equal(payment.payment_details.authentication_data, undefined);
      assert.equal(payment.payment_details.authorization_data.network_response_code, '00');
    });

    test('a frictionless token reports FRICTIONLESS at once', async () => {
      const res = await t.post('/v3/payment_tokens', { reference_id: 'three-ds-token-2', customer, country: 'ID', currency: 'IDR', channel_code: 'CARDS', channel_properties: cardDetails('4000000000001000') });
      assert.equal(res.json().status, 'ACTIVE', res.body);
      assertAuthenticated(res.json().token_details.authentication_data, 'FRICTIONLESS');
    });

    test('PAY_AND_SAVE with 4000000000001109: the saved token reports the payment\'s authentication, same ds_trans_id', async () => {
      const pr = await payByCard(t, '4000000000001109', { type: 'PAY_AND_SAVE', customer });
      assert.equal(pr.status, 'REQUIRES_ACTION');
      await decide(t, webUrl(pr), { decision: 'approve', otp: '123456' });
      const payment = await paymentOf(t, pr.payment_request_id);
      const id = assertAuthenticated(payment.payment_details.authentication_data, 'FULL_AUTH');
      const token = (await t.get(`/v3/payment_tokens/${payment.payment_token_id}`)).json();
      assert.deepEqual(token.token_details, { authentication_data: payment.payment_details.authentication_data });
      assert.equal((await eventData(t, 'payment_token.activation', 'payment_token_id', payment.payment_token_id)).token_details.authentication_data.a_res.ds_trans_id, id);
    });

    test('migration 0016 renames what older versions stored (flow CHALLENGE, a_res.directory_server_trans_id) in payments and tokens', async () => {
      assert.ok(Object.keys(migrations(dialect)).includes('0016_published_authentication_data'));
      const pr = await payByCard(t, '4000000000001091', { type: 'PAY_AND_SAVE', customer });
      await decide(t, webUrl(pr), { decision: 'approve', otp: '123456' });
      const payment = await paymentOf(t, pr.payment_request_id);
      const id = payment.payment_details.authentication_data.a_res.ds_trans_id;
      const old = (data: any) => {
        const { ds_trans_id, ...aRes } = data.a_res;
        return { ...data, flow: 'CHALLENGE', a_res: { ...aRes, directory_server_trans_id: ds_trans_id } };
      };
      const rewrite = async (table: 'payments' | 'payment_tokens', rowId: string, edit: (body: any) => void) => {
        const row = await t.store.db.selectFrom(table).select('body').where('id', '=', rowId).executeTakeFirstOrThrow();
        const body = JSON.parse(row.body);
        edit(body);
        await t.store.db.updateTable(table).set({ body: JSON.stringify(body) }).where('id', '=', rowId).execute();
      };
      await rewrite('payments', payment.payment_id, (body) => { body.payment_details.authentication_data = old(body.payment_details.authentication_data); });
      await rewrite('payment_tokens', payment.payment_token_id, (body) => { body.token_details.authentication_data = old(body.token_details.authentication_data); });
      assert.equal((await t.get(`/v3/payments/${payment.payment_id}`)).json().payment_details.authentication_data.flow, 'CHALLENGE', 'stored the old way');

      await t.store.db.transaction().execute((trx) => m0016_published_authentication_data().up(trx));

      assert.deepEqual((await t.get(`/v3/payments/${payment.payment_id}`)).json().payment_details, payment.payment_details);
      const token = (await t.get(`/v3/payment_tokens/${payment.payment_token_id}`)).json();
      assert.equal(token.token_details.authentication_data.flow, 'FULL_AUTH');
      assert.equal(token.token_details.authentication_data.a_res.ds_trans_id, id);
      assert.equal(token.token_details.authentication_data.a_res.directory_server_trans_id, undefined);
    });
  });
}
