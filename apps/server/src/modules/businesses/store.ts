import type { Executor } from '../../db/store.ts';

export interface Business {
  id: string;
  name: string;
  parent_id: string | null;
}

export const businessStore = {
  async insert(db: Executor, business: Business & { created: string }): Promise<void> {
    await db.insertInto('businesses').values(business).execute();
  },

  async insertKey(db: Executor, key: { id: string; business_id: string; key_hash: string; key_hint: string; created: string }): Promise<void> {
    await db.insertInto('api_keys').values({ ...key, revoked_at: null }).execute();
  },

  async findByKeyHash(db: Executor, keyHash: string): Promise<Business | undefined> {
    return db
      .selectFrom('api_keys')
      .innerJoin('businesses', 'businesses.id', 'api_keys.business_id')
      .select(['businesses.id', 'businesses.name', 'businesses.parent_id'])
      .where('api_keys.key_hash', '=', keyHash)
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
  },

  async findById(db: Executor, id: string): Promise<Business | undefined> {
    return db.selectFrom('businesses').select(['id', 'name', 'parent_id']).where('id', '=', id).executeTakeFirst();
  },

  async first(db: Executor): Promise<Business | undefined> {
    return db.selectFrom('businesses').select(['id', 'name', 'parent_id']).where('parent_id', 'is', null).orderBy('created').orderBy('id').limit(1).executeTakeFirst();
  },

  async list(db: Executor): Promise<(Business & { created: string })[]> {
    return db.selectFrom('businesses').selectAll().orderBy('created').orderBy('id').execute();
  },

  /** Claims a one-time marker; true only for the one caller (process) that inserted it. */
  async claimMarker(db: Executor, key: string, value: string): Promise<boolean> {
    const inserted = await db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).returning('key').executeTakeFirst();
    return inserted !== undefined;
  },
};
