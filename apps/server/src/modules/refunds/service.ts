import type { Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import type { Acquirer } from '../../channels/acquirer/types.ts';
import { findChannel } from '../../channels/catalogue.ts';
import { Errors } from '../../errors.ts';
import { newRefundId } from '../../ids.ts';
import { toMinorUnits, type Currency } from '../../money.ts';
import { recordEvent } from '../events/outbox.ts';
import { channelOfRequest, findRefundable, releaseRefund, reserveRefund } from '../payments/refundable.ts';
import type { CommitHook } from '../sessions/service.ts';
import type { TaskQueue } from '../../worker/tasks.ts';
import type { RefundInput, RefundListQuery } from './schemas.ts';
import { refundStore, type RefundCursor } from './store.ts';
import { refundView, type Refund } from './views.ts';

const METHOD_TYPE: Record<string, string> = { CARDS: 'CARD', EWALLET: 'EWALLET', DIRECT_DEBIT: 'DIRECT_DEBIT' };

/** One page of `GET /refunds`, newest first, and where the list goes on from it. */
export interface RefundPage {
  data: Record<string, unknown>[];
  /** More refunds follow in the page's direction: older (no cursor, after_id) or newer (before_id). */
  has_more: boolean;
  direction: RefundCursor['direction'];
  /** The cursor that continues in that direction. */
  continueFrom?: string;
}

/**
 * Refunds up to the captured amount, where the channel and its acquirer allow them. The
 * refundable amount is reserved on the payment with a guarded UPDATE when the refund is
 * accepted, so concurrent refunds can never exceed the capture; the acquirer's answer arrives
 * asynchronously (a task), as `refund.succeeded` or `refund.failed` (which releases the
 * reservation). A refund still PENDING can be cancelled, which releases it too; the
 * cancel and the answer are guarded UPDATEs of the same row, so exactly one of them applies.
 */
export function refundService(deps: { store: Store; clock: Clock; tasks: TaskQueue; acquirer: Acquirer }) {
  const { store, clock, tasks, acquirer } = deps;

  return {
    async create(businessId: string, input: RefundInput, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      const refundable = await findRefundable(store.db, businessId, input.payment_request_id);
      if (!refundable) throw Errors.paymentRequestNotFound();
      const { request, payment } = refundable;
      const channel = findChannel(request.channelCode, request.country, request.currency);
      if (!channel?.refundable || !acquirer.adapterFor(channel.family).refund) throw Errors.refundNotSupported(request.channelCode);
      if (!payment) throw Errors.notRefundable(request.status);
      if (input.currency !== undefined && input.currency !== request.currency) throw Errors.refundCurrency(request.currency);
      let amountMinor = payment.capturedMinor - payment.refundedMinor;
      if (input.amount !== undefined) {
        const minor = toMinorUnits(input.amount, request.currency as Currency);
        if (!minor.ok) throw Errors.invalidValue(`amount has more decimal places than ${request.currency} allows`);
        amountMinor = minor.minor;
      }
      if (amountMinor <= 0 || amountMinor > payment.capturedMinor - payment.refundedMinor) throw Errors.refundExceeded();
      if (amountMinor < payment.capturedMinor && !channel.partialRefund) throw Errors.partialRefundNotSupported(request.channelCode);

      const now = clock.now().toISOString();
      const refund: Refund = {
        id: newRefundId(),
        business_id: businessId,
        payment_id: payment.id,
        payment_request_id: request.id,
        status: 'PENDING',
        amount_minor: amountMinor,
        channel_code: request.channelCode,
        payment_method_type: METHOD_TYPE[channel.family] ?? channel.family,
        country: request.country,
        body: { reference_id: input.reference_id, currency: request.currency, reason: input.reason, metadata: input.metadata ?? undefined },
        created: now,
        updated: now,
      };
      const view = await store.db.transaction().execute(async (trx) => {
        if (!(await reserveRefund(trx, payment.id, amountMinor))) return undefined;
        await refundStore.insert(trx, refund);
        await tasks.enqueue(trx, 'process_refund', refund.id);
        const view = refundView(refund);
        await onCommit?.(trx, 200, view);
        return view;
      });
      if (!view) throw Errors.refundExceeded();
      tasks.kick();
      return view;
    },

    async get(businessId: string, id: string): Promise<Record<string, unknown>> {
      const refund = await refundStore.find(store.db, businessId, id);
      if (!refund) throw Errors.refundNotFound();
      return refundView(refund);
    },

    async list(businessId: string, query: RefundListQuery): Promise<RefundPage> {
      if (query.after_id !== undefined && query.before_id !== undefined) throw Errors.fieldInvalid('/querystring/before_id', 'cannot be given with after_id: page one way at a time');
      const limit = query.limit ?? 10;
      const direction = query.before_id !== undefined ? 'before' : 'after';
      const cursorId = query.after_id ?? query.before_id;
      let cursor: RefundCursor | undefined;
      if (cursorId !== undefined) {
        const refund = await refundStore.find(store.db, businessId, cursorId);
        if (!refund) throw Errors.refundNotFound();
        cursor = { direction, refund };
      }
      const rows = await refundStore.list(store.db, businessId, query, cursor, limit);
      const page = rows.slice(0, limit);
      if (direction === 'before') page.reverse();
      const edge = direction === 'before' ? page[0] : page.at(-1);
      return { data: page.map(refundView), has_more: rows.length > limit, direction, continueFrom: edge?.id };
    },

    /** PENDING → CANCELLED, the reservation given back to the payment; no webhook (Xendit documents none). */
    async cancel(businessId: string, id: string, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      const view = await store.db.transaction().execute(async (trx) => {
        const cancelled = await refundStore.cancel(trx, businessId, id, clock.now().toISOString());
        if (!cancelled) return undefined;
        await releaseRefund(trx, cancelled.payment_id, cancelled.amount_minor);
        const view = refundView(cancelled);
        await onCommit?.(trx, 200, view);
        return view;
      });
      if (view) return view;
      const refund = await refundStore.find(store.db, businessId, id);
      if (!refund) throw Errors.refundNotFound();
      throw Errors.refundNotCancellable(refund.status);
    },

    /** The acquirer's answer; guarded, so a task run twice changes nothing the second time. */
    async process(id: string): Promise<void> {
      await store.db.transaction().execute(async (trx) => {
        const refund = await refundStore.findById(trx, id);
        if (!refund || refund.status !== 'PENDING') return;
        const request = await channelOfRequest(trx, refund.payment_request_id);
        const channel = request && findChannel(request.channelCode, request.country, request.currency);
        const adapter = channel && acquirer.adapterFor(channel.family);
        if (!channel || !adapter?.refund) throw new Error(`refund ${id}: channel ${refund.channel_code} can no longer be refunded`);
        const outcome = adapter.refund({ channel, amountMinor: refund.amount_minor, currency: refund.body.currency as Currency });
        // No answer from the provider: the refund stays PENDING (and cancellable).
        if (outcome.status === 'PENDING') return;
        const now = clock.now().toISOString();
        const body = outcome.status === 'FAILED' ? { ...refund.body, failure_code: outcome.failureCode } : refund.body;
        const moved = await refundStore.finish(trx, id, { status: outcome.status, body, updated: now });
        if (!moved) return;
        if (outcome.status === 'FAILED') await releaseRefund(trx, refund.payment_id, refund.amount_minor);
        await recordEvent(trx, { businessId: refund.business_id, type: outcome.status === 'FAILED' ? 'refund.failed' : 'refund.succeeded', subjectId: refund.id, data: refundView(moved), created: now });
      });
    },
  };
}

export type RefundService = ReturnType<typeof refundService>;
