import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import { Errors } from '../../errors.ts';
import { newApiKeyId, newSecretKey } from '../../ids.ts';
import type { KeyView, NewKeyView } from './schemas.ts';
import { businessStore, type ApiKeyRow, type Business } from './store.ts';

/** Secret keys are stored only as their SHA-256; a key is 256 random bits, so no slow hash is needed. */
export const hashKey = (secretKey: string): string => createHash('sha256').update(secretKey).digest('hex');

const KEY_HEAD = 'xnd_development_';

/**
 * What may be shown of a key: the head and up to four characters, and never more than a
 * quarter of the random part (a configured key may have as few as eight characters).
 */
export const keyPrefix = (secretKey: string): string => {
  const shown = Math.min(4, Math.floor((secretKey.length - KEY_HEAD.length) / 4));
  return `${secretKey.slice(0, KEY_HEAD.length + Math.max(0, shown))}…`;
};

export const newKeyRow = (businessId: string, secretKey: string, name: string, created: string) => ({
  id: newApiKeyId(),
  business_id: businessId,
  key_hash: hashKey(secretKey),
  key_hint: keyPrefix(secretKey),
  name,
  created,
});

/**
 * Recently seen keys, so a busy client does not cost a lookup per request. One second at most:
 * a key revoked in another process stops working within that second; in this process the
 * revoke evicts it at once.
 */
const AUTH_CACHE_MS = 1000;
const AUTH_CACHE_MAX = 1000;

export function authCache() {
  const entries = new Map<string, { business: Business; keyId: string; until: number }>();
  return {
    get(keyHash: string): Business | undefined {
      const hit = entries.get(keyHash);
      if (hit && hit.until > Date.now()) return hit.business;
      if (hit) entries.delete(keyHash);
      return undefined;
    },
    set(keyHash: string, business: Business, keyId: string): void {
      if (entries.size >= AUTH_CACHE_MAX) entries.delete(entries.keys().next().value!);
      entries.set(keyHash, { business, keyId, until: Date.now() + AUTH_CACHE_MS });
    },
    evictKey(keyId: string): void {
      for (const [hash, entry] of entries) if (entry.keyId === keyId) entries.delete(hash);
    },
  };
}
export type AuthCache = ReturnType<typeof authCache>;

const view = (row: ApiKeyRow): KeyView => ({ id: row.id, name: row.name, prefix: row.key_hint, created: row.created, revoked: row.revoked_at });

/**
 * A business's secret keys (Lunas extension, `/keys`): several per business, listed, created,
 * revoked. The secret is returned once, by create; only its hash and prefix are stored.
 */
export function keyService(db: Db, clock: Clock, cache: AuthCache) {
  return {
    list: async (businessId: string): Promise<KeyView[]> => (await businessStore.listKeys(db, businessId)).map(view),

    async create(businessId: string, name: string | undefined): Promise<NewKeyView> {
      const secretKey = newSecretKey();
      const row = newKeyRow(businessId, secretKey, name?.trim() || 'Secret key', clock.now().toISOString());
      await businessStore.insertKey(db, row);
      return { ...view({ ...row, revoked_at: null }), secret_key: secretKey };
    },

    /** Revokes at once; a key already revoked is answered as it is. The last active key stays. */
    async revoke(businessId: string, keyId: string): Promise<KeyView> {
      const revoked = await db.transaction().execute(async (trx) => {
        await businessStore.lockBusiness(trx, businessId);
        const key = await businessStore.findKey(trx, businessId, keyId);
        if (!key) throw Errors.keyNotFound();
        if (key.revoked_at) return key;
        if ((await businessStore.countActiveKeys(trx, businessId)) <= 1) throw Errors.lastActiveKey();
        const now = clock.now().toISOString();
        await businessStore.revokeKey(trx, keyId, now);
        return { ...key, revoked_at: now };
      });
      cache.evictKey(keyId);
      return view(revoked);
    },
  };
}

export type KeyService = ReturnType<typeof keyService>;
