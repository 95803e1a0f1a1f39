import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import type { RefundRow } from '../../db/tables.ts';
import type { Acquirer } from '../../channels/acquirer/types.ts';
import { findChannel } from '../../channels/catalogue.ts';
import { ApiError, Errors } from '../../errors.ts';
import { omitUndefined } from '../../json.ts';
import { toMajorUnits, toMinorUnits, type Currency } from '../../money.ts';
import { recordEvent } from '../events/outbox.ts';
import { paymentStore } from '../payments/store.ts';
import type { CommitHook } from '../sessions/service.ts';
import type { TaskQueue } from '../../worker/tasks.ts';
import type { RefundInput } from './schemas.ts';

/**
 * Refunds up to the captured amount, where the channel and its acquirer allow them. The
 * refundable amount is reserved on the payment with a guarded UPDATE when the refund is
 * accepted, so concurrent refunds can never exceed the capture; the acquirer's answer arrives
 * asynchronously (a task), as `refund.succeeded` or `refund.failed` (which releases the
 * reservation).
 */

const refundErrors = {
  notFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Refund not found'),
  notSupported: (channel: string) => new ApiError(403, 'REFUND_NOT_SUPPORTED', `Refunds are not supported for channel ${channel}`),
  partialNotSupported: (channel: string) => new ApiError(403, 'PARTIAL_REFUND_NOT_SUPPORTED', `Partial refunds are not supported for channel ${channel}; refund the full amount`),
  exceeded: () => new ApiError(400, 'REFUND_AMOUNT_EXCEEDED', 'The refund amount is larger than what is left to refund on this payment'),
  notRefundable: (status: string) => new ApiError(400, 'INVALID_VALUE_ERROR', `The payment request has no captured payment to refund (status ${status})`),
  currency: (expected: string) => new ApiError(400, 'INVALID_VALUE_ERROR', `currency must be ${expected}, the currency of the payment`),
};

interface RefundBody {
  reference_id?: string;
  channel_code: string;
  currency: string;
  reason: string;
  failure_code?: string;
  metadata?: unknown;
  payment_method_type: string;
}

export function refundView(row: RefundRow): Record<string, unknown> {
  const body = JSON.parse(row.body) as RefundBody;
  const view: Record<string, unknown> = {
    id: row.id,
    payment_request_id: row.payment_request_id,
    payment_id: row.payment_id,
    payment_method_type: body.payment_method_type,
    reference_id: body.reference_id,
    channel_code: body.channel_code,
    currency: body.currency,
    amount: toMajorUnits(row.amount_minor, body.currency as Currency),
    status: row.status,
    reason: body.reason,
    failure_code: body.failure_code,
    refund_fee_amount: 0,
    metadata: body.metadata,
    created: row.created,
    updated: row.updated,
  };
  return omitUndefined(view);
}

const METHOD_TYPE: Record<string, string> = { CARDS: 'CARD', EWALLET: 'EWALLET', DIRECT_DEBIT: 'DIRECT_DEBIT' };

export function refundService(deps: { store: Store; clock: Clock; tasks: TaskQueue; acquirer: Acquirer }) {
  const { store, clock, tasks, acquirer } = deps;

  return {
    async create(businessId: string, input: RefundInput, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      const request = await paymentStore.findRequest(store.db, businessId, input.payment_request_id);
      if (!request) throw Errors.paymentRequestNotFound();
      const channel = findChannel(request.channel_code, request.country, request.currency);
      if (!channel?.refundable || !acquirer.adapterFor(channel.family).refund) throw refundErrors.notSupported(request.channel_code);
      const payment = await paymentStore.latestSucceededPayment(store.db, request.id);
      if (!payment) throw refundErrors.notRefundable(request.status);
      if (input.currency !== undefined && input.currency !== request.currency) throw refundErrors.currency(request.currency);
      let amountMinor = payment.captured_minor - payment.refunded_minor;
      if (input.amount !== undefined) {
        const minor = toMinorUnits(input.amount, request.currency as Currency);
        if (!minor.ok) throw new ApiError(400, 'INVALID_VALUE_ERROR', `amount has more decimal places than ${request.currency} allows`);
        amountMinor = minor.minor;
      }
      if (amountMinor <= 0 || amountMinor > payment.captured_minor - payment.refunded_minor) throw refundErrors.exceeded();
      if (amountMinor < payment.captured_minor && !channel.partialRefund) throw refundErrors.partialNotSupported(request.channel_code);

      const now = clock.now().toISOString();
      const row: RefundRow = {
        id: `rfd-${randomUUID()}`,
        business_id: businessId,
        payment_id: payment.id,
        payment_request_id: request.id,
        status: 'PENDING',
        amount_minor: amountMinor,
        body: JSON.stringify({
          reference_id: input.reference_id,
          channel_code: request.channel_code,
          currency: request.currency,
          reason: input.reason,
          metadata: input.metadata ?? undefined,
          payment_method_type: METHOD_TYPE[channel.family] ?? channel.family,
        } satisfies RefundBody),
        created: now,
        updated: now,
      };
      const view = await store.db.transaction().execute(async (trx) => {
        if (!(await paymentStore.reserveRefund(trx, payment.id, amountMinor))) return undefined;
        await trx.insertInto('refunds').values(row).execute();
        await tasks.enqueue(trx, 'process_refund', row.id);
        const view = refundView(row);
        await onCommit?.(trx, 200, view);
        return view;
      });
      if (!view) throw refundErrors.exceeded();
      tasks.kick();
      return view;
    },

    async get(businessId: string, id: string): Promise<Record<string, unknown>> {
      const row = await store.db.selectFrom('refunds').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
      if (!row) throw refundErrors.notFound();
      return refundView(row);
    },

    /** The acquirer's answer; guarded, so a task run twice changes nothing the second time. */
    async process(id: string): Promise<void> {
      await store.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
        if (!row || row.status !== 'PENDING') return;
        const body = JSON.parse(row.body) as RefundBody;
        const request = await paymentStore.findRequestById(trx, row.payment_request_id);
        const channel = request && findChannel(request.channel_code, request.country, request.currency);
        const refund = channel && acquirer.adapterFor(channel.family).refund;
        if (!channel || !refund) throw new Error(`refund ${id}: its channel ${body.channel_code} can no longer be refunded`);
        const outcome = refund({ channel, amountMinor: row.amount_minor, currency: body.currency as Currency });
        const fails = outcome.status === 'FAILED';
        const now = clock.now().toISOString();
        const nextBody: RefundBody = outcome.status === 'FAILED' ? { ...body, failure_code: outcome.failureCode } : body;
        const moved = await trx
          .updateTable('refunds')
          .set({ status: fails ? 'FAILED' : 'SUCCEEDED', body: JSON.stringify(nextBody), updated: now })
          .where('id', '=', id)
          .where('status', '=', 'PENDING')
          .returningAll()
          .executeTakeFirst();
        if (!moved) return;
        if (fails) await paymentStore.releaseRefund(trx, row.payment_id, row.amount_minor);
        await recordEvent(trx, { businessId: row.business_id, type: fails ? 'refund.failed' : 'refund.succeeded', subjectId: row.id, data: refundView(moved), created: now });
      });
    },
  };
}

export type RefundService = ReturnType<typeof refundService>;
