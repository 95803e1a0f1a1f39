import type { Executor } from '../../db/store.ts';
import type { SdkKeysTable } from '../../db/tables.ts';

export const sdkKeyStore = {
  async all(db: Executor): Promise<SdkKeysTable[]> {
    return db.selectFrom('sdk_keys').selectAll().orderBy('kind').orderBy('generation').execute();
  },

  /** Inserts unless that generation exists already (another process made it first). */
  async insertIfAbsent(db: Executor, row: SdkKeysTable): Promise<void> {
    // Any unique key, not only (kind, generation): the id is made of the same two, and PostgreSQL
    // settles a race only on the keys the clause names; two processes starting at once failed
    // start-up on the primary key (`duplicate key … sdk_keys_pkey`).
    await db.insertInto('sdk_keys').values(row).onConflict((oc) => oc.doNothing()).execute();
  },
};
