import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import { newBusinessId, newSecretKey } from '../../ids.ts';
import { businessStore, type Business } from './store.ts';

/** Secret keys are stored only as their SHA-256; a key is 256 random bits, so no slow hash is needed. */
export const hashKey = (secretKey: string): string => createHash('sha256').update(secretKey).digest('hex');

/** What may be shown of a key in listings: its prefix and last four characters. */
const keyHint = (secretKey: string): string => `${secretKey.slice(0, 'xnd_development_'.length + 4)}…${secretKey.slice(-4)}`;

export interface CreatedBusiness {
  business: Business;
  secretKey: string;
}

export function businessService(db: Db, clock: Clock) {
  async function addKey(businessId: string, secretKey: string): Promise<void> {
    await businessStore.insertKey(db, {
      id: `key_${randomUUID()}`,
      business_id: businessId,
      key_hash: hashKey(secretKey),
      key_hint: keyHint(secretKey),
      created: clock.now().toISOString(),
    });
  }

  async function createBusiness(options: { name: string; parentId?: string; secretKey?: string }): Promise<CreatedBusiness> {
    if (options.parentId && !(await businessStore.findById(db, options.parentId))) {
      throw new Error(`no business ${options.parentId}`);
    }
    const business: Business = { id: newBusinessId(), name: options.name, parent_id: options.parentId ?? null };
    const secretKey = options.secretKey ?? newSecretKey();
    await db.transaction().execute(async (trx) => {
      await businessStore.insert(trx, { ...business, created: clock.now().toISOString() });
      await businessStore.insertKey(trx, {
        id: `key_${randomUUID()}`,
        business_id: business.id,
        key_hash: hashKey(secretKey),
        key_hint: keyHint(secretKey),
        created: clock.now().toISOString(),
      });
    });
    return { business, secretKey };
  }

  return {
    createBusiness,

    authenticate: (secretKey: string) => businessStore.findByKeyHash(db, hashKey(secretKey)),

    findBusiness: (id: string) => businessStore.findById(db, id),

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
        created = await createBusiness({ name: 'Default business', secretKey: configuredKey });
        if (configuredKey) return undefined;
        return created;
      }
      if (configuredKey && !(await businessStore.findByKeyHash(db, hashKey(configuredKey)))) {
        const first = await waitForFirstBusiness();
        try {
          await addKey(first.id, configuredKey);
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
