import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { WebhookDeliveryRow } from '../../db/tables.ts';
import type { Payloads } from './claim.ts';
import type { SendResult, WebhookSender } from './http.ts';
import { envelope, signature } from './policy.ts';
import type { Finished } from './results.ts';
import type { WebhookService } from './service.ts';

/**
 * Send, the dispatcher's third step: one attempt of one delivery. It builds the envelope and
 * the headers (Xendit's callback token, Standard Webhooks' id, timestamp and signature) and
 * hands them to the sender; whatever happens becomes a result to record, never an exception.
 */
export function sendStep(deps: { clock: Clock; webhooks: WebhookService; config: Config['webhooks']; userAgent: string; sender: WebhookSender }) {
  const { clock, webhooks, config, sender } = deps;

  return async function deliver(delivery: WebhookDeliveryRow, payloads: Payloads): Promise<Finished> {
    const event = payloads.get(delivery.event_id);
    let result: SendResult;
    let url: string | undefined;
    const attemptAt = clock.now();
    try {
      const endpoint = await webhooks.endpointForDelivery(delivery.endpoint_id);
      url = endpoint?.url;
      if (!event || !endpoint) throw new Error('event or endpoint vanished');
      const body = envelope(event, attemptAt);
      const timestamp = Math.floor(attemptAt.getTime() / 1000);
      const headers = {
        'content-type': 'application/json',
        'user-agent': deps.userAgent,
        'x-callback-token': await webhooks.callbackToken(endpoint.businessId),
        'webhook-id': delivery.event_id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature(endpoint.secret, delivery.event_id, timestamp, body),
      };
      result = await sender.send(endpoint.url, headers, body, config.timeoutMs);
    } catch (error) {
      result = { statusCode: null, latencyMs: 0, error: (error as Error).message, responseBody: null };
    }
    return { delivery, attemptAt, result, eventType: event?.type ?? 'unknown', url };
  };
}
