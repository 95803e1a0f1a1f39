import type { Selectable } from 'kysely';
import type { Executor } from '../../db/store.ts';
import { claimMeta } from '../../db/meta.ts';
import type { ApiKeysTable, BusinessesTable } from '../../db/tables.ts';

export interface Business {
  id: string;
  name: string;
  parent_id: string | null;
}

export type BusinessRow = Selectable<BusinessesTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;

/** The only code that touches the businesses and api_keys tables. */
export const businessStore = {
  async insert(db: Executor, business: Business & { created: string; email?: string | null; account_type?: 'OWNED' | null; updated?: string | null }): Promise<void> {
    await db.insertInto('businesses').values(business).execute();
  },

  async insertKey(db: Executor, key: { id: string; business_id: string; key_hash: string; key_hint: string; name: string; created: string }): Promise<void> {
    await db.insertInto('api_keys').values({ ...key, revoked_at: null }).execute();
  },

  /** The business of an active key, with the key's id (so a revoke can drop it from caches). */
  async findByKeyHash(db: Executor, keyHash: string): Promise<(Business & { key_id: string }) | undefined> {
    return db
      .selectFrom('api_keys')
      .innerJoin('businesses', 'businesses.id', 'api_keys.business_id')
      .select(['businesses.id', 'businesses.name', 'businesses.parent_id', 'api_keys.id as key_id'])
      .where('api_keys.key_hash', '=', keyHash)
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
  },

  /**
   * In one read: the business of an active key (`keyId` of `businessId`) and another business
   * (`actingId`, which may be the same one); undefined if the key was revoked or either is gone.
   */
  async findWithActiveKey(db: Executor, businessId: string, keyId: string, actingId: string): Promise<{ business: Business; acting: Business } | undefined> {
    const row = await db
      .selectFrom('api_keys')
      .innerJoin('businesses as own', 'own.id', 'api_keys.business_id')
      .innerJoin('businesses as acting', (join) => join.on('acting.id', '=', actingId))
      .select(['own.id', 'own.name', 'own.parent_id', 'acting.id as acting_id', 'acting.name as acting_name', 'acting.parent_id as acting_parent_id'])
      .where('api_keys.id', '=', keyId)
      .where('api_keys.business_id', '=', businessId)
      .where('api_keys.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    return { business: { id: row.id, name: row.name, parent_id: row.parent_id }, acting: { id: row.acting_id, name: row.acting_name, parent_id: row.acting_parent_id } };
  },

  async findRevokedKey(db: Executor, keyHash: string): Promise<{ id: string } | undefined> {
    return db.selectFrom('api_keys').select('id').where('key_hash', '=', keyHash).where('revoked_at', 'is not', null).executeTakeFirst();
  },

  async findById(db: Executor, id: string): Promise<Business | undefined> {
    return db.selectFrom('businesses').select(['id', 'name', 'parent_id']).where('id', '=', id).executeTakeFirst();
  },

  /** Each of these businesses with its parent (null for a top-level business). */
  async parentsOf(db: Executor, ids: string[]): Promise<{ id: string; parent_id: string | null }[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('businesses').select(['id', 'parent_id']).where('id', 'in', ids).execute();
  },

  async findRow(db: Executor, id: string): Promise<BusinessRow | undefined> {
    return db.selectFrom('businesses').selectAll().where('id', '=', id).executeTakeFirst();
  },

  async first(db: Executor): Promise<Business | undefined> {
    return db.selectFrom('businesses').select(['id', 'name', 'parent_id']).where('parent_id', 'is', null).orderBy('created').orderBy('id').limit(1).executeTakeFirst();
  },

  async list(db: Executor): Promise<BusinessRow[]> {
    return db.selectFrom('businesses').selectAll().orderBy('created').orderBy('id').execute();
  },

  /** A business's own keys (not its sub-accounts'), newest first. */
  async listKeys(db: Executor, businessId: string): Promise<ApiKeyRow[]> {
    return db.selectFrom('api_keys').selectAll().where('business_id', '=', businessId).orderBy('created', 'desc').orderBy('id', 'desc').execute();
  },

  async findKey(db: Executor, businessId: string, keyId: string): Promise<ApiKeyRow | undefined> {
    return db.selectFrom('api_keys').selectAll().where('id', '=', keyId).where('business_id', '=', businessId).executeTakeFirst();
  },

  async countActiveKeys(db: Executor, businessId: string): Promise<number> {
    const row = await db
      .selectFrom('api_keys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('business_id', '=', businessId)
      .where('revoked_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Guarded: only an active key is revoked, so a second revoke keeps the first time. */
  async revokeKey(db: Executor, keyId: string, now: string): Promise<void> {
    await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', keyId).where('revoked_at', 'is', null).execute();
  },

  /**
   * Serialises key changes of one business: a no-op UPDATE takes the row's write lock on
   * PostgreSQL (and the database's on SQLite), so two revokes of a business's last two keys
   * cannot both see the other key still active. Dialect-neutral, unlike SELECT … FOR UPDATE.
   */
  async lockBusiness(db: Executor, businessId: string): Promise<boolean> {
    const result = await db.updateTable('businesses').set((eb) => ({ name: eb.ref('name') })).where('id', '=', businessId).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Claims a one-time marker; true only for the one caller (process) that inserted it. */
  async claimMarker(db: Executor, key: string, value: string): Promise<boolean> {
    return claimMeta(db, key, value);
  },
};
