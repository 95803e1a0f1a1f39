import type { Clock } from '../../clock.ts';
import { isUniqueViolation, type Db } from '../../db/store.ts';
import type { WebhookEndpointRow } from '../../db/tables.ts';
import { ApiError } from '../../errors.ts';
import { newEndpointId } from '../../ids.ts';
import { Secret } from '../vault/secret.ts';
import type { Vault } from '../vault/vault.ts';
import { endpointStore } from './endpoints-store.ts';
import { EVENT_GROUPS, newCallbackToken, newSigningSecret, type EventGroup } from './policy.ts';

/**
 * Webhook configuration per business (an extension standing in for Xendit's dashboard):
 * endpoints with their event groups and `whsec_` signing secrets, and the callback token sent
 * as `x-callback-token`. Secrets are sealed at rest with the master key.
 */
export const webhookErrors = {
  duplicateUrl: () => new ApiError(409, 'DUPLICATE_ERROR', 'This business already has a webhook endpoint with that URL; change its event groups instead'),
  endpointNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Webhook endpoint not found'),
  eventNotFound: () => new ApiError(404, 'DATA_NOT_FOUND', 'Event not found'),
};

export interface EndpointView {
  id: string;
  url: string;
  event_groups: EventGroup[];
  signing_secret: string;
  /** True for the one endpoint LUNAS_WEBHOOK_URL manages (its URL follows the setting at start). */
  seeded: boolean;
  created: string;
  updated: string;
}

