import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import type { PaymentRequestRow, PaymentRow } from '../../db/tables.ts';
import { Errors } from '../../errors.ts';
import { newCaptureId } from '../../ids.ts';
import { toMajorUnits, toMinorUnits, type Currency } from '../../money.ts';
import { recordEvent } from '../events/outbox.ts';
import type { CommitHook } from '../sessions/service.ts';
import type { TokenService } from '../tokens/service.ts';
import type { Decision } from '../../channels/acquirer/types.ts';
import type { PaymentEngine, PreparedAttempt } from './engine.ts';
import type { OtpCall } from '../attempts/otp.ts';
import type { PaymentRequestOtp } from './otp.ts';
import { toPaymentRequest, toRequestRow, type PaymentRequest } from './model.ts';
import { checkAmountForChannel, checkChannelProperties, resolveChannel } from '../attempts/channel-input.ts';
import type { PaymentRequestInput } from './schemas.ts';
import { OPEN_REQUEST_STATUSES, paymentStore } from './store.ts';
import { parsePaymentBody, paymentRequestView, paymentView, type PaymentBody } from './views.ts';

/**
 * The v3 Payments API over the engine: create (every variant of §10.1), read, cancel,
 * simulate, capture and void, plus the expiry sweeps the worker runs.
 */
const SWEEP_BATCH = 200;

/**
 * The ordering key of a payment's later events (capture, expiry): its session, as for the
 * events applyFinal records, so GET /events?object_id=<session> finds them and their webhooks
 * keep the session's order. The transitioned request names the session; read it if it had
 * already moved on. A payment outside any session keeps its own key (undefined).
 */
async function sessionKey(trx: Tx, requestId: string, transitioned: PaymentRequestRow | undefined): Promise<string | undefined> {
  const request = transitioned ?? (await paymentStore.findRequestById(trx, requestId));
  return request?.session_id ?? undefined;
}

