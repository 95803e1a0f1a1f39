import type { WebhookDeliveryRow } from '../../db/tables.ts';
import type { Payloads } from './claim.ts';

/**
 * The per-endpoint slot scheduler: at most `concurrency` requests in flight per endpoint and
 * process, so a slow or dead receiver only ever holds its own slots; the rest keep flowing.
 * Deliveries of one ordering key inside a claimed batch form a chain that goes out one after
 * another, in event order, holding one slot.
 */
export function slotScheduler(deps: { concurrency: number; send: (delivery: WebhookDeliveryRow, payloads: Payloads) => Promise<void>; onDrained: () => void }) {
  const { concurrency, send } = deps;
  /** Per endpoint: leased chains waiting for a slot, and chains sending now (one request each). */
  const queues = new Map<string, { chain: WebhookDeliveryRow[]; payloads: Payloads }[]>();
  const sending = new Map<string, number>();
  /** Leased deliveries of this process not yet sent (queued or sending). */
  let inFlight = 0;

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
        }
        sending.set(endpointId, sending.get(endpointId)! - 1);
        pump(endpointId);
        // Low-water mark: an endpoint with less than a wave queued wants its next claim now,
        // so that claim overlaps the last wave's sends instead of leaving the slots idle.
        if (queue.length < concurrency) deps.onDrained();
      })();
    }
  }

  return {
    get inFlight(): number {
      return inFlight;
    },

    /**
     * Claim once less than a wave is queued (claims are batches, sends are slot-limited). A
     * delivery queued here is leased and not yet attempted, so the claim's order check keeps
     * the later deliveries of its session out of the next batch.
     */
    wantsClaim(endpointId: string): boolean {
      return (queues.get(endpointId)?.length ?? 0) < concurrency;
    },

    /** Queues claimed deliveries of an endpoint and starts what its free slots allow. */
    enqueue(endpointId: string, deliveries: WebhookDeliveryRow[], payloads: Payloads): void {
      inFlight += deliveries.length;
      // Deliveries of one ordering key inside a batch go one after another, in event order.
      const chains = new Map<string, WebhookDeliveryRow[]>();
      for (const delivery of deliveries) chains.set(delivery.ordering_key, [...(chains.get(delivery.ordering_key) ?? []), delivery]);
      queues.set(endpointId, [...(queues.get(endpointId) ?? []), ...[...chains.values()].map((chain) => ({ chain, payloads }))]);
      pump(endpointId);
    },
  };
}