export function webhookService(deps: { db: Db; clock: Clock; vault: Vault }) {
  const { db, clock, vault } = deps;

  const view = (row: WebhookEndpointRow): EndpointView => ({
    id: row.id,
    url: row.url,
    event_groups: JSON.parse(row.event_groups) as EventGroup[],
    signing_secret: vault.openSecret(row.id, row.secret_sealed).reveal(),
    seeded: row.source === 'seed',
    created: row.created,
    updated: row.updated,
  });

  async function find(businessId: string, id: string): Promise<WebhookEndpointRow> {
    const row = await endpointStore.findOfBusiness(db, businessId, id);
    if (!row) throw webhookErrors.endpointNotFound();
    return row;
  }

  // The dispatcher reads these for every delivery; a second of staleness after a change is fine.
  const CACHE_MS = 1000;
  // Promises are cached, so the many deliveries that miss at once share one lookup.
  const tokenCache = new Map<string, { value: Promise<string>; until: number }>();
  const endpointCache = new Map<string, { value: Promise<{ url: string; secret: string; businessId: string } | undefined>; until: number }>();

  function cached<T>(cache: Map<string, { value: Promise<T>; until: number }>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.value;
    const value = load();
    cache.set(key, { value, until: Date.now() + CACHE_MS });
    value.catch(() => cache.delete(key));
    return value;
  }

  function callbackToken(businessId: string): Promise<string> {
    return cached(tokenCache, businessId, async () => {
      const sealed = await endpointStore.callbackTokenSealed(db, businessId);
      return sealed ? vault.openSecret(`callback:${businessId}`, sealed).reveal() : setCallbackToken(businessId, newCallbackToken(), false);
    });
  }

  function endpointForDelivery(id: string): Promise<{ url: string; secret: string; businessId: string } | undefined> {
    return cached(endpointCache, id, async () => {
      const row = await endpointStore.find(db, id);
      return row ? { url: row.url, secret: vault.openSecret(row.id, row.secret_sealed).reveal(), businessId: row.business_id } : undefined;
    });
  }

  async function insertEndpoint(businessId: string, input: { url: string; event_groups?: EventGroup[] }, source: 'api' | 'seed'): Promise<EndpointView> {
    const id = newEndpointId();
    const now = clock.now().toISOString();
    const row: WebhookEndpointRow = {
      id,
      business_id: businessId,
      url: input.url,
      event_groups: JSON.stringify(input.event_groups ?? [...EVENT_GROUPS]),
      secret_sealed: vault.sealSecret(id, new Secret(newSigningSecret())),
      source,
      created: now,
      updated: now,
    };
    try {
      await endpointStore.insert(db, row);
    } catch (error) {
      if (isUniqueViolation(error)) throw webhookErrors.duplicateUrl();
      throw error;
    }
    return view(row);
  }

  /**
   * LUNAS_WEBHOOK_URL names *the* seeded endpoint of the business: a new URL moves it (same id
   * and secret; pending deliveries follow, since the dispatcher reads the URL at send time).
   * Endpoints added through the API are never changed. Every write is guarded (an UPDATE that
   * names the state it read, an INSERT under unique indexes), and a write that lost a race reads
   * again, so processes starting together converge on one endpoint.
   */
  async function seedEndpoint(businessId: string, url: string): Promise<void> {
    for (let round = 0; round < 5; round++) {
      const rows = await endpointStore.seededOrAt(db, businessId, url);
      const seeded = rows.find((r) => r.source === 'seed');
      const atUrl = rows.find((r) => r.url === url);
      if (seeded && seeded.url === url) return;
      if (seeded && atUrl) {
        // An API endpoint already has the URL: it receives the events, and a seeded endpoint
        // at the old URL would only keep sending to where the developer no longer listens.
        await removeEndpoint(seeded.id);
        return;
      }
      try {
        if (seeded) {
          const moved = await endpointStore.moveIfAt(db, seeded.id, seeded.url, url, clock.now().toISOString());
          endpointCache.delete(seeded.id);
          if (moved) return;
        } else if (atUrl?.source === 'legacy') {
          // Made before endpoints were marked: the one at LUNAS_WEBHOOK_URL is the one seeding made.
          if (await endpointStore.adoptLegacy(db, atUrl.id)) return;
        } else if (atUrl) {
          return;
        } else {
          await insertEndpoint(businessId, { url }, 'seed');
          return;
        }
      } catch (error) {
        // Another process wrote first (same URL, or the one seeded endpoint): read again.
        if (!isUniqueViolation(error) && !(error instanceof ApiError && error.statusCode === 409)) throw error;
      }
    }
    throw new Error('seeding LUNAS_WEBHOOK_URL did not settle after 5 rounds');
  }

  async function removeEndpoint(id: string): Promise<void> {
    await db.transaction().execute((trx) => endpointStore.remove(trx, id));
    endpointCache.delete(id);
  }

  /** Sets the token; with `overwrite` false, a token another process set first wins. */
  async function setCallbackToken(businessId: string, token: string, overwrite = true): Promise<string> {
    const sealed = vault.sealSecret(`callback:${businessId}`, new Secret(token));
    const stored = await endpointStore.putCallbackToken(db, businessId, sealed, clock.now().toISOString(), overwrite);
    tokenCache.delete(businessId);
    return vault.openSecret(`callback:${businessId}`, stored).reveal();
  }

  return {
    view,
    callbackToken,
    setCallbackToken,
    endpointForDelivery,

    async list(businessId: string): Promise<EndpointView[]> {
      return (await endpointStore.listOfBusiness(db, businessId)).map(view);
    },

    get: async (businessId: string, id: string) => view(await find(businessId, id)),

    create: (businessId: string, input: { url: string; event_groups?: EventGroup[] }) => insertEndpoint(businessId, input, 'api'),

    async update(businessId: string, id: string, input: { url?: string; event_groups?: EventGroup[] }): Promise<EndpointView> {
      await find(businessId, id);
      if (input.url) {
        if (await endpointStore.urlTakenByAnother(db, businessId, input.url, id)) throw webhookErrors.duplicateUrl();
      }
      const changes = { ...(input.url ? { url: input.url } : {}), ...(input.event_groups ? { event_groups: JSON.stringify(input.event_groups) } : {}) };
      const row = await endpointStore.update(db, id, changes, clock.now().toISOString());
      endpointCache.delete(id);
      return view(row);
    },

    async rotateSecret(businessId: string, id: string): Promise<EndpointView> {
      await find(businessId, id);
      const row = await endpointStore.update(db, id, { secret_sealed: vault.sealSecret(id, new Secret(newSigningSecret())) }, clock.now().toISOString());
      endpointCache.delete(id);
      return view(row);
    },

    /** Removes the endpoint and its pending deliveries (the delivery log of sent ones goes too). */
    async remove(businessId: string, id: string): Promise<void> {
      await find(businessId, id);
      await removeEndpoint(id);
    },

    /**
     * Start-up seeding from LUNAS_WEBHOOK_URL / LUNAS_CALLBACK_TOKEN for the first business.
     * Without a URL the seeded endpoint stays as it is; with one, see seedEndpoint. Idempotent
     * across restarts and across processes starting together.
     */
    async seed(businessId: string, url: string | undefined, token: string | undefined): Promise<void> {
      if (token !== undefined) await setCallbackToken(businessId, token);
      else await callbackToken(businessId);
      if (url !== undefined) await seedEndpoint(businessId, url);
    },
  };
}

export type WebhookService = ReturnType<typeof webhookService>;
