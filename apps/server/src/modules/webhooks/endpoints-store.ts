import type { Executor } from '../../db/store.ts';
import type { WebhookEndpointRow } from '../../db/tables.ts';

/** The webhook_endpoints and webhook_settings tables: endpoints, and each business's sealed callback token. */
export const endpointStore = {
  find(db: Executor, id: string): Promise<WebhookEndpointRow | undefined> {
    return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  },

  findOfBusiness(db: Executor, businessId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
  },

  listOfBusiness(db: Executor, businessId: string): Promise<WebhookEndpointRow[]> {
    return db.selectFrom('webhook_endpoints').selectAll().where('business_id', '=', businessId).orderBy('created').orderBy('id').execute();
  },

  /** The business's seeded endpoint and any endpoint at `url`: what seeding decides from. */
  seededOrAt(db: Executor, businessId: string, url: string): Promise<WebhookEndpointRow[]> {
    return db.selectFrom('webhook_endpoints').selectAll().where('business_id', '=', businessId).where((eb) => eb.or([eb('source', '=', 'seed'), eb('url', '=', url)])).execute();
  },

  async urlTakenByAnother(db: Executor, businessId: string, url: string, id: string): Promise<boolean> {
    const taken = await db.selectFrom('webhook_endpoints').select('id').where('business_id', '=', businessId).where('url', '=', url).where('id', '!=', id).executeTakeFirst();
    return taken !== undefined;
  },

  /** Throws the store's unique violation when the business already has an endpoint at the URL. */
  async insert(db: Executor, row: WebhookEndpointRow): Promise<void> {
    await db.insertInto('webhook_endpoints').values(row).execute();
  },

  update(db: Executor, id: string, changes: Partial<Pick<WebhookEndpointRow, 'url' | 'event_groups' | 'secret_sealed'>>, updated: string): Promise<WebhookEndpointRow> {
    return db.updateTable('webhook_endpoints').set({ ...changes, updated }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
  },

  /** Moves the endpoint to `url` if it is still at `fromUrl`; false when another write came first. */
  async moveIfAt(db: Executor, id: string, fromUrl: string, url: string, updated: string): Promise<boolean> {
    const moved = await db.updateTable('webhook_endpoints').set({ url, updated }).where('id', '=', id).where('url', '=', fromUrl).executeTakeFirst();
    return Number(moved.numUpdatedRows) === 1;
  },

  /** Marks an endpoint made before endpoints were marked as the seeded one; false when another process did. */
  async adoptLegacy(db: Executor, id: string): Promise<boolean> {
    const adopted = await db.updateTable('webhook_endpoints').set({ source: 'seed' }).where('id', '=', id).where('source', '=', 'legacy').executeTakeFirst();
    return Number(adopted.numUpdatedRows) === 1;
  },

  /** Removes the endpoint with its deliveries and their attempts. */
  async remove(trx: Executor, id: string): Promise<void> {
    const deliveries = trx.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id);
    await trx.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
    await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
    await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
  },

  async callbackTokenSealed(db: Executor, businessId: string): Promise<string | undefined> {
    const row = await db.selectFrom('webhook_settings').select('callback_token_sealed').where('business_id', '=', businessId).executeTakeFirst();
    return row?.callback_token_sealed;
  },

  /** Stores the sealed token (with `overwrite` false, a token already there wins) and returns the one stored. */
  async putCallbackToken(db: Executor, businessId: string, sealed: string, updated: string, overwrite: boolean): Promise<string> {
    await db
      .insertInto('webhook_settings')
      .values({ business_id: businessId, callback_token_sealed: sealed, updated })
      .onConflict((oc) => (overwrite ? oc.column('business_id').doUpdateSet({ callback_token_sealed: sealed, updated }) : oc.column('business_id').doNothing()))
      .execute();
    const stored = await db.selectFrom('webhook_settings').select('callback_token_sealed').where('business_id', '=', businessId).executeTakeFirstOrThrow();
    return stored.callback_token_sealed;
  },

  /** What `lunas listen` keeps on the server: its sealed secret and the last event it forwarded. */
  async listenSettings(db: Executor, businessId: string): Promise<{ listen_secret_sealed: string | null; listen_last_event_id: string | null } | undefined> {
    return db.selectFrom('webhook_settings').select(['listen_secret_sealed', 'listen_last_event_id']).where('business_id', '=', businessId).executeTakeFirst();
  },

  /** Stores the listen secret unless one is there already (another process came first); returns the one stored. */
  async putListenSecret(db: Executor, businessId: string, sealed: string, updated: string): Promise<string> {
    await db.updateTable('webhook_settings').set({ listen_secret_sealed: sealed, updated }).where('business_id', '=', businessId).where('listen_secret_sealed', 'is', null).execute();
    const row = await db.selectFrom('webhook_settings').select('listen_secret_sealed').where('business_id', '=', businessId).executeTakeFirstOrThrow();
    return row.listen_secret_sealed!;
  },

  async setListenLastEvent(db: Executor, businessId: string, eventId: string, updated: string): Promise<void> {
    await db.updateTable('webhook_settings').set({ listen_last_event_id: eventId, updated }).where('business_id', '=', businessId).execute();
  },
};
