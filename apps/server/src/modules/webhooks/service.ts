import type { Clock } from '../../clock.ts';
import { isUniqueViolation, type Db } from '../../db/store.ts';
import type { WebhookEndpointRow } from '../../db/tables.ts';
import { ApiError } from '../../errors.ts';
import { newEndpointId } from '../../ids.ts';
import { Secret } from '../vault/secret.ts';
import type { Vault } from '../vault/vault.ts';
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
    const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).where('business_id', '=', businessId).executeTakeFirst();
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
      const row = await db.selectFrom('webhook_settings').selectAll().where('business_id', '=', businessId).executeTakeFirst();
      return row ? vault.openSecret(`callback:${businessId}`, row.callback_token_sealed).reveal() : setCallbackToken(businessId, newCallbackToken(), false);
    });
  }

  function endpointForDelivery(id: string): Promise<{ url: string; secret: string; businessId: string } | undefined> {
    return cached(endpointCache, id, async () => {
      const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
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
      await db.insertInto('webhook_endpoints').values(row).execute();
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
      const rows = await db.selectFrom('webhook_endpoints').selectAll().where('business_id', '=', businessId).where((eb) => eb.or([eb('source', '=', 'seed'), eb('url', '=', url)])).execute();
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
          const moved = await db
            .updateTable('webhook_endpoints')
            .set({ url, updated: clock.now().toISOString() })
            .where('id', '=', seeded.id)
            .where('url', '=', seeded.url)
            .executeTakeFirst();
          endpointCache.delete(seeded.id);
          if (Number(moved.numUpdatedRows) === 1) return;
        } else if (atUrl?.source === 'legacy') {
          // Made before endpoints were marked: the one at LUNAS_WEBHOOK_URL is the one seeding made.
          const adopted = await db.updateTable('webhook_endpoints').set({ source: 'seed' }).where('id', '=', atUrl.id).where('source', '=', 'legacy').executeTakeFirst();
          if (Number(adopted.numUpdatedRows) === 1) return;
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
    await db.transaction().execute(async (trx) => {
      const deliveries = trx.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', id);
      await trx.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
      await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
      await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    });
    endpointCache.delete(id);
  }

  /** Sets the token; with `overwrite` false, a token another process set first wins. */
  async function setCallbackToken(businessId: string, token: string, overwrite = true): Promise<string> {
    const sealed = vault.sealSecret(`callback:${businessId}`, new Secret(token));
    const now = clock.now().toISOString();
    await db
      .insertInto('webhook_settings')
      .values({ business_id: businessId, callback_token_sealed: sealed, updated: now })
      .onConflict((oc) => (overwrite ? oc.column('business_id').doUpdateSet({ callback_token_sealed: sealed, updated: now }) : oc.column('business_id').doNothing()))
      .execute();
    const stored = await db.selectFrom('webhook_settings').select('callback_token_sealed').where('business_id', '=', businessId).executeTakeFirstOrThrow();
    tokenCache.delete(businessId);
    return vault.openSecret(`callback:${businessId}`, stored.callback_token_sealed).reveal();
  }

  return {
    view,
    callbackToken,
    setCallbackToken,
    endpointForDelivery,

    async list(businessId: string): Promise<EndpointView[]> {
      const rows = await db.selectFrom('webhook_endpoints').selectAll().where('business_id', '=', businessId).orderBy('created').orderBy('id').execute();
      return rows.map(view);
    },

    get: async (businessId: string, id: string) => view(await find(businessId, id)),

    create: (businessId: string, input: { url: string; event_groups?: EventGroup[] }) => insertEndpoint(businessId, input, 'api'),

    async update(businessId: string, id: string, input: { url?: string; event_groups?: EventGroup[] }): Promise<EndpointView> {
      await find(businessId, id);
      if (input.url) {
        const taken = await db.selectFrom('webhook_endpoints').select('id').where('business_id', '=', businessId).where('url', '=', input.url).where('id', '!=', id).executeTakeFirst();
        if (taken) throw webhookErrors.duplicateUrl();
      }
      const row = await db
        .updateTable('webhook_endpoints')
        .set({ ...(input.url ? { url: input.url } : {}), ...(input.event_groups ? { event_groups: JSON.stringify(input.event_groups) } : {}), updated: clock.now().toISOString() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      endpointCache.delete(id);
      return view(row);
    },

    async rotateSecret(businessId: string, id: string): Promise<EndpointView> {
      await find(businessId, id);
      const row = await db
        .updateTable('webhook_endpoints')
        .set({ secret_sealed: vault.sealSecret(id, new Secret(newSigningSecret())), updated: clock.now().toISOString() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
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
