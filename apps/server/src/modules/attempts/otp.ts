import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import type { AcquirerState, Attempt, OtpFlow } from '../../channels/acquirer/types.ts';
import { ApiError, Errors } from '../../errors.ts';
import { SessionClosedError } from '../sessions/lifecycle.ts';
import { AlreadyFinalError } from './lifecycle.ts';

/**
 * validate_otp and resend_otp, the same for payment requests and payment tokens: the acquirer
 * judges the code (OtpFlow), and the outcome is applied in one transaction with what it causes.
 * - ACCEPTED: the attempt's approval (payment and session completion, or the token's
 *   activation) with its events; the guarded status UPDATE lets one of two racing validations
 *   through, and the other is told the attempt has ended.
 * - REJECTED: the acquirer's new state (a counted wrong code) is written only if the stored
 *   state is still the one judged, so two wrong codes at once both count (the loser judges again).
 * - LOCKED: the attempt fails with its event.
 * Errors are answered after the transaction commits: a wrong code must stay counted.
 */
export interface OtpSubject<Row> {
  kind: 'payment request' | 'payment token';
  read(trx: Tx): Promise<Row>;
  status(row: Row): string;
  isOpen(row: Row): boolean;
  /** Whether the attempt failed because its OTP attempts ran out. */
  lockedOut(row: Row): boolean;
  attempt(row: Row): Attempt;
  flow(row: Row): OtpFlow | undefined;
  /** Writes the acquirer's new state if the row is unchanged since `row` was read; undefined otherwise. */
  saveState(trx: Tx, row: Row, state: AcquirerState, now: string): Promise<Row | undefined>;
  approve(trx: Tx, row: Row, now: string): Promise<Row>;
  lock(trx: Tx, row: Row, now: string): Promise<Row>;
  /** The attempt's session ended first: the attempt can no longer be approved. */
  cancel(trx: Tx, now: string): Promise<unknown>;
  /** The API object, for the idempotency record committed with a success. */
  view(row: Row): Record<string, unknown>;
}

/** Remembers the answer under the request's Idempotency-Key, in the success's transaction. */
export type OtpCommitHook = (trx: Tx, status: number, body: unknown) => Promise<void>;

/** How an OTP call is made: the v3 route remembers its answer; the gateway names the session the attempt must be of. */
export interface OtpCall {
  onCommit?: OtpCommitHook;
  sessionId?: string;
}

/**
 * The row an OTP call names, read in the call's transaction: the business's (else `notFound`,
 * the v3 404) or, for the gateway, one of its session's (else the gateway's own 404).
 */
export function calledRow<Row extends { session_id: string | null }>(row: Row | undefined, call: OtpCall, notFound: () => ApiError): Row {
  if (call.sessionId === undefined) {
    if (!row) throw notFound();
  } else if (!row || row.session_id !== call.sessionId) throw Errors.sessionPaymentNotFound();
  return row;
}

type Round<Row> = { row: Row } | { error: ApiError } | 'again';
/** Rounds lost to a racing change before giving up; each loser sees a newer state, so few are ever needed. */
const MAX_ROUNDS = 10;

export function otpRunner(deps: { store: Store; clock: Clock }) {
  const { store, clock } = deps;

  const ended = <Row>(subject: OtpSubject<Row>, row: Row): ApiError =>
    subject.lockedOut(row) ? Errors.maxOtpAttempts() : Errors.otpAttemptEnded(subject.kind, subject.status(row));

  /** An attempt still waiting for its OTP, or the error that says why not. */
  function waiting<Row>(subject: OtpSubject<Row>, row: Row): { attempt: Attempt; flow: OtpFlow } | ApiError {
    const attempt = subject.attempt(row);
    const flow = subject.flow(row);
    if (!flow || !flow.awaits(attempt)) return Errors.noOtp(subject.kind);
    if (!subject.isOpen(row)) return ended(subject, row);
    return { attempt, flow };
  }

  async function committed<Row>(subject: OtpSubject<Row>, trx: Tx, row: Row, onCommit: OtpCommitHook | undefined): Promise<Row> {
    await onCommit?.(trx, 200, subject.view(row));
    return row;
  }

  async function run<Row>(subject: OtpSubject<Row>, round: (trx: Tx, row: Row, now: string) => Promise<Round<Row>>): Promise<Row> {
    for (let attempt = 0; attempt < MAX_ROUNDS; attempt++) {
      let result: Round<Row>;
      try {
        result = await store.db.transaction().execute(async (trx) => round(trx, await subject.read(trx), clock.now().toISOString()));
      } catch (error) {
        if (error instanceof SessionClosedError) await store.db.transaction().execute((trx) => subject.cancel(trx, clock.now().toISOString()));
        else if (!(error instanceof AlreadyFinalError)) throw error;
        // Another change ended the attempt first.
        result = { error: ended(subject, await store.db.transaction().execute((trx) => subject.read(trx))) };
      }
      if (result === 'again') continue;
      if ('error' in result) throw result.error;
      return result.row;
    }
    throw Errors.serviceUnavailable();
  }

  return {
    validate<Row>(subject: OtpSubject<Row>, code: string, onCommit?: OtpCommitHook): Promise<Row> {
      return run(subject, async (trx, row, now) => {
        const open = waiting(subject, row);
        if (open instanceof ApiError) return { error: open };
        const check = open.flow.check(open.attempt, code, new Date(now));
        if (check.verdict === 'ACCEPTED') return { row: await committed(subject, trx, await subject.approve(trx, row, now), onCommit) };
        if (check.verdict === 'LOCKED') {
          await subject.lock(trx, row, now);
          return { error: Errors.maxOtpAttempts() };
        }
        if (check.state !== open.attempt.state && !(await subject.saveState(trx, row, check.state, now))) return 'again';
        return { error: check.error === 'EXPIRED_OTP' ? Errors.expiredOtp() : Errors.invalidOtp(check.attemptsLeft) };
      });
    },

    resend<Row>(subject: OtpSubject<Row>, onCommit?: OtpCommitHook): Promise<Row> {
      return run(subject, async (trx, row, now) => {
        const open = waiting(subject, row);
        if (open instanceof ApiError) return { error: open };
        const sent = open.flow.resend(open.attempt, new Date(now));
        if (sent.verdict === 'REFUSED') return { error: Errors.maxOtpAttempts('OTP resends') };
        const saved = await subject.saveState(trx, row, sent.state, now);
        return saved ? { row: await committed(subject, trx, saved, onCommit) } : 'again';
      });
    },
  };
}

export type OtpRunner = ReturnType<typeof otpRunner>;
