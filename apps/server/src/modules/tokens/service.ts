import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import type { Decision } from '../../channels/acquirer/types.ts';
import type { Channel } from '../../channels/catalogue.ts';
import { Errors } from '../../errors.ts';
import { recordEvent } from '../events/outbox.ts';
import { resolveChannel } from '../attempts/channel-input.ts';
import type { AttemptLifecycle } from '../attempts/lifecycle.ts';
import { SessionClosedError, type SessionLifecycle } from '../sessions/lifecycle.ts';
import type { Session } from '../sessions/model.ts';
import type { CommitHook } from '../sessions/service.ts';
import { otpRunner, type OtpCall } from '../attempts/otp.ts';
import { tokenLinking } from './linking.ts';
import { paymentTokenOtp } from './otp.ts';
import type { PaymentToken } from './model.ts';
import type { PaymentTokenInput } from './schemas.ts';
import { tokenStore } from './store.ts';
import { tokenView } from './views.ts';

export type { PaymentToken } from './model.ts';

/**
 * Saving payment methods: `POST /v3/payment_tokens`, the attempts of SAVE sessions (the
 * linking itself is linking.ts), and what other modules ask of tokens.
 */
const SWEEP_BATCH = 200;

export interface TokenServiceDeps {
  store: Store;
  clock: Clock;
  attempts: AttemptLifecycle;
  completeSession: SessionLifecycle['complete'];
  resolveCustomer: (trx: Tx, businessId: string, input: PaymentTokenInput) => Promise<string | undefined>;
}

export function tokenService(deps: TokenServiceDeps) {
  const { store, clock } = deps;
  const linking = tokenLinking(deps);
  const otp = paymentTokenOtp({ linking, attempts: deps.attempts, runner: otpRunner({ store, clock }) });

  return {
    /** A token made on a session (a SAVE session's attempt), as the v3 object; undefined when it is not that session's. */
    async tokenOfSession(businessId: string, sessionId: string, id: string): Promise<Record<string, any> | undefined> {
      const token = await tokenStore.find(store.db, businessId, id);
      return token && token.session_id === sessionId ? tokenView(token) : undefined;
    },

    /** A token of the business, to pay with (payments check that it is ACTIVE and of the channel). */
    find: (businessId: string, id: string): Promise<PaymentToken | undefined> => tokenStore.find(store.db, businessId, id),

    /** The token behind a simulator page (`/simulator/{token}`), of any business. */
    findBySimulatorToken: (simToken: string): Promise<PaymentToken | undefined> => tokenStore.findBySimToken(store.db, simToken),

    async createFromApi(businessId: string, input: PaymentTokenInput, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      if (input.customer === undefined && input.customer_id === undefined) throw Errors.fieldInvalid('/body/customer_id', 'or customer is required: a payment token belongs to a customer');
      if (input.customer !== undefined && input.customer_id !== undefined) throw Errors.fieldInvalid('/body/customer_id', 'must not be sent together with customer');
      const channel = resolveChannel(input.channel_code, input.country, input.currency);
      const token = await linking.start(
        { businessId, sessionId: null, customerId: null, referenceId: input.reference_id ?? null, channel, properties: input.channel_properties, description: input.description, metadata: input.metadata },
        onCommit,
        (trx) => deps.resolveCustomer(trx, businessId, input),
      );
      return tokenView(token);
    },

    /** A SAVE session's attempt: the token is the session's outcome. */
    async createForSession(session: Session, channel: Channel, properties: Record<string, unknown> | undefined, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      try {
        const token = await linking.start({ businessId: session.business_id, sessionId: session.id, customerId: session.customer_id, referenceId: session.reference_id, channel, properties }, onCommit);
        return tokenView(token);
      } catch (error) {
        if (error instanceof SessionClosedError) throw Errors.invalidSessionStatus('COMPLETED');
        throw error;
      }
    },

    async get(businessId: string, id: string): Promise<Record<string, unknown>> {
      const token = await tokenStore.find(store.db, businessId, id);
      if (!token) throw Errors.paymentTokenNotFound();
      return tokenView(token);
    },

    /** Deactivates a token (no webhook, as in Xendit). */
    async cancel(businessId: string, id: string, onCommit?: CommitHook): Promise<Record<string, unknown>> {
      const token = await tokenStore.find(store.db, businessId, id);
      if (!token) throw Errors.paymentTokenNotFound();
      const view = await store.db.transaction().execute(async (trx) => {
        const moved = await tokenStore.transition(trx, id, ['REQUIRES_ACTION', 'PENDING', 'ACTIVE'], { status: 'CANCELED', updated: clock.now().toISOString() });
        if (!moved) return undefined;
        const view = tokenView(moved);
        await onCommit?.(trx, 200, view);
        return view;
      });
      if (!view) throw Errors.ineligibleTokenStatus(token.status);
      return view;
    },

    /** The customer's OTP for a linking that waits for one (tokens/otp.ts). */
    validateOtp: async (businessId: string, id: string, code: string, call?: OtpCall): Promise<Record<string, unknown>> => tokenView(await otp.validate(businessId, id, code, call)),
    /** The business's tokens (or one customer's), newest first: the dashboard's list. */
    async list(businessId: string, filter: { customer_id?: string; after_id?: string; limit: number }): Promise<{ data: Record<string, unknown>[]; has_more: boolean }> {
      const after = filter.after_id ? await tokenStore.find(store.db, businessId, filter.after_id) : undefined;
      if (filter.after_id && !after) throw Errors.paymentTokenNotFound();
      const rows = await tokenStore.list(store.db, businessId, filter, after, filter.limit);
      return { data: rows.slice(0, filter.limit).map((t) => ({ ...tokenView(t), session_id: t.session_id ?? undefined })), has_more: rows.length > filter.limit };
    },

    /** One token with the session it was saved on, if any: the dashboard's token page links back to it. */
    async getWithSession(businessId: string, id: string): Promise<Record<string, unknown>> {
      const token = await tokenStore.find(store.db, businessId, id);
      if (!token) throw Errors.paymentTokenNotFound();
      return { ...tokenView(token), session_id: token.session_id ?? undefined };
    },

    /** A new OTP for a linking that waits for one. */
    resendOtp: async (businessId: string, id: string, call?: OtpCall): Promise<Record<string, unknown>> => tokenView(await otp.resend(businessId, id, call)),

    /** The customer's decision on the linking page; a second decision changes nothing. */
    decide: (token: PaymentToken, decision: Decision): Promise<PaymentToken> => linking.decide(token, decision),

    /** Worker: tokens never authenticated lapse with `payment_token.expiry`. */
    async sweepExpired(businessId?: string): Promise<number> {
      return store.db.transaction().execute(async (trx) => {
        const now = clock.now().toISOString();
        const expired = await tokenStore.expireDue(trx, store.dialect, now, SWEEP_BATCH, businessId);
        for (const token of expired) await recordEvent(trx, { businessId: token.business_id, type: 'payment_token.expiry', subjectId: token.id, data: tokenView(token), created: now });
        return expired.length;
      });
    },
  };
}

export type TokenService = ReturnType<typeof tokenService>;
