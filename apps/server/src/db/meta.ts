import type { Executor } from './store.ts';

/**
 * The `meta` table: one-time facts of the store (the master key's check value, markers such as
 * "the first business was created"). Written once and never changed, so whoever inserts first
 * wins and everyone else reads that value.
 */
export async function readMeta(db: Executor, key: string): Promise<string | undefined> {
  return (await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

/** Records `value` under `key` unless the key is already there; true only for the one caller that inserted it. */
export async function claimMeta(db: Executor, key: string, value: string): Promise<boolean> {
  const inserted = await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).returning('key').executeTakeFirst();
  return inserted !== undefined;
}
