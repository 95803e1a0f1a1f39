import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import { Errors } from '../../errors.ts';
import { newLinkId, newRecurringPlanId, newSdkAuthKey, newSessionId } from '../../ids.ts';
import { resolveCustomer, type CustomerService } from '../customers/service.ts';
import type { SdkKeyService } from '../sdk-keys/service.ts';
import { sessionChannels } from './channels.ts';
import { sessionLifecycle, type CloseSessionAttempts } from './lifecycle.ts';
import type { Session, SessionDetails } from './model.ts';
import { browserOrigins } from './origins.ts';
import { checkCreate } from './rules.ts';
import type { SessionInput, SessionListFilter, SessionView } from './schemas.ts';
import { sessionStore } from './store.ts';
import { toSessionView } from './view.ts';

/**
 * Work that must commit with a state change: the idempotency record of the request that made
 * it. Called inside the transaction with the response about to be sent.
 */
export type CommitHook = (trx: Tx, status: number, body: unknown) => Promise<void>;

export interface SessionServiceDeps {
  store: Store;
  clock: Clock;
  sdkKeys: SdkKeyService;
  publicUrl: string;
  sdkHostId: string;
  /** The attempts' owners close a session's open attempts when it leaves ACTIVE (see lifecycle.ts). */
  closeAttempts: CloseSessionAttempts;
  /** The customers module's lookup, with its process cache of what never changes. */
  findExistingCustomer: CustomerService['findExisting'];
  /** The recurring module registers a SUBSCRIPTION session's plan in the session's transaction. */
  registerPlan: (trx: Tx, session: Session) => Promise<void>;
}

