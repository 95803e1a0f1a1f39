import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import type { PaymentRequestRow } from '../../db/tables.ts';
import type { Channel } from '../../channels/catalogue.ts';
import type { Attempt, Decision, FinalOutcome, Outcome, Started } from '../../channels/acquirer/types.ts';
import { newPaymentId, newPaymentRequestId, newPaymentTokenId } from '../../ids.ts';
import { recordEvent } from '../events/outbox.ts';
import { AlreadyFinalError, type AttemptLifecycle } from '../attempts/lifecycle.ts';
import type { SessionLifecycle } from '../sessions/lifecycle.ts';
import { saveTokenFromPayment } from '../tokens/saved.ts';
import type { TaskQueue } from '../../worker/tasks.ts';
import type { PreparedAttempt } from './prepared.ts';
import { OPEN_REQUEST_STATUSES, paymentStore } from './store.ts';
import { newPaymentRow } from './rows.ts';
import { parseRequestBody, paymentRequestView, paymentView, type PaymentRequestBody } from './views.ts';

/**
 * The payments engine: creates attempts, feeds them to the simulated acquirer, and applies
 * final outcomes. Every outcome is applied in ONE transaction with everything it causes:
 * the payment, the saved token, the session's completion and all their outbox events.
 *
 * Concurrency rules (why this is safe with 50 racing attempts or duplicate callbacks):
 * - a success first moves the session ACTIVE → COMPLETED with a guarded UPDATE; only one
 *   transaction can win it, and the losers roll back entirely;
 * - the request itself moves with a guarded UPDATE from an open status, so a second callback
 *   for the same request finds nothing to move and changes nothing;
 * - the session row is always locked before request rows, so transactions never deadlock.
 */
export type { PreparedAttempt } from './prepared.ts';

export interface EngineDeps {
  store: Store;
  clock: Clock;
  tasks: TaskQueue;
  /** What payment requests share with token linking (attempts/lifecycle.ts). */
  attempts: AttemptLifecycle;
  /** The session's one way to COMPLETED (sessions/lifecycle.ts), which also closes its other attempts. */
  completeSession: SessionLifecycle['complete'];
}

