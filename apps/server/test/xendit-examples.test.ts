import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { TestApp } from './helpers/app.ts';
import { decide, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import type { XenditExample } from './fixtures/extract-xendit-examples.ts';

/**
 * Every request example of Xendit's published Payments API (payments.yaml, copied into
 * fixtures/xendit-payments-examples.json by fixtures/extract-xendit-examples.ts) sent to Lunas,
 * answered with the status Xendit documents for it and, where Xendit shows the response, its
 * `status`, `channel_code` and actions.
 *
 * Nothing comes from the `/recurring/*` operations: they carry neither request examples nor
 * example ids (subscriptions.test.ts covers the plans and cycles). Not sent: the
 * `/your_*_webhook_url` bodies, which are what Xendit sends to a merchant, not requests to Lunas
 * (webhooks.test.ts covers Lunas's own).
 */
const fixture = JSON.parse(fs.readFileSync(new URL('./fixtures/xendit-payments-examples.json', import.meta.url), 'utf8')) as { source: string; examples: XenditExample[] };

/**
 * Where Lunas's `status` differs from the example's, and why (docs/compatibility.md). TOUCHNGO is
 * "REDIRECT, SKIP" in Xendit's channel table: a linked account pays without the customer, while
 * the example shows a redirect.
 */
const statusDiffers: Record<string, string> = { PAY_WithToken_TOUCHNGO: 'SUCCEEDED' };

/**
 * Where Lunas's actions differ from the example's, and why (docs/compatibility.md, "OTP flows"):
 * the BPI example shows `API_POST_REQUEST`/`DEBIT_ACCOUNT` at the v1 direct-debit API, a
 * descriptor outside the published enum; Lunas answers the enum's OTP pair for the same step.
 */
const actionsDiffer: Record<string, string[]> = { PAY_DirectDebit_BPI: ['API_POST_REQUEST/VALIDATE_OTP', 'API_POST_REQUEST/RESEND_OTP'] };

/** The examples date from January 2025 (their card expiries and PromptPay `expires_at` too): Lunas's clock is set there. */
const EXAMPLES_TIME = new Date('2025-01-15T12:00:00.000Z');

/** Bodies for operations whose example is only an id in the path (Xendit publishes no body example for them). */
const PATH_ONLY_BODIES: Record<string, unknown> = {
  '/v3/payments/{payment_id}/capture': { capture_amount: 10000 },
  '/v3/payment_requests/{payment_request_id}/simulate': { amount: 10000 },
  '/v3/payment_requests/{payment_request_id}/validate_otp': { otp_code: '123456' },
  '/v3/payment_tokens/{payment_token_id}/validate_otp': { otp_code: '123456' },
};

const urlOf = (example: XenditExample): string =>
  Object.entries(example.pathParams).reduce((url, [name, value]) => url.replace(`{${name}}`, value), example.path);

type Body = Record<string, any>;

/** An ACTIVE token to stand for the one an example names: Xendit's ids name tokens of Xendit's test account. */
async function activeToken(t: TestApp, body: Body): Promise<string> {
  const res = await t.post('/v3/payment_tokens', body);
  assert.equal(res.statusCode, 201, res.body);
  let token = res.json();
  if (token.status === 'REQUIRES_ACTION') {
    await decide(t, webUrl(token), { decision: 'approve', otp: '123456' });
    token = (await t.get(`/v3/payment_tokens/${token.payment_token_id}`)).json();
  }
  assert.equal(token.status, 'ACTIVE');
  return token.payment_token_id;
}

const customer = { reference_id: 'examples-customer', type: 'INDIVIDUAL', individual_detail: { given_names: 'Jane', surname: 'Doe' }, email: 'jane.doe@example.com' };

/**
 * Examples that name objects of Xendit's own account (tokens, a payment request, a customer): the
 * object is made first and its id put in place, so the example gets the answer Xendit documents.
 * Sent verbatim, such an id is unknown to Lunas: see `unknownIdAnswer`.
 */
const prepare: Record<string, (t: TestApp, body: Body) => Promise<Body>> = {
  async PAY_WithToken_Cards(t, body) {
    const card = { card_number: '4000000000001000', expiry_month: '12', expiry_year: '2030', cvn: '123' };
    return { ...body, payment_token_id: await activeToken(t, { reference_id: 'examples-card', customer, country: 'ID', currency: 'IDR', channel_code: 'CARDS', channel_properties: { card_details: card } }) };
  },
  async PAY_WithToken_TOUCHNGO(t, body) {
    return { ...body, payment_token_id: await activeToken(t, { reference_id: 'examples-tng', customer, country: 'MY', currency: 'MYR', channel_code: 'TOUCHNGO', channel_properties: { success_return_url: 'https://xendit.co/success' } }) };
  },
  async Refund_With_Amount(t, body) {
    return { ...body, payment_request_id: await paidRequest(t) };
  },
  async Refund_Without_Amount(t, body) {
    return { ...body, payment_request_id: await paidRequest(t) };
  },
  async Create_Payment_Token_Ewallet(t, body) {
    const res = await t.post('/v3/payment_tokens', { reference_id: 'examples-owner', customer, country: 'ID', currency: 'IDR', channel_code: 'OVO', channel_properties: {} });
    assert.equal(res.statusCode, 201, res.body);
    return { ...body, customer_id: res.json().customer_id };
  },
};

let paidRequests = 0;

/** A SUCCEEDED IDR payment request of IDR 50,000 (the refund examples refund IDR 10,000 of it). */
async function paidRequest(t: TestApp): Promise<string> {
  const card = { card_number: '5200000000001096', expiry_month: '06', expiry_year: '2026', cvn: '456' };
  const res = await t.post('/v3/payment_requests', { reference_id: `examples-paid-${++paidRequests}`, type: 'PAY', country: 'ID', currency: 'IDR', request_amount: 50000, channel_code: 'CARDS', channel_properties: { card_details: card } });
  assert.equal(res.json().status, 'SUCCEEDED', res.body);
  return res.json().payment_request_id;
}

/**
 * The example sent verbatim, with the id of Xendit's account in it: an id nobody knows is 404
 * DATA_NOT_FOUND (an unknown customer too), except a payment request's `payment_token_id`, which
 * Xendit answers with its documented 400 INVALID_TOKEN (that operation documents no 404).
 */
const unknownIdAnswer: Record<string, [status: number, errorCode: string]> = {
  Create_Payment_Token_Ewallet: [404, 'DATA_NOT_FOUND'],
  PAY_WithToken_Cards: [400, 'INVALID_TOKEN'],
  PAY_WithToken_TOUCHNGO: [400, 'INVALID_TOKEN'],
  Refund_With_Amount: [404, 'DATA_NOT_FOUND'],
  Refund_Without_Amount: [404, 'DATA_NOT_FOUND'],
};

/** Shapes beyond status and actions that issue 15 names. */
const shape: Record<string, (answer: Body) => void> = {
  REUSABLE_PAYMENT_CODE_VA_VietCapital(answer) {
    const [va, qr] = answer.actions;
    assert.match(va.value, /^\d{10,19}$/);
    assert.ok(qr.value.startsWith('000201') && qr.value.includes(va.value), 'the VietQR names the account');
  },
  PAY_QR_PromptPay(answer) {
    assert.equal(answer.channel_properties.expires_at, '2025-01-15T23:59:59Z');
    assert.match(answer.actions[0].value, /^000201.*5802TH.*6304[0-9A-F]{4}$/);
  },
  Create_Payment_Token_Cards(answer) {
    assert.equal(answer.token_details?.authentication_data, undefined, '3DS has not run yet');
  },
};

async function send(t: TestApp, example: XenditExample, body: unknown) {
  const payload = body ?? PATH_ONLY_BODIES[example.path];
  return t.request({ method: example.method as 'GET' | 'POST', url: urlOf(example), ...(payload === undefined ? {} : { payload: payload as Body }) });
}

const pairs = (actions: { type: string; descriptor: string }[] | undefined) => (actions ?? []).map((a) => `${a.type}/${a.descriptor}`);

for (const dialect of DIALECTS) {
  describe(`Xendit's payments.yaml request examples (${fixture.source}) [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);
    before(() => t.clock.set(EXAMPLES_TIME));

    for (const example of fixture.examples) {
      test(example.name, async () => {
        const setUp = prepare[example.name];
        if (setUp && unknownIdAnswer[example.name]) {
          const [status, errorCode] = unknownIdAnswer[example.name]!;
          const verbatim = await send(t, example, example.body);
          assert.equal(verbatim.statusCode, status, verbatim.body);
          assert.equal(verbatim.json().error_code, errorCode);
        }
        const body = setUp ? await setUp(t, structuredClone(example.body) as Body) : example.body;
        const res = await send(t, example, body);
        assert.equal(res.statusCode, example.status, res.body);
        if (example.status === 404) assert.equal(res.json().error_code, example.path.startsWith('/sessions') ? 'NOT_FOUND' : 'DATA_NOT_FOUND');
        const expected = example.response;
        if (!expected) return;
        const answer = res.json();
        assert.equal(answer.status, statusDiffers[example.name] ?? expected.status);
        if (expected.channel_code) assert.equal(answer.channel_code, expected.channel_code);
        if (!statusDiffers[example.name]) {
          // Lunas may offer more (a DEEPLINK_URL beside the WEB_URL), never less.
          for (const action of actionsDiffer[example.name] ?? pairs(expected.actions)) assert.ok(pairs(answer.actions).includes(action), `${action} in ${JSON.stringify(answer.actions)}`);
        }
        shape[example.name]?.(answer);
      });
    }

    test('any id of the right kind is unknown (404), as Xendit answers its own example ids; another kind is malformed (400)', async () => {
      const routes = { pr: '/v3/payment_requests/', py: '/v3/payments/', pt: '/v3/payment_tokens/', rfd: '/refunds/' } as const;
      const tail = fc.stringMatching(/^[A-Za-z0-9-]{1,64}$/);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...(Object.keys(routes) as (keyof typeof routes)[])), tail, async (prefix, rest) => {
          const res = await t.get(`${routes[prefix]}${prefix}-${rest}`);
          assert.equal(res.statusCode, 404, res.body);
          assert.equal(res.json().error_code, 'DATA_NOT_FOUND');
          const other = await t.get(`${routes[prefix]}xx-${rest}`);
          assert.equal(other.statusCode, 400, other.body);
          assert.equal(other.json().error_code, 'API_VALIDATION_ERROR');
        }),
        { numRuns: 40 },
      );
    });
  });
}
