/** Bookkeeping: who was sent / committed when, who arrived when. */
import type { Taken } from './receiver.ts';

/** Every id a target was expected to deliver, and every receipt, over the whole store run. */
export class Ledger {
  /** id → time it was committed (Lunas) or sent (floor), ms. */
  readonly started = new Map<string, number>();
  /** id → receipt times. */
  readonly received = new Map<string, number[]>();
  unknown = 0;
  /** The other target's ledger of the same store: a receipt of one of its ids is filed there. */
  peers: Ledger[] = [];

  expect(id: string, at: number): void {
    this.started.set(id, at);
  }

  /** Files a take(); receipts of a peer's ids are filed with the peer. */
  file(taken: Taken, others: Ledger[] = this.peers): void {
    for (let i = 0; i < taken.ids.length; i++) {
      const id = taken.ids[i]!;
      const owner = this.started.has(id) ? this : others.find((o) => o.started.has(id));
      if (!owner) {
        this.unknown++;
        continue;
      }
      const list = owner.received.get(id);
      if (list) list.push(taken.times[i]!);
      else owner.received.set(id, [taken.times[i]!]);
    }
  }

  /** First receipt of `id` (undefined when missing). */
  firstReceipt(id: string): number | undefined {
    return this.received.get(id)?.[0];
  }

  /** When the last of `ids` first arrived; `since` when none did (a throughput phase's end). */
  lastReceipt(ids: Iterable<string>, since: number): number {
    let last = since;
    for (const id of ids) last = Math.max(last, this.firstReceipt(id) ?? last);
    return last;
  }

  /** Receipt minus start of each of `ids` that arrived, ms (a latency phase's samples). */
  latencies(ids: Iterable<string>): number[] {
    const out: number[] = [];
    for (const id of ids) {
      const at = this.firstReceipt(id);
      if (at !== undefined) out.push(at - this.started.get(id)!);
    }
    return out;
  }

  totals(): { expected: number; receivedOnce: number; lost: number; duplicates: number; unknown: number } {
    let lost = 0;
    let duplicates = 0;
    for (const id of this.started.keys()) {
      const n = this.received.get(id)?.length ?? 0;
      if (n === 0) lost++;
      else duplicates += n - 1;
    }
    return { expected: this.started.size, receivedOnce: this.started.size - lost, lost, duplicates, unknown: this.unknown };
  }
}