export function sessionService({ store, clock, sdkKeys, publicUrl, sdkHostId, closeAttempts, findExistingCustomer, registerPlan }: SessionServiceDeps) {
  const { db } = store;

  /** The full components_sdk_key of a session with a browser credential (COMPONENTS and PAYMENT_LINK). */
  async function browserSdkKey(row: Session): Promise<string | undefined> {
    return row.sdk_auth_key && row.sdk_ecdh_key_id ? sdkKeys.composeSdkKey(row.sdk_auth_key, sdkHostId, row.sdk_ecdh_key_id) : undefined;
  }

  /**
   * The API view. A PAYMENT_LINK session's key is used only by Lunas's own hosted page, so it
   * is never part of the API object (Xendit sends components_sdk_key in COMPONENTS mode only).
   */
  async function present(row: Session): Promise<SessionView> {
    const sdkKey = row.mode === 'COMPONENTS' ? await browserSdkKey(row) : undefined;
    return toSessionView(row, { publicUrl, sdkKey });
  }

  const lifecycle = sessionLifecycle({ store, clock, present, closeAttempts });

  /** A session as read, with a due expiry persisted first, so a read never shows a stale ACTIVE. */
  async function current(session: Session): Promise<Session> {
    if (session.status !== 'ACTIVE' || session.expires_at > clock.now().toISOString()) return session;
    await lifecycle.expireDue(session.id);
    return (await sessionStore.findById(db, session.business_id, session.id))!;
  }

  async function load(businessId: string, id: string): Promise<Session> {
    const session = await sessionStore.findById(db, businessId, id);
    if (!session) throw Errors.sessionNotFound();
    return current(session);
  }

  /** ACTIVE → CANCELED or EXPIRED now (lifecycle.ts `end`), answered with the session as it then is. */
  async function endActive(name: 'cancel' | 'expire', businessId: string, id: string, onCommit?: CommitHook): Promise<SessionView> {
    const before = await load(businessId, id);
    if (before.status !== 'ACTIVE') throw Errors.invalidSessionStatus(before.status);
    const result = await db.transaction().execute(async (trx) => {
      const ended = await lifecycle.end(trx, name, businessId, id, clock.now().toISOString());
      if (!ended) return undefined;
      const view = await present(ended);
      await onCommit?.(trx, 200, view);
      return view;
    });
    if (result) return result;
    // Lost a race (completed, expired or canceled meanwhile): report what it is now.
    throw Errors.invalidSessionStatus((await load(businessId, id)).status);
  }

  return {
    present,
    load,
    browserSdkKey,
    /** The transitions other modules cause: completion by a successful attempt (see lifecycle.ts). */
    complete: lifecycle.complete,

    /** The session behind a hosted checkout link (any business), with a due expiry persisted first. */
    async findByLink(linkId: string): Promise<Session | undefined> {
      const session = await sessionStore.findByLinkId(db, linkId);
      return session ? current(session) : undefined;
    },

    /** The session behind a browser credential (the session auth key of components_sdk_key), read once. */
    async findBySdkAuthKey(authKey: string): Promise<Session | undefined> {
      const session = await sessionStore.findBySdkAuthKey(db, authKey);
      return session ? current(session) : undefined;
    },

    /**
     * What the secure card iframe page needs of a session named by id alone (its query
     * string): the origins that may frame it and the ECDH key it encrypts to.
     */
    async browserFacts(id: string): Promise<{ origins: string[]; ecdhKeyId: string | null } | undefined> {
      const facts = await sessionStore.findBrowserFacts(db, id);
      return facts ? { origins: browserOrigins(facts, publicUrl), ecdhKeyId: facts.sdk_ecdh_key_id } : undefined;
    },

    async create(businessId: string, input: SessionInput, onCommit?: CommitHook): Promise<SessionView> {
      const nowDate = clock.now();
      const plan = checkCreate(input as SessionInput & Record<string, unknown>, nowDate);
      sessionChannels({
        country: input.country,
        currency: plan.currency,
        amountMinor: plan.amountMinor,
        sessionType: plan.sessionType,
        captureMethod: plan.captureMethod,
        allowSave: input.allow_save_payment_method ?? null,
        allowed: input.allowed_payment_channels,
      });
      const now = nowDate.toISOString();
      // Both modes get a browser credential: COMPONENTS for the merchant's page, PAYMENT_LINK for Lunas's hosted page.
      // A rotation in another process reaches new sessions within the key service's freshness window.
      await sdkKeys.fresh();
      const ecdhKeyId = sdkKeys.currentEcdhKeyId();
      const details: SessionDetails = {
        channel_properties: input.channel_properties,
        allowed_payment_channels: input.allowed_payment_channels,
        description: input.description,
        items: input.items,
        metadata: input.metadata,
        notification_channels: input.notification_channels,
        success_return_url: input.success_return_url,
        cancel_return_url: input.cancel_return_url,
        components_configuration: plan.mode === 'COMPONENTS' ? input.components_configuration : undefined,
        payment_link_configuration: input.payment_link_configuration,
        subscription: plan.subscription,
        recurring_plan_id: plan.subscription ? newRecurringPlanId() : undefined,
      };

      const newRow = (customerId: string | undefined): Session => ({
        id: newSessionId(),
        business_id: businessId,
        reference_id: input.reference_id,
        status: 'ACTIVE',
        session_type: plan.sessionType,
        mode: plan.mode,
        currency: plan.currency,
        amount_minor: plan.amountMinor,
        country: input.country,
        customer_id: customerId ?? null,
        capture_method: plan.captureMethod,
        allow_save_payment_method: input.allow_save_payment_method ?? null,
        locale: plan.locale,
        expires_at: plan.expiresAt,
        created: now,
        updated: now,
        sdk_auth_key: newSdkAuthKey(),
        sdk_ecdh_key_id: ecdhKeyId,
        link_id: plan.mode === 'PAYMENT_LINK' ? newLinkId() : null,
        payment_request_id: null,
        payment_id: null,
        payment_token_id: null,
        details,
      });

      // The common case (a known or no customer, no idempotency record) is one INSERT: on
      // PostgreSQL every statement is a round trip, and BEGIN/COMMIT would double them.
      const known = await findExistingCustomer(db, businessId, input);
      if (!onCommit && known.found && !plan.subscription) {
        const row = newRow(known.id);
        await sessionStore.insert(db, row);
        return present(row);
      }
      return db.transaction().execute(async (trx) => {
        const row = newRow(await resolveCustomer(trx, businessId, input, now));
        await sessionStore.insert(trx, row);
        await registerPlan(trx, row);
        const view = await present(row);
        await onCommit?.(trx, 201, view);
        return view;
      });
    },

    /** The channels this session offers, in catalogue order. */
    channelsOf(row: Session) {
      return sessionChannels({
        country: row.country,
        currency: row.currency,
        amountMinor: row.amount_minor,
        sessionType: row.session_type,
        captureMethod: row.capture_method,
        allowSave: row.allow_save_payment_method,
        allowed: row.details.allowed_payment_channels,
      });
    },

    async get(businessId: string, id: string): Promise<SessionView> {
      return present(await load(businessId, id));
    },

    /** ACTIVE → CANCELED (see lifecycle.ts). */
    cancel: (businessId: string, id: string, onCommit?: CommitHook): Promise<SessionView> => endActive('cancel', businessId, id, onCommit),

    /** `customer_id` is the dashboard's filter (a customer's page lists its sessions); the API's query has no such field. */
    async list(businessId: string, filter: SessionListFilter & { customer_id?: string }): Promise<{ data: SessionView[]; has_more: boolean; after?: string }> {
      // Due sessions are persisted as EXPIRED first, so the status filter sees true statuses.
      await lifecycle.expireDue(undefined, businessId);
      const limit = filter.limit ?? 10;
      const after = filter.after_id ? await sessionStore.findById(db, businessId, filter.after_id) : undefined;
      if (filter.after_id && !after) throw Errors.sessionNotFound();
      const rows = await sessionStore.list(db, businessId, filter, after, limit);
      const page = rows.slice(0, limit);
      return { data: await Promise.all(page.map(present)), has_more: rows.length > limit, after: page.at(-1)?.id };
    },

    /** ACTIVE → EXPIRED now (test helper POST /sessions/{id}/expire), with `payment_session.expired`. */
    expireNow: (businessId: string, id: string): Promise<SessionView> => endActive('expire', businessId, id),

    /** One sweep of the expiry worker: expires every due session (or one business's), a batch per transaction. */
    async sweepExpired(businessId?: string): Promise<number> {
      let total = 0;
      for (;;) {
        const count = await lifecycle.expireDue(undefined, businessId);
        total += count;
        if (count < lifecycle.sweepBatch) return total;
      }
    },
  };
}

export type SessionService = ReturnType<typeof sessionService>;