export function paymentService(deps: { store: Store; clock: Clock; engine: PaymentEngine; otp: PaymentRequestOtp; tokens: TokenService; resolveCustomer: (trx: Tx, businessId: string, input: PaymentRequestInput) => Promise<string | undefined> }) {
  const { store, clock, engine } = deps;

  async function load(businessId: string, id: string): Promise<PaymentRequestRow> {
    const row = await paymentStore.findRequest(store.db, businessId, id);
    if (!row) throw Errors.paymentRequestNotFound();
    return row;
  }

  /** Payments as the dashboard shows them: each with the session its request paid, if any (one query for all). */
  async function withSessions(businessId: string, payments: PaymentRow[]): Promise<Record<string, unknown>[]> {
    const sessions = await paymentStore.sessionsOfRequests(store.db, businessId, [...new Set(payments.map((p) => p.payment_request_id))]);
    return payments.map((p) => ({ ...paymentView(p), session_id: sessions.get(p.payment_request_id) ?? undefined }));
  }

  async function prepareFromApi(businessId: string, input: PaymentRequestInput): Promise<PreparedAttempt> {
    const type = input.type ?? 'PAY';
    let token = null;
    if (input.payment_token_id !== undefined) {
      token = (await deps.tokens.find(businessId, input.payment_token_id)) ?? null;
      if (!token || token.status !== 'ACTIVE') throw Errors.invalidToken();
      if (input.channel_code !== undefined && input.channel_code !== token.channel_code) throw Errors.invalidToken(`The payment token belongs to channel ${token.channel_code}`);
    }
    const channelCode = input.channel_code ?? token?.channel_code;
    if (channelCode === undefined) throw Errors.fieldInvalid('/body/channel_code', 'is required: either channel_code or payment_token_id is required');
    const channel = resolveChannel(channelCode, input.country, input.currency);
    const now = clock.now();

    let amountMinor: number | null = null;
    if (input.request_amount !== undefined) {
      const minor = toMinorUnits(input.request_amount, channel.currency);
      if (!minor.ok) throw Errors.invalidValue(minor.reason === 'too_many_decimals' ? `request_amount has more decimal places than ${channel.currency} allows` : 'request_amount is too large');
      amountMinor = minor.minor;
      checkAmountForChannel(channel, amountMinor);
    } else if (type !== 'REUSABLE_PAYMENT_CODE') {
      throw Errors.fieldInvalid('/body/request_amount', `is required for type ${type}`);
    }
    if (type === 'REUSABLE_PAYMENT_CODE' && !channel.reusableCode) throw Errors.invalidValue(`Channel ${channel.code} does not offer reusable payment codes`);
    if (type === 'PAY_AND_SAVE' && !channel.savable) throw Errors.invalidValue(`Channel ${channel.code} cannot save payment methods`);
    if (type === 'PAY_AND_SAVE' && input.customer === undefined && input.customer_id === undefined) throw Errors.fieldInvalid('/body/customer', 'or customer_id is required for type PAY_AND_SAVE');
    const captureMethod = input.capture_method ?? 'AUTOMATIC';
    if (captureMethod === 'MANUAL' && !channel.authCapture) throw Errors.invalidValue(`capture_method MANUAL is not available for ${channel.code}`);
    if (channel.family === 'CARDS' && !token && (await paymentStore.referenceTaken(store.db, businessId, input.reference_id, channel.code))) {
      throw Errors.duplicateCardReference(input.reference_id);
    }
    const { echo, card } = checkChannelProperties(channel, input.channel_properties, { withToken: token !== null, now });
    return {
      businessId,
      sessionId: null,
      referenceId: input.reference_id,
      type,
      channel,
      amountMinor,
      captureMethod,
      customerId: token?.customer_id ?? null,
      token,
      channelProperties: echo,
      card,
      description: input.description,
      metadata: input.metadata,
      items: input.items ?? undefined,
      shipping: input.shipping_information,
    };
  }

  return {
    /** The request behind a simulator page (`/simulator/{token}`), of any business. */
    async findBySimulatorToken(simToken: string): Promise<PaymentRequest | undefined> {
      const row = await paymentStore.findRequestBySimToken(store.db, simToken);
      return row ? toPaymentRequest(row) : undefined;
    },

    /** The customer's decision on the request's simulator page; a second decision changes nothing. */
    async decide(request: PaymentRequest, decision: Decision): Promise<PaymentRequest> {
      return toPaymentRequest(await engine.complete(toRequestRow(request), decision));
    },

    /** Every payment request made on a session (the dashboard's timeline), oldest first. */
    async requestsOfSession(businessId: string, sessionId: string): Promise<Record<string, unknown>[]> {
      return (await paymentStore.requestsOfSession(store.db, businessId, sessionId)).map(paymentRequestView);
    },

    /** The business's payments, newest first (the dashboard's list), each with the session it paid, if any. */
    async listPayments(businessId: string, filter: { payment_request_id?: string; after_id?: string; limit: number }): Promise<{ data: Record<string, unknown>[]; has_more: boolean }> {
      const after = filter.after_id ? await paymentStore.findPayment(store.db, businessId, filter.after_id) : undefined;
      if (filter.after_id && !after) throw Errors.paymentNotFound();
      const rows = await paymentStore.listPayments(store.db, businessId, filter, after, filter.limit);
      return { data: await withSessions(businessId, rows.slice(0, filter.limit)), has_more: rows.length > filter.limit };
    },

    /** One payment with the session it paid, if any: the dashboard's payment page links back to it. */
    async paymentWithSession(businessId: string, id: string): Promise<Record<string, unknown>> {
      const payment = await paymentStore.findPayment(store.db, businessId, id);
      if (!payment) throw Errors.paymentNotFound();
      return (await withSessions(businessId, [payment]))[0]!;
    },

    /** The customer's decision, taken by the business itself (the dashboard's simulator action): what the simulator page does. */
    async decideFor(businessId: string, id: string, decision: Decision): Promise<Record<string, unknown>> {
      return paymentRequestView(await engine.complete(await load(businessId, id), decision));
    },

    /** A request made on a session (the gateway's view of its attempts), as the v3 object; undefined when it is not that session's. */
    async requestOfSession(businessId: string, sessionId: string, id: string): Promise<Record<string, any> | undefined> {
      const row = await paymentStore.findRequest(store.db, businessId, id);
      return row && row.session_id === sessionId ? paymentRequestView(row) : undefined;
    },

    async create(businessId: string, input: PaymentRequestInput, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      if (input.customer !== undefined && input.customer_id !== undefined) throw Errors.fieldInvalid('/body/customer_id', 'must not be sent together with customer');
      const prepared = await prepareFromApi(businessId, input);
      const needsCustomer = input.customer !== undefined || input.customer_id !== undefined;
      const row = await engine.create(prepared, onCommit, needsCustomer ? (trx) => deps.resolveCustomer(trx, businessId, input) : undefined);
      return paymentRequestView(row);
    },

    async get(businessId: string, id: string): Promise<Record<string, unknown>> {
      return paymentRequestView(await load(businessId, id));
    },

    async cancel(businessId: string, id: string, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      const current = await load(businessId, id);
      const view = await store.db.transaction().execute(async (trx) => {
        const moved = await paymentStore.transitionRequest(trx, id, OPEN_REQUEST_STATUSES, { status: 'CANCELED', updated: clock.now().toISOString() });
        if (!moved) return undefined;
        const view = paymentRequestView(moved);
        await onCommit?.(trx, 200, view);
        return view;
      });
      if (!view) throw Errors.inactivePaymentRequest((await load(businessId, id)).status ?? current.status);
      return view;
    },

    /** The customer's OTP for a request that waits for one (payments/otp.ts). */
    async validateOtp(businessId: string, id: string, code: string, call?: OtpCall): Promise<Record<string, unknown>> {
      return paymentRequestView(await deps.otp.validate(businessId, id, code, call));
    },

    /** A new OTP (a new window) for a request that waits for one. */
    async resendOtp(businessId: string, id: string, call?: OtpCall): Promise<Record<string, unknown>> {
      return paymentRequestView(await deps.otp.resend(businessId, id, call));
    },

    /** Test mode: a simulated payment into a VA / QR / OTC request; the outcome follows asynchronously. */
    async simulate(businessId: string, id: string, amount: number | undefined): Promise<{ status: string; message: string }> {
      const request = await load(businessId, id);
      const attempt = engine.attemptOf(request);
      if (attempt.channel.interaction !== 'PRESENT' && attempt.channel.interaction !== 'PUSH') throw Errors.notSimulatable(request.channel_code);
      if (!OPEN_REQUEST_STATUSES.includes(request.status)) throw Errors.inactivePaymentRequest(request.status);
      if (attempt.channel.interaction === 'PUSH') {
        // Push channels (OVO) have no page to visit: simulate stands in for the customer approving in the app.
        await engine.scheduleSettlement(request, request.request_amount_minor ?? 0);
        return { status: 'PENDING', message: 'A simulated payment for the specified payment request id is being processed. You will be informed of the result via a webhook.' };
      }
      let amountMinor = request.request_amount_minor;
      if (amount !== undefined) {
        const minor = toMinorUnits(amount, request.currency as Currency);
        if (!minor.ok) throw Errors.invalidValue(`amount has more decimal places than ${request.currency} allows`);
        if (request.request_amount_minor !== null && minor.minor !== request.request_amount_minor) {
          throw Errors.invalidValue(`amount must equal the request_amount ${toMajorUnits(request.request_amount_minor, request.currency as Currency)}`);
        }
        amountMinor = minor.minor;
      }
      if (amountMinor === null) throw Errors.fieldInvalid('/body/amount', 'is required for a payment request without request_amount');
      await engine.scheduleSettlement(request, amountMinor);
      return { status: 'PENDING', message: 'A simulated payment for the specified payment request id is being processed. You will be informed of the result via a webhook.' };
    },

    /** The worker's handler for scheduled settlements. */
    async runSettlement(requestId: string, amountMinor: number): Promise<void> {
      const request = await paymentStore.findRequestById(store.db, requestId);
      if (!request || !OPEN_REQUEST_STATUSES.includes(request.status)) return;
      if (engine.attemptOf(request).channel.interaction === 'PUSH') await engine.complete(request, { kind: 'approve' });
      else await engine.settle(request, amountMinor);
    },

    async getPayment(businessId: string, id: string): Promise<Record<string, unknown>> {
      const payment = await paymentStore.findPayment(store.db, businessId, id);
      if (!payment) throw Errors.paymentNotFound();
      return paymentView(payment);
    },

    /** Captures an authorisation (one capture, partial allowed); the request succeeds with it. */
    async capture(businessId: string, id: string, captureAmount: number, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      const payment = await paymentStore.findPayment(store.db, businessId, id);
      if (!payment) throw Errors.paymentNotFound();
      if (payment.status !== 'AUTHORIZED') throw Errors.ineligiblePaymentStatus(payment.status, 'AUTHORIZED');
      const body = parsePaymentBody(payment);
      const minor = toMinorUnits(captureAmount, body.currency as Currency);
      if (!minor.ok) throw Errors.invalidValue(`capture_amount has more decimal places than ${body.currency} allows`);
      if (minor.minor > payment.amount_minor) throw Errors.captureExceeded();
      const result = await store.db.transaction().execute(async (trx) => {
        const now = clock.now().toISOString();
        const captured: PaymentBody = { ...body, captures: [{ capture_id: newCaptureId(), capture_amount: toMajorUnits(minor.minor, body.currency as Currency), capture_timestamp: now }] };
        const moved = await paymentStore.transitionPayment(trx, id, ['AUTHORIZED'], { status: 'SUCCEEDED', captured_minor: minor.minor, body: JSON.stringify(captured), updated: now, authorized_until: null });
        if (!moved) return undefined;
        const request = await paymentStore.transitionRequest(trx, moved.payment_request_id, ['AUTHORIZED'], { status: 'SUCCEEDED', updated: now });
        const view = paymentView(moved);
        await recordEvent(trx, { businessId, type: 'payment.capture', subjectId: id, data: view, created: now, orderingKey: await sessionKey(trx, moved.payment_request_id, request) });
        await onCommit?.(trx, 200, view);
        return view;
      });
      if (!result) throw Errors.ineligiblePaymentStatus((await paymentStore.findPayment(store.db, businessId, id))!.status, 'AUTHORIZED');
      return result;
    },

    /** Voids an authorisation. */
    async void(businessId: string, id: string, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      const payment = await paymentStore.findPayment(store.db, businessId, id);
      if (!payment) throw Errors.paymentNotFound();
      const result = await store.db.transaction().execute(async (trx) => {
        const now = clock.now().toISOString();
        const moved = await paymentStore.transitionPayment(trx, id, ['AUTHORIZED'], { status: 'CANCELED', updated: now, authorized_until: null });
        if (!moved) return undefined;
        await paymentStore.transitionRequest(trx, moved.payment_request_id, ['AUTHORIZED'], { status: 'CANCELED', updated: now });
        const view = paymentView(moved);
        await onCommit?.(trx, 200, view);
        return view;
      });
      if (!result) throw Errors.ineligiblePaymentStatus((await paymentStore.findPayment(store.db, businessId, id))!.status, 'AUTHORIZED');
      return result;
    },

    /** Worker: lapsed requests (`payment_request.expiry`) and 7-day-old authorisations (`payment.expiry`). */
    async sweepExpired(businessId?: string): Promise<number> {
      let total = 0;
      for (;;) {
        const count = await store.db.transaction().execute(async (trx) => {
          const now = clock.now().toISOString();
          const requests = await paymentStore.expireDueRequests(trx, store.dialect, now, SWEEP_BATCH, businessId);
          for (const request of requests) {
            await recordEvent(trx, { businessId: request.business_id, type: 'payment_request.expiry', subjectId: request.id, data: paymentRequestView(request), created: now });
          }
          const payments = await paymentStore.expireDueAuthorizations(trx, store.dialect, now, SWEEP_BATCH, businessId);
          for (const payment of payments) {
            const request = await paymentStore.transitionRequest(trx, payment.payment_request_id, ['AUTHORIZED'], { status: 'EXPIRED', updated: now });
            const orderingKey = await sessionKey(trx, payment.payment_request_id, request);
            await recordEvent(trx, { businessId: payment.business_id, type: 'payment.expiry', subjectId: payment.id, data: paymentView(payment), created: now, orderingKey });
          }
          return requests.length + payments.length;
        });
        total += count;
        if (count < SWEEP_BATCH) return total;
      }
    },
  };
}

export type PaymentService = ReturnType<typeof paymentService>;
