import type { Executor } from '../../db/store.ts';
import { businessStore } from './store.ts';

/**
 * What other modules ask of the business tree, inside their own transaction: webhook fan-out
 * sends a sub-account's events to its parent's endpoints when it has none of its own.
 */
export async function parentsOf(trx: Executor, businessIds: string[]): Promise<Map<string, string | null>> {
  const rows = await businessStore.parentsOf(trx, businessIds);
  return new Map(rows.map((row) => [row.id, row.parent_id]));
}
