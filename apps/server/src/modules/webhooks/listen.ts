import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import { eventPosition } from '../events/views.ts';
import { Secret } from '../vault/secret.ts';
import type { Vault } from '../vault/vault.ts';
import { endpointStore } from './endpoints-store.ts';
import { newSigningSecret } from './policy.ts';
import { webhookErrors, type WebhookService } from './service.ts';

/**
 * What `lunas listen` keeps on the server, per business (a Lunas extension): the `whsec_`
 * secret it signs forwards with (made at the first listen, then the same on every run, sealed
 * at rest like endpoint secrets) and the last event it forwarded, so a restarted listen
 * continues after it. With the callback token, a forward carries exactly a delivery's headers.
 */
export interface ListenSettings {
  signing_secret: string;
  callback_token: string;
  last_event_id: string | null;
}

export function listenService(deps: { db: Db; clock: Clock; vault: Vault; webhooks: WebhookService }) {
  const { db, clock, vault, webhooks } = deps;
  const sealId = (businessId: string) => `listen:${businessId}`;

  return {
    async settings(businessId: string): Promise<ListenSettings> {
      // The token makes the business's settings row if it has none yet.
      const callbackToken = await webhooks.callbackToken(businessId);
      const row = await endpointStore.listenSettings(db, businessId);
      const sealed = row?.listen_secret_sealed ?? (await endpointStore.putListenSecret(db, businessId, vault.sealSecret(sealId(businessId), new Secret(newSigningSecret())), clock.now().toISOString()));
      return { signing_secret: vault.openSecret(sealId(businessId), sealed).reveal(), callback_token: callbackToken, last_event_id: row?.listen_last_event_id ?? null };
    },

    /** Records how far listen got; the event must be one of the business's. */
    async setLastEvent(businessId: string, eventId: string): Promise<void> {
      if ((await eventPosition(db, businessId, eventId)) === undefined) throw webhookErrors.eventNotFound();
      await webhooks.callbackToken(businessId);
      await endpointStore.setListenLastEvent(db, businessId, eventId, clock.now().toISOString());
    },
  };
}

export type ListenService = ReturnType<typeof listenService>;
