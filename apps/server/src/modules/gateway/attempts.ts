import { sql } from 'kysely';
import type { Executor } from '../../db/store.ts';

/**
 * Counts one payment attempt for a session in the store and returns the count in its window.
 * One statement (an upsert), so two processes counting at once both see their own increment:
 * the cap holds across every process of one PostgreSQL, which a per-process limiter cannot do.
 * The window is fixed: it starts at the first attempt and a new one starts once it has passed.
 */
export async function countGatewayAttempt(db: Executor, sessionId: string, now: Date, windowMs: number): Promise<number> {
  const at = now.toISOString();
  const expired = sql<boolean>`gateway_attempts.window_start <= ${new Date(now.getTime() - windowMs).toISOString()}`;
  const row = await db
    .insertInto('gateway_attempts')
    .values({ session_id: sessionId, window_start: at, attempts: 1 })
    .onConflict((oc) =>
      oc.column('session_id').doUpdateSet({
        attempts: sql<number>`CASE WHEN ${expired} THEN 1 ELSE gateway_attempts.attempts + 1 END`,
        window_start: sql<string>`CASE WHEN ${expired} THEN ${at} ELSE gateway_attempts.window_start END`,
      }),
    )
    .returning('attempts')
    .executeTakeFirstOrThrow();
  return Number(row.attempts);
}
