import type { WebhookDeliveryRow } from '../../db/tables.ts';
import type { Payloads } from './claim.ts';

/**
 * The per-endpoint slot scheduler: at most `concurrency` requests in flight per endpoint and
 * process, so a slow or dead receiver only ever holds its own slots; the rest keep flowing.
 * Deliveries of one ordering key inside a batch form a chain that goes out one after
 * another, in event order, holding one slot.
 *
 * It also says how much work the dispatcher may take on (lease) for an endpoint: up to
 * `perEndpoint` deliveries not yet sent, and `total` over all endpoints. Work is taken on in
 * large batches (fewer transactions): an endpoint asks for more once half of its share has
 * been sent (`onLow`), so the next batch is made while the rest of the last one is sent.
 */
export function slotScheduler(deps: { concurrency: number; perEndpoint: number; total: number; send: (delivery: WebhookDeliveryRow, payloads: Payloads) => Promise<void>; onLow: () => void }) {
  const { concurrency, perEndpoint, total, send } = deps;
  /** Per endpoint: leased chains waiting for a slot, and chains sending now (one request each). */
  const queues = new Map<string, { chain: WebhookDeliveryRow[]; payloads: Payloads }[]>();
  const sending = new Map<string, number>();
  /** Leased deliveries of this process not yet sent (queued or sending), in all and per endpoint. */
  let inFlight = 0;
  const inFlightOf = new Map<string, number>();
  const lowWater = Math.max(1, Math.floor(perEndpoint / 2));

  /** Starts queued chains while the endpoint has free slots; each chain holds one slot. */
  function pump(endpointId: string): void {
    const queue = queues.get(endpointId) ?? [];
    while (queue.length > 0 && (sending.get(endpointId) ?? 0) < concurrency) {
      const { chain, payloads } = queue.shift()!;
      sending.set(endpointId, (sending.get(endpointId) ?? 0) + 1);
      void (async () => {
        for (const delivery of chain) {
          await send(delivery, payloads);
          inFlight--;
          inFlightOf.set(endpointId, inFlightOf.get(endpointId)! - 1);
        }
        sending.set(endpointId, sending.get(endpointId)! - 1);
        pump(endpointId);
        if (inFlightOf.get(endpointId)! <= lowWater) deps.onLow();
      })();
    }
  }

  /** Deliveries the endpoint may still take on. */
  const room = (endpointId: string) => Math.max(0, Math.min(perEndpoint - (inFlightOf.get(endpointId) ?? 0), total - inFlight));

  return {
    get inFlight(): number {
      return inFlight;
    },

    room,

    /**
     * Worth a batch: half of the endpoint's share is free (or, `any`, some of it: a kick or the
     * poll, where waiting for more would only add latency). A delivery queued here is leased and
     * not yet attempted, so the claim's order check keeps the later deliveries of its session
     * out of the next batch.
     */
    wantsWork(endpointId: string, any: boolean): boolean {
      return room(endpointId) >= (any ? 1 : perEndpoint - lowWater);
    },

    /** Queues leased deliveries of an endpoint and starts what its free slots allow. */
    enqueue(endpointId: string, deliveries: WebhookDeliveryRow[], payloads: Payloads): void {
      inFlight += deliveries.length;
      inFlightOf.set(endpointId, (inFlightOf.get(endpointId) ?? 0) + deliveries.length);
      // Deliveries of one ordering key inside a batch go one after another, in event order.
      const chains = new Map<string, WebhookDeliveryRow[]>();
      for (const delivery of deliveries) {
        const chain = chains.get(delivery.ordering_key);
        if (chain) chain.push(delivery);
        else chains.set(delivery.ordering_key, [delivery]);
      }
      const queue = queues.get(endpointId) ?? [];
      for (const chain of chains.values()) queue.push({ chain, payloads });
      queues.set(endpointId, queue);
      pump(endpointId);
    },
  };
}
