import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import { newBusinessId, newSecretKey } from '../../ids.ts';
import { accountService } from './accounts.ts';
import { authCache, hashKey, keyService, newKeyRow } from './keys.ts';
import { businessStore, type Business } from './store.ts';

export type { Business } from './store.ts';

export interface CreatedBusiness {
  business: Business;
  secretKey: string;
}

/** The name the bootstrap gives the first business: a placeholder customers never see (checkout/service.ts). */
export const DEFAULT_BUSINESS_NAME = 'Default business';

export function businessService(db: Db, clock: Clock) {
  const cache = authCache();

  /**
   * A new business (top-level, or a sub-account with parentId) with its first secret key. This is
   * the store-level act behind `lunas businesses create`: a new top-level business is like a new
   * Xendit account, so no HTTP call makes one.
   */
  async function createBusiness(options: { name: string; parentId?: string; secretKey?: string; keyName?: string }): Promise<CreatedBusiness> {
    if (options.parentId && !(await businessStore.findById(db, options.parentId))) {
      throw new Error(`no business ${options.parentId}`);
    }
    const business: Business = { id: newBusinessId(), name: options.name, parent_id: options.parentId ?? null };
    const secretKey = options.secretKey ?? newSecretKey();
    const now = clock.now().toISOString();
    await db.transaction().execute(async (trx) => {
      await businessStore.insert(trx, { ...business, created: now });
      await businessStore.insertKey(trx, newKeyRow(business.id, secretKey, options.keyName ?? 'Secret key', now));
    });
    return { business, secretKey };
  }

  /** The business of an active key; cached for at most a second (see keys.ts). */
  async function authenticate(secretKey: string): Promise<Business | undefined> {
    const keyHash = hashKey(secretKey);
    const cached = cache.get(keyHash);
    if (cached) return cached;
    const found = await businessStore.findByKeyHash(db, keyHash);
    if (!found) return undefined;
    const { key_id: keyId, ...business } = found;
    cache.set(keyHash, business, keyId);
    return business;
  }

  return {
    createBusiness,

    authenticate,

    /** `/keys`: several keys per business, listed, created, revoked. */
    keys: keyService(db, clock, cache),

    /** `/v2/accounts`: xenPlatform OWNED sub-accounts. */
    accounts: accountService(db, clock),

    findBusiness: (id: string) => businessStore.findById(db, id),

    /**
     * The dashboard's sign-in: the business of an active key and the key's id (so revoking the
     * key ends the sign-in). The same hashed lookup as `authenticate`, without its cache.
     */
    async signIn(secretKey: string): Promise<{ business: Business; keyId: string } | undefined> {
      const found = await businessStore.findByKeyHash(db, hashKey(secretKey));
      if (!found) return undefined;
      const { key_id: keyId, ...business } = found;
      return { business, keyId };
    },

    /**
     * A dashboard sign-in's businesses, in one read: the one whose key signed in (while the key
     * is active) and the one it shows; undefined once the key is revoked or either is gone.
     */
    signedInBusinesses: (businessId: string, keyId: string, actingId: string) => businessStore.findWithActiveKey(db, businessId, keyId, actingId),

    /** A business's sub-accounts (xenPlatform), oldest first. */
    async subAccountsOf(businessId: string): Promise<Business[]> {
      return (await businessStore.list(db)).filter((b) => b.parent_id === businessId).map(({ id, name, parent_id }) => ({ id, name, parent_id }));
    },

    firstBusiness: () => businessStore.first(db),

    listBusinesses: () => businessStore.list(db),

    /**
     * First start on an empty store: create the default business. With a configured key, make
     * sure that exact key works (on the first business), on every start. Returns the new key
     * only when one was generated, so the caller can print it once.
     * Several processes may start at once on one PostgreSQL: the `bootstrap` marker lets only
     * one of them create the default business.
     */
    async bootstrap(configuredKey: string | undefined): Promise<CreatedBusiness | undefined> {
      let created: CreatedBusiness | undefined;
      // `lunas keys create` on an empty store already made the first business: then nothing to create.
      if ((await businessStore.claimMarker(db, 'bootstrap', clock.now().toISOString())) && !(await businessStore.first(db))) {
        created = await createBusiness({ name: DEFAULT_BUSINESS_NAME, secretKey: configuredKey, keyName: configuredKey ? 'LUNAS_SECRET_KEY' : 'First key' });
        if (configuredKey) return undefined;
        return created;
      }
      if (configuredKey && !(await businessStore.findByKeyHash(db, hashKey(configuredKey)))) {
        // A revoked key stays revoked: the configuration must not quietly bring it back.
        const revoked = await businessStore.findRevokedKey(db, hashKey(configuredKey));
        if (revoked) throw new Error(`LUNAS_SECRET_KEY is the revoked key ${revoked.id}: remove it from the configuration or configure an active key`);
        const first = await waitForFirstBusiness();
        try {
          await businessStore.insertKey(db, newKeyRow(first.id, configuredKey, 'LUNAS_SECRET_KEY', clock.now().toISOString()));
        } catch (error) {
          // Another process added the same key a moment ago: that is the state we wanted.
          if (!(await businessStore.findByKeyHash(db, hashKey(configuredKey)))) throw error;
        }
      }
      return undefined;
    },
  };

  /** The process that won the bootstrap marker may still be committing the business. */
  async function waitForFirstBusiness(): Promise<Business> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const first = await businessStore.first(db);
      if (first) return first;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the store has a bootstrap marker but no business');
  }
}

export type BusinessService = ReturnType<typeof businessService>;
