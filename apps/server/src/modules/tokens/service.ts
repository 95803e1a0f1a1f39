import { randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import type { PaymentTokenRow } from '../../db/tables.ts';
import type { Channel } from '../../channels/catalogue.ts';
import type { Attempt, Decision, LinkOutcome, Started } from '../../channels/acquirer/types.ts';
import { storedAcquirerState } from '../../channels/acquirer/state.ts';
import type { CardNetwork } from '../../channels/cards/network.ts';
import { ApiError, Errors } from '../../errors.ts';
import type { Currency } from '../../money.ts';
import { recordEvent } from '../events/outbox.ts';
import type { PaymentEngine } from '../payments/engine.ts';
import { checkChannelProperties, resolveChannel, v3Error } from '../payments/prepare.ts';
import type { SessionAttemptInput } from '../payments/schemas.ts';
import { SessionClosedError } from '../sessions/lifecycle.ts';
import type { Session } from '../sessions/model.ts';
import type { CommitHook } from '../sessions/service.ts';
import type { Vault } from '../vault/vault.ts';
import type { PaymentTokenInput } from './schemas.ts';
import { OPEN_TOKEN_STATUSES, tokenStore } from './store.ts';
import { parseTokenBody, tokenView, type TokenBody } from './views.ts';

/**
 * Saving payment methods: `POST /v3/payment_tokens`, and the attempts of SAVE sessions.
 * A token is ACTIVE once the customer has authenticated (3DS for cards, the provider's
 * linking page otherwise); activation and the SAVE session's completion commit together.
 */
const tokenNotFound = () => new ApiError(404, 'DATA_NOT_FOUND', 'Payment token not found');
const SWEEP_BATCH = 200;
/** The answer for a channel whose acquirer cannot save it. */
const NOT_LINKABLE: LinkOutcome = { status: 'FAILED', failureCode: 'INVALID_MERCHANT_SETTINGS' };

interface NewToken {
  businessId: string;
  sessionId: string | null;
  customerId: string | null;
  referenceId: string | null;
  channel: Channel;
  properties: Record<string, unknown> | undefined;
  description?: string;
  metadata?: unknown;
}

export function tokenService(deps: { store: Store; clock: Clock; vault: Vault; engine: PaymentEngine; resolveCustomer: (trx: Tx, businessId: string, input: PaymentTokenInput) => Promise<string | undefined> }) {
  const { store, clock, vault, engine } = deps;
  const random = (bytes: number) => randomBytes(bytes);

  function attemptOf(row: PaymentTokenRow, channel: Channel): Attempt {
    const body = parseTokenBody(row);
    return {
      channel,
      amountMinor: 0,
      currency: row.currency as Currency,
      captureMethod: 'AUTOMATIC',
      withToken: false,
      reusable: false,
      card: body.internal.network
        ? { network: body.internal.network as CardNetwork, cvnGiven: body.internal.cvn_given ?? false }
        : undefined,
      simulatorUrl: row.sim_token ? engine.simulatorUrl(row.sim_token) : '',
      state: storedAcquirerState(body.internal),
      random,
    };
  }

  /** Applies ACTIVE or FAILED with its events (and the SAVE session's completion) in one transaction. */
  async function applyLink(trx: Tx, row: PaymentTokenRow, outcome: LinkOutcome, now: string): Promise<PaymentTokenRow | undefined> {
    if (outcome.status === 'REQUIRES_ACTION') return row;
    const recordCompletion = outcome.status === 'ACTIVE' && row.session_id ? await engine.completeSession(trx, row.session_id, { payment_token_id: row.id }, now) : undefined;
    const body: TokenBody = { ...parseTokenBody(row), ...(outcome.status === 'ACTIVE' ? { token_details: outcome.tokenDetails } : {}) };
    const moved = await tokenStore.transition(trx, row.id, OPEN_TOKEN_STATUSES, {
      status: outcome.status,
      failure_code: outcome.status === 'FAILED' ? outcome.failureCode : null,
      body: JSON.stringify(body),
      updated: now,
    });
    if (!moved) return undefined;
    await recordEvent(trx, { businessId: row.business_id, type: outcome.status === 'ACTIVE' ? 'payment_token.activation' : 'payment_token.failure', subjectId: row.id, data: tokenView(moved), created: now, orderingKey: row.session_id ?? undefined });
    await recordCompletion?.();
    return moved;
  }

  async function create(request: NewToken, onCommit?: CommitHook, resolveCustomer?: (trx: Tx) => Promise<string | undefined>): Promise<PaymentTokenRow> {
    const { channel } = request;
    if (!channel.savable) throw v3Error.invalidValue(`Channel ${channel.code} cannot save payment methods`);
    const nowDate = clock.now();
    const now = nowDate.toISOString();
    const { echo, card } = checkChannelProperties(channel, request.properties, { withToken: false, amountMinor: 0, now: nowDate });
    const id = `pt-${randomUUID()}`;
    const internal: TokenBody['internal'] = { network: card?.network, cvn_given: card?.cvn !== undefined };
    const row: PaymentTokenRow = {
      id,
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
      sim_token: randomBytes(16).toString('base64url'),
      expires_at: new Date(nowDate.getTime() + Math.max(channel.defaultExpiryMinutes, 10) * 60_000).toISOString(),
      body: '',
      created: now,
      updated: now,
    };
    row.body = JSON.stringify({ channel_properties: echo, actions: [], description: request.description, metadata: request.metadata, internal } satisfies TokenBody);
    const linking = engine.acquirer.adapterFor(channel.family).linking;
    const outcome: Started<LinkOutcome> = linking ? linking.start({ ...attemptOf(row, channel), state: {}, reference: id, cardNumber: card?.pan.reveal() }) : NOT_LINKABLE;
    row.body = JSON.stringify({ ...parseTokenBody(row), actions: outcome.status === 'REQUIRES_ACTION' ? outcome.actions : [], internal: { ...internal, acquirer_state: outcome.state ?? {} } });

    const result = await store.db.transaction().execute(async (trx) => {
      if (resolveCustomer) row.customer_id = (await resolveCustomer(trx)) ?? null;
      if (card) {
        const stored = await vault.storeCard(trx, request.businessId, { pan: card.pan, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear, network: card.network, masked: card.masked, facts: card.facts }, now);
        row.vault_card_id = stored.id;
        const body = parseTokenBody(row);
        (body.channel_properties?.card_details as Record<string, unknown> | undefined)!.fingerprint = stored.fingerprint;
        row.body = JSON.stringify(body);
      }
      await tokenStore.insert(trx, row);
      const final = (await applyLink(trx, row, outcome, now)) ?? row;
      await onCommit?.(trx, 201, tokenView(final));
      return final;
    });
    if (card?.cvn && result.status === 'REQUIRES_ACTION') vault.holdCvn(id, card.cvn);
    return result;
  }

  return {
    attemptOf,

    /** A token made on a session (a SAVE session's attempt), as the v3 object; undefined when it is not that session's. */
    async tokenOfSession(businessId: string, sessionId: string, id: string): Promise<Record<string, any> | undefined> {
      const row = await tokenStore.find(store.db, businessId, id);
      return row && row.session_id === sessionId ? tokenView(row) : undefined;
    },

    async createFromApi(businessId: string, input: PaymentTokenInput, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      if (input.customer === undefined && input.customer_id === undefined) throw Errors.fieldInvalid('/body/customer_id', 'or customer is required: a payment token belongs to a customer');
      if (input.customer !== undefined && input.customer_id !== undefined) throw Errors.fieldInvalid('/body/customer_id', 'must not be sent together with customer');
      const channel = resolveChannel(input.channel_code, input.country, input.currency);
      const row = await create(
        { businessId, sessionId: null, customerId: null, referenceId: input.reference_id ?? null, channel, properties: input.channel_properties, description: input.description, metadata: input.metadata },
        onCommit,
        (trx) => deps.resolveCustomer(trx, businessId, input),
      );
      return tokenView(row);
    },

    /** A SAVE session's attempt: the token is the session's outcome. */
    async createForSession(session: Session, channel: Channel, input: SessionAttemptInput, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      try {
        const row = await create({ businessId: session.business_id, sessionId: session.id, customerId: session.customer_id, referenceId: session.reference_id, channel, properties: input.channel_properties }, onCommit);
        return tokenView(row);
      } catch (error) {
        if (error instanceof SessionClosedError) throw Errors.invalidSessionStatus('COMPLETED');
        throw error;
      }
    },

    async get(businessId: string, id: string): Promise<Record<string, unknown>> {
      const row = await tokenStore.find(store.db, businessId, id);
      if (!row) throw tokenNotFound();
      return tokenView(row);
    },

    /** Deactivates a token (no webhook, as in Xendit). */
    async cancel(businessId: string, id: string, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      const row = await tokenStore.find(store.db, businessId, id);
      if (!row) throw tokenNotFound();
      const view = await store.db.transaction().execute(async (trx) => {
        const moved = await tokenStore.transition(trx, id, ['REQUIRES_ACTION', 'PENDING', 'ACTIVE'], { status: 'CANCELED', updated: clock.now().toISOString() });
        if (!moved) return undefined;
        const view = tokenView(moved);
        await onCommit?.(trx, 200, view);
        return view;
      });
      if (!view) throw new ApiError(400, 'INELIGIBLE_TRANSACTION_STATUS', `Payment token status is ${row.status}; it can no longer be canceled`);
      return view;
    },

    /** The customer's decision on the linking page; a second decision changes nothing. */
    async complete(row: PaymentTokenRow, channel: Channel, decision: Decision): Promise<PaymentTokenRow> {
      if (!OPEN_TOKEN_STATUSES.includes(row.status)) return row;
      const linking = engine.acquirer.adapterFor(channel.family).linking;
      const outcome = linking ? linking.complete(attemptOf(row, channel), decision) : NOT_LINKABLE;
      vault.takeCvn(row.id);
      try {
        const moved = await store.db.transaction().execute((trx) => applyLink(trx, row, outcome, clock.now().toISOString()));
        return moved ?? (await tokenStore.find(store.db, row.business_id, row.id))!;
      } catch (error) {
        if (!(error instanceof SessionClosedError)) throw error;
        await store.db.transaction().execute((trx) => tokenStore.transition(trx, row.id, OPEN_TOKEN_STATUSES, { status: 'CANCELED', updated: clock.now().toISOString() }));
        return (await tokenStore.find(store.db, row.business_id, row.id))!;
      }
    },

    /** Worker: tokens never authenticated lapse with `payment_token.expiry`. */
    async sweepExpired(): Promise<number> {
      return store.db.transaction().execute(async (trx) => {
        const now = clock.now().toISOString();
        const expired = await tokenStore.expireDue(trx, store.dialect, now, SWEEP_BATCH);
        for (const row of expired) await recordEvent(trx, { businessId: row.business_id, type: 'payment_token.expiry', subjectId: row.id, data: tokenView(row), created: now });
        return expired.length;
      });
    },
  };
}

export type TokenService = ReturnType<typeof tokenService>;
