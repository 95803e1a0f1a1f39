import { sql, type SelectQueryBuilder } from 'kysely';

/** A list's row as a cursor: (created, id) orders every list totally, so paging never skips nor repeats a row. */
export interface KeysetCursor {
  created: string;
  id: string;
}

/**
 * One page of a list (a query on one table) kept newest first by (created, id), with one row
 * more than `limit` to tell whether more follow. Without a cursor, the first page; 'older' is
 * the page after the cursor row (read newest first), 'newer' the page before it, read upwards
 * from it (oldest first: the caller reverses it).
 */
export function keysetPage<DB extends Record<TB, KeysetCursor>, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  cursor: KeysetCursor | undefined,
  limit: number,
  direction: 'older' | 'newer' = 'older',
): SelectQueryBuilder<DB, TB, O> {
  const created = sql.ref<string>('created');
  const id = sql.ref<string>('id');
  const beyond = direction === 'older' ? '<' : '>';
  const order = direction === 'older' ? 'desc' : 'asc';
  const from = cursor ? query.where((eb) => eb.or([eb(created, beyond, cursor.created), eb.and([eb(created, '=', cursor.created), eb(id, beyond, cursor.id)])])) : query;
  return from.orderBy(created, order).orderBy(id, order).limit(limit + 1);
}
