import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import type { Attempt, Decision, LinkOutcome, Started } from '../../channels/acquirer/types.ts';
import type { Channel } from '../../channels/catalogue.ts';
import { Errors } from '../../errors.ts';
import { newPaymentTokenId, newSimulatorToken } from '../../ids.ts';
import { recordEvent } from '../events/outbox.ts';
import { checkChannelProperties } from '../attempts/channel-input.ts';
import { AlreadyFinalError, type AttemptLifecycle } from '../attempts/lifecycle.ts';
import type { SessionLifecycle } from '../sessions/lifecycle.ts';
import type { CommitHook } from '../sessions/service.ts';
import type { PaymentToken, TokenBody } from './model.ts';
import { OPEN_TOKEN_STATUSES, tokenStore } from './store.ts';
import { tokenView } from './views.ts';

/**
 * Saving a payment method is an attempt like paying (attempts/lifecycle.ts): the customer
 * authenticates (3DS for cards, the provider's linking page otherwise) and the token ends
 * ACTIVE or FAILED once; its activation and a SAVE session's completion commit together.
 */
export interface NewToken {
  businessId: string;
  sessionId: string | null;
  customerId: string | null;
  referenceId: string | null;
  channel: Channel;
  properties: Record<string, unknown> | undefined;
  description?: string;
  metadata?: unknown;
}

/** The answer for a channel whose acquirer cannot save it. */
const NOT_LINKABLE: LinkOutcome = { status: 'FAILED', failureCode: 'INVALID_MERCHANT_SETTINGS' };

export function tokenLinking(deps: { store: Store; clock: Clock; attempts: AttemptLifecycle; completeSession: SessionLifecycle['complete'] }) {
  const { clock, attempts } = deps;

  const attemptOf = (token: PaymentToken): Attempt =>
    attempts.attemptOf({ channelCode: token.channel_code, country: token.country, currency: token.currency, amountMinor: 0, captureMethod: 'AUTOMATIC', reusable: false, simToken: token.sim_token, internal: token.body.internal });

  /** Applies ACTIVE or FAILED with its events (and the SAVE session's completion) in the caller's transaction. */
  async function applyLink(trx: Tx, token: PaymentToken, outcome: LinkOutcome, now: string): Promise<PaymentToken> {
    if (outcome.status === 'REQUIRES_ACTION') return token;
    const recordCompletion = outcome.status === 'ACTIVE' && token.session_id ? await deps.completeSession(trx, token.session_id, { payment_token_id: token.id }, now) : undefined;
    const body: TokenBody = { ...token.body, ...(outcome.status === 'ACTIVE' ? { token_details: outcome.tokenDetails } : {}) };
    const moved = await tokenStore.transition(trx, token.id, OPEN_TOKEN_STATUSES, { status: outcome.status, failure_code: outcome.status === 'FAILED' ? outcome.failureCode : null, body, updated: now });
    if (!moved) throw new AlreadyFinalError();
    await recordEvent(trx, { businessId: token.business_id, type: outcome.status === 'ACTIVE' ? 'payment_token.activation' : 'payment_token.failure', subjectId: token.id, data: tokenView(moved), created: now, orderingKey: token.session_id ?? undefined });
    await recordCompletion?.();
    return moved;
  }

  return {
    attemptOf,
    /** Applies ACTIVE or FAILED inside the caller's transaction (OTP validation, tokens/otp.ts). */
    applyLink,

    /** Makes a token and runs the linking as far as it goes without the customer. */
    async start(request: NewToken, onCommit?: CommitHook, resolveCustomer?: (trx: Tx) => Promise<string | undefined>): Promise<PaymentToken> {
      const { channel } = request;
      if (!channel.savable) throw Errors.invalidValue(`Channel ${channel.code} cannot save payment methods`);
      const nowDate = clock.now();
      const now = nowDate.toISOString();
      const { echo, card } = checkChannelProperties(channel, request.properties, { withToken: false, now: nowDate, linking: true });
      const token: PaymentToken = {
        id: newPaymentTokenId(),
        business_id: request.businessId,
        session_id: request.sessionId,
        customer_id: request.customerId,
        reference_id: request.referenceId,
        channel_code: channel.code,
        country: channel.country,
        currency: channel.currency,
        status: 'REQUIRES_ACTION',
        failure_code: null,
        vault_card_id: null,
        // Every linking has a page where the customer authenticates.
        sim_token: newSimulatorToken(),
        expires_at: new Date(nowDate.getTime() + Math.max(channel.defaultExpiryMinutes, 10) * 60_000).toISOString(),
        body: { channel_properties: echo, actions: [], description: request.description, metadata: request.metadata, internal: { network: card?.network, cvn_given: card?.cvn !== undefined } },
        created: now,
        updated: now,
      };
      const linking = attempts.adapterFor(channel).linking;
      const outcome: Started<LinkOutcome> = linking ? linking.start({ ...attemptOf(token), state: {}, reference: token.id, cardNumber: card?.pan.reveal(), apiUrl: attempts.apiUrl(`/v3/payment_tokens/${token.id}`), now: nowDate }) : NOT_LINKABLE;
      token.body.actions = outcome.status === 'REQUIRES_ACTION' ? outcome.actions : [];
      token.body.internal.acquirer_state = outcome.state ?? {};

      const result = await attempts.applyOnce(
        async (trx) => {
          if (resolveCustomer) token.customer_id = (await resolveCustomer(trx)) ?? null;
          if (card) token.vault_card_id = await attempts.vaultCard(trx, request.businessId, card, token.body.channel_properties, now);
          await tokenStore.insert(trx, token);
          const final = await applyLink(trx, token, outcome, now);
          await onCommit?.(trx, 201, tokenView(final));
          return final;
        },
        // A new token cannot be final already, and a SAVE session that closed meanwhile is the caller's answer (createForSession).
        { current: async () => token, cancel: async () => undefined },
      );
      attempts.holdCvn(token.id, card, result.status);
      return result;
    },

    /** The customer's decision on the linking page; a second decision changes nothing. */
    async decide(token: PaymentToken, decision: Decision): Promise<PaymentToken> {
      if (!OPEN_TOKEN_STATUSES.includes(token.status)) return token;
      const linking = attempts.adapterFor(attempts.channelOf({ channelCode: token.channel_code, country: token.country, currency: token.currency })).linking;
      const outcome = linking ? linking.complete(attemptOf(token), decision) : NOT_LINKABLE;
      attempts.dropCvn(token.id);
      return attempts.applyOnce((trx) => applyLink(trx, token, outcome, clock.now().toISOString()), {
        current: async () => (await tokenStore.find(deps.store.db, token.business_id, token.id))!,
        cancel: (trx, now) => tokenStore.transition(trx, token.id, OPEN_TOKEN_STATUSES, { status: 'CANCELED', updated: now }),
      });
    },
  };
}

export type TokenLinking = ReturnType<typeof tokenLinking>;
