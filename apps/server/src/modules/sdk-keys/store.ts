import type { Executor } from '../../db/store.ts';
import type { SdkKeysTable } from '../../db/tables.ts';

export const sdkKeyStore = {
  async all(db: Executor): Promise<SdkKeysTable[]> {
    return db.selectFrom('sdk_keys').selectAll().orderBy('kind').orderBy('generation').execute();
  },

  /** Inserts unless that generation exists already (another process made it first). */
  async insertIfAbsent(db: Executor, row: SdkKeysTable): Promise<void> {
    await db.insertInto('sdk_keys').values(row).onConflict((oc) => oc.columns(['kind', 'generation']).doNothing()).execute();
  },
};
