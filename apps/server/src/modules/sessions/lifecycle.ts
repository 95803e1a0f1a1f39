import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import { recordEvent } from '../events/outbox.ts';
import type { Session, SessionOutcomeIds, SessionStatus } from './model.ts';
import type { SessionView } from './schemas.ts';
import { sessionStore } from './store.ts';

/**
 * Every move a session can make, and what comes with it. This table is the only place they
 * are listed; the functions below are the only code that moves a session, and the tests walk
 * the table (test/sessions-transitions.test.ts). A session leaves ACTIVE once and for all:
 * COMPLETED, EXPIRED and CANCELED are final.
 */
export const SESSION_TRANSITIONS = [
  {
    name: 'complete',
    from: 'ACTIVE',
    to: 'COMPLETED',
    when: 'one of its attempts succeeds: a payment is captured or authorised, or (SAVE) a payment token is activated',
    otherAttempts: 'CANCELED',
    event: 'payment_session.completed',
  },
  {
    name: 'expire',
    from: 'ACTIVE',
    to: 'EXPIRED',
    when: 'expires_at has passed (by its business\'s clock): persisted by the first read, list or sweep that sees it; or at once by the test helper POST /sessions/{id}/expire',
    otherAttempts: 'EXPIRED',
    event: 'payment_session.expired',
  },
  {
    name: 'cancel',
    from: 'ACTIVE',
    to: 'CANCELED',
    when: 'the merchant cancels it (POST /sessions/{id}/cancel)',
    otherAttempts: 'CANCELED',
    // Xendit's lifecycle sends no webhook for a cancellation (sessions-api.md §8).
    event: null,
  },
] as const satisfies readonly { name: string; from: SessionStatus; to: SessionStatus; otherAttempts: 'CANCELED' | 'EXPIRED'; event: string | null; when: string }[];

export type SessionTransition = (typeof SESSION_TRANSITIONS)[number];
const transition = <N extends SessionTransition['name']>(name: N) => SESSION_TRANSITIONS.find((t) => t.name === name) as Extract<SessionTransition, { name: N }>;

/** Thrown inside a transaction when the session left ACTIVE first (another attempt paid it, it expired, or was canceled). */
export class SessionClosedError extends Error {
  constructor(readonly sessionId: string) {
    super('session is no longer ACTIVE');
  }
}

/**
 * Closes the attempts still open on a session that just left ACTIVE: a late 3DS answer or VA
 * transfer must not complete a closed session. `keep` names the attempt that completed it.
 * Supplied at composition by the modules that own the attempts (payments, tokens), so that
 * sessions depend on neither.
 */
export type CloseSessionAttempts = (trx: Tx, session: Session, status: 'CANCELED' | 'EXPIRED', now: string, keep: SessionOutcomeIds) => Promise<void>;

export interface LifecycleDeps {
  store: Store;
  clock: Clock;
  present: (session: Session) => Promise<SessionView>;
  closeAttempts: CloseSessionAttempts;
}

const SWEEP_BATCH = 200;

export function sessionLifecycle({ store, clock, present, closeAttempts }: LifecycleDeps) {
  const { db, dialect } = store;

  async function recordTransition(trx: Tx, t: SessionTransition, session: Session, now: string): Promise<void> {
    if (t.event) await recordEvent(trx, { businessId: session.business_id, type: t.event, subjectId: session.id, data: await present(session), created: now });
  }

  return {
    /**
     * ACTIVE → COMPLETED inside the caller's transaction. Throws SessionClosedError when the
     * session left ACTIVE first; the guarded UPDATE lets exactly one racing attempt win.
     * Returns the function that records `payment_session.completed`: callers record it after
     * the payment's own events, so a merchant reading events in order sees the payment first.
     */
    async complete(trx: Tx, sessionId: string, ids: SessionOutcomeIds, now: string): Promise<() => Promise<void>> {
      const t = transition('complete');
      const session = await sessionStore.completeIfActive(trx, sessionId, ids, now);
      if (!session) throw new SessionClosedError(sessionId);
      await closeAttempts(trx, session, t.otherAttempts, now, ids);
      return () => recordTransition(trx, t, session, now);
    },

    /** ACTIVE → EXPIRED for due sessions (or only `onlyId`, or one business's), a batch in one transaction with their events. */
    async expireDue(onlyId?: string, businessId?: string): Promise<number> {
      const t = transition('expire');
      return db.transaction().execute(async (trx) => {
        const now = clock.now().toISOString();
        const expired = await sessionStore.expireDue(trx, dialect, now, SWEEP_BATCH, onlyId, businessId);
        for (const session of expired) {
          await closeAttempts(trx, session, t.otherAttempts, now, {});
          await recordTransition(trx, t, session, now);
        }
        return expired.length;
      });
    },

    /**
     * One session leaves ACTIVE now, inside the caller's transaction: `cancel` (only while not
     * yet due), or `expire` whatever its expires_at (the test helper). Undefined when it was no
     * longer ACTIVE.
     */
    async end(trx: Tx, name: 'cancel' | 'expire', businessId: string, sessionId: string, now: string): Promise<Session | undefined> {
      const t = transition(name);
      const ended = await sessionStore.leaveActive(trx, businessId, sessionId, t.to, now, name === 'cancel');
      if (!ended) return undefined;
      await closeAttempts(trx, ended, t.otherAttempts, now, {});
      await recordTransition(trx, t, ended, now);
      return ended;
    },

    sweepBatch: SWEEP_BATCH,
  };
}

export type SessionLifecycle = ReturnType<typeof sessionLifecycle>;