export function paymentEngine(deps: EngineDeps) {
  const { store, clock, tasks, attempts, completeSession } = deps;

  /** The acquirer's view of a stored request (for callbacks, simulations and expiry). */
  function attemptOf(row: PaymentRequestRow): Attempt {
    return attempts.attemptOf({
      channelCode: row.channel_code,
      country: row.country,
      currency: row.currency,
      amountMinor: row.request_amount_minor,
      captureMethod: row.capture_method,
      reusable: row.type === 'REUSABLE_PAYMENT_CODE',
      simToken: row.sim_token,
      internal: parseRequestBody(row).internal,
    });
  }

  /** Events of a session's attempts share the session's ordering key, so they arrive in order. */
  async function record(trx: Tx, businessId: string, type: string, subjectId: string, data: unknown, now: string, orderingKey?: string | null): Promise<void> {
    await recordEvent(trx, { businessId, type, subjectId, data, created: now, orderingKey: orderingKey ?? undefined });
  }

  /** Applies a final outcome to an open request (see the concurrency rules above). */
  async function applyFinal(trx: Tx, request: PaymentRequestRow, outcome: FinalOutcome, now: string): Promise<PaymentRequestRow> {
    const paymentId = newPaymentId();
    const amountMinor = request.request_amount_minor ?? 0;
    if (outcome.status === 'FAILED') {
      const moved = await paymentStore.transitionRequest(trx, request.id, OPEN_REQUEST_STATUSES, { status: 'FAILED', failure_code: outcome.failureCode, latest_payment_id: paymentId, updated: now });
      if (!moved) throw new AlreadyFinalError();
      const payment = newPaymentRow(request, outcome, paymentId, null, now, amountMinor);
      await paymentStore.insertPayment(trx, payment);
      await record(trx, request.business_id, 'payment.failure', paymentId, paymentView(payment), now, request.session_id);
      return moved;
    }

    const saving = request.type === 'PAY_AND_SAVE' && !request.payment_token_id;
    const tokenId = saving ? newPaymentTokenId() : null;
    const recordCompletion = request.session_id
      ? await completeSession(trx, request.session_id, { payment_request_id: request.id, payment_id: paymentId, payment_token_id: tokenId ?? request.payment_token_id ?? undefined }, now)
      : undefined;
    // The token row exists before the request points at it (foreign key).
    if (tokenId) {
      const { channel_properties, internal } = parseRequestBody(request);
      await saveTokenFromPayment(trx, {
        tokenId,
        businessId: request.business_id,
        sessionId: request.session_id,
        customerId: request.customer_id,
        referenceId: request.reference_id,
        channelCode: request.channel_code,
        country: request.country,
        currency: request.currency,
        vaultCardId: request.vault_card_id,
        channelProperties: channel_properties,
        network: internal.network,
        // The payment's 3DS authenticated the saved card too, so the token reports it (Xendit's TokenDetails).
        authenticationData: outcome.paymentDetails.authentication_data as Record<string, unknown> | undefined,
      }, now);
    }
    const moved = await paymentStore.transitionRequest(trx, request.id, OPEN_REQUEST_STATUSES, {
      status: outcome.status,
      latest_payment_id: paymentId,
      updated: now,
      ...(tokenId ? { payment_token_id: tokenId } : {}),
    });
    if (!moved) throw new AlreadyFinalError();
    const payment = newPaymentRow(moved, outcome, paymentId, tokenId, now, amountMinor);
    await paymentStore.insertPayment(trx, payment);
    await record(trx, request.business_id, outcome.status === 'SUCCEEDED' ? 'payment.capture' : 'payment.authorization', paymentId, paymentView(payment), now, request.session_id);
    await recordCompletion?.();
    return moved;
  }

  /** Applies `work` once (attempts/lifecycle.ts): a duplicate answers the request as it is; a closed session cancels it. */
  const applyOnce = (id: string, work: (trx: Tx) => Promise<PaymentRequestRow>): Promise<PaymentRequestRow> =>
    attempts.applyOnce(work, {
      current: async () => (await paymentStore.findRequestById(store.db, id))!,
      cancel: (trx, now) => paymentStore.transitionRequest(trx, id, OPEN_REQUEST_STATUSES, { status: 'CANCELED', updated: now }),
    });

  return {
    attemptOf,
    /** Applies a final outcome inside the caller's transaction (OTP validation, payments/otp.ts). */
    applyFinal,

    /** Creates a payment request and runs the attempt as far as it goes without the customer. */
    async create(
      prepared: PreparedAttempt,
      onCommit?: (trx: Tx, status: number, body: unknown) => Promise<void>,
      resolveCustomer?: (trx: Tx) => Promise<string | undefined>,
    ): Promise<PaymentRequestRow> {
      const now = clock.now().toISOString();
      const id = newPaymentRequestId();
      const { channel, card } = prepared;
      const simToken = attempts.newSimulatorToken(channel);
      const savedCardNetwork = prepared.token?.vault_card_id ? await attempts.savedCardNetwork(prepared.token.vault_card_id) : undefined;
      const internal: PaymentRequestBody['internal'] = {
        with_token: prepared.token !== null,
        network: card?.network ?? savedCardNetwork,
        cvn_given: card ? card.cvn !== undefined : savedCardNetwork !== undefined,
      };
      const row: PaymentRequestRow = {
        id,
        business_id: prepared.businessId,
        session_id: prepared.sessionId,
        reference_id: prepared.referenceId,
        type: prepared.type,
        country: channel.country,
        currency: channel.currency,
        request_amount_minor: prepared.amountMinor,
        capture_method: prepared.captureMethod,
        channel_code: channel.code,
        status: 'PENDING',
        failure_code: null,
        customer_id: prepared.customerId,
        payment_token_id: prepared.token?.id ?? null,
        latest_payment_id: null,
        vault_card_id: prepared.token?.vault_card_id ?? null,
        sim_token: simToken,
        expires_at: new Date(Date.parse(now) + channel.defaultExpiryMinutes * 60_000).toISOString(),
        body: '',
        created: now,
        updated: now,
      };
      const outcome: Started<Outcome> = attempts.adapterFor(channel).start({
        ...attemptOf({ ...row, body: JSON.stringify({ actions: [], internal }) }),
        state: {},
        reference: id,
        cardNumber: card?.pan.reveal(),
        apiUrl: attempts.apiUrl(`/v3/payment_requests/${id}`),
        now: new Date(now),
      });
      internal.acquirer_state = outcome.state ?? {};
      const actions = 'actions' in outcome ? outcome.actions : [];
      const body: PaymentRequestBody = {
        channel_properties: withDefaults(prepared.channelProperties, channel, row.expires_at),
        actions,
        description: prepared.description,
        metadata: prepared.metadata,
        items: prepared.items,
        shipping_information: prepared.shipping,
        internal,
      };
      row.body = JSON.stringify(body);
      if (outcome.status === 'REQUIRES_ACTION' || outcome.status === 'ACCEPTING_PAYMENTS') row.status = outcome.status;

      const result = await store.db.transaction().execute(async (trx) => {
        if (card) {
          row.vault_card_id = await attempts.vaultCard(trx, prepared.businessId, card, body.channel_properties, now);
          row.body = JSON.stringify(body);
        }
        if (resolveCustomer) row.customer_id = (await resolveCustomer(trx)) ?? null;
        await paymentStore.insertRequest(trx, row);
        const final = 'actions' in outcome ? row : await applyFinal(trx, row, outcome, now);
        await onCommit?.(trx, 201, paymentRequestView(final));
        return final;
      });
      attempts.holdCvn(id, card, result.status);
      return result;
    },

    /** The customer's decision on the request's simulator page; a second decision changes nothing. */
    async complete(request: PaymentRequestRow, decision: Decision): Promise<PaymentRequestRow> {
      if (!OPEN_REQUEST_STATUSES.includes(request.status)) return request;
      const attempt = attemptOf(request);
      const adapter = attempts.adapterFor(attempt.channel);
      if (!adapter.complete) throw new Error(`${attempt.channel.code} has no customer decision to apply`);
      const outcome = adapter.complete(attempt, decision);
      const result = await applyOnce(request.id, (trx) => applyFinal(trx, request, outcome, clock.now().toISOString()));
      attempts.dropCvn(request.id);
      return result;
    },

    /** A simulated transfer / QR scan / counter payment arrives for a PRESENT request. */
    async settle(request: PaymentRequestRow, amountMinor: number): Promise<PaymentRequestRow> {
      const attempt = attemptOf(request);
      const adapter = attempts.adapterFor(attempt.channel);
      if (!adapter.settle) throw new Error(`${attempt.channel.code} is not paid by presenting a code`);
      const outcome = adapter.settle(attempt, 'LUNAS TEST PAYER');
      if (request.type !== 'REUSABLE_PAYMENT_CODE') {
        return applyOnce(request.id, (trx) => applyFinal(trx, request, outcome, clock.now().toISOString()));
      }
      // A reusable code stays open: every payment into it is a new payment.
      return store.db.transaction().execute(async (trx) => {
        const now = clock.now().toISOString();
        const paymentId = newPaymentId();
        // A reusable code stays in the status it opened in (REQUIRES_ACTION for VN virtual accounts).
        const moved = await paymentStore.transitionRequest(trx, request.id, ['ACCEPTING_PAYMENTS', 'REQUIRES_ACTION'], { latest_payment_id: paymentId, updated: now });
        if (!moved) return (await paymentStore.findRequestById(trx, request.id))!;
        const payment = newPaymentRow(moved, outcome, paymentId, null, now, amountMinor);
        await paymentStore.insertPayment(trx, payment);
        await record(trx, request.business_id, 'payment.capture', paymentId, paymentView(payment), now);
        return moved;
      });
    },

    /** Enqueues a simulated payment; the worker applies it (crash-safe, at least once, idempotent). */
    async scheduleSettlement(request: PaymentRequestRow, amountMinor: number): Promise<void> {
      await store.db.transaction().execute((trx) => tasks.enqueue(trx, 'settle_payment_request', request.id, { amount_minor: amountMinor }));
      tasks.kick();
    },
  };
}

/** Server additions to the echo: PRESENT channels carry their expiry, as Xendit's VA examples do. */
function withDefaults(properties: Record<string, unknown> | undefined, channel: Channel, expiresAt: string | null): Record<string, unknown> | undefined {
  if (channel.interaction !== 'PRESENT') return properties;
  return { ...(properties ?? {}), expires_at: (properties?.expires_at as string | undefined) ?? expiresAt };
}

export type PaymentEngine = ReturnType<typeof paymentEngine>;
