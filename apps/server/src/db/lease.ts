import type { SelectQueryBuilder } from 'kysely';
import type { Store, Tx } from './store.ts';

/**
 * Leasing due rows (webhook deliveries, durable tasks): the due ids are selected (locked with
 * SKIP LOCKED on PostgreSQL, so processes split the work), then a guarded UPDATE sets the
 * lease (`locked_until`) and returns what was leased. A lease whose process died runs out and
 * the row is claimed again: at least once, never lost.
 *
 * Select, then update, in one transaction: PostgreSQL may run an `IN (SELECT … LIMIT n FOR
 * UPDATE SKIP LOCKED)` subquery more than once inside an UPDATE and so lease more than n.
 */
export async function leaseDue<DB, TB extends keyof DB, R>(
  store: Store,
  due: (trx: Tx) => SelectQueryBuilder<DB, TB, { id: string }>,
  lease: (trx: Tx, ids: string[]) => Promise<R[]>,
): Promise<R[]> {
  return store.db.transaction().execute(async (trx) => {
    let query = due(trx);
    if (store.dialect === 'postgres') query = query.forUpdate().skipLocked();
    const ids = (await query.execute()).map((row) => row.id);
    if (ids.length === 0) return [];
    return lease(trx, ids);
  });
}
