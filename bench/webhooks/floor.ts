/**
 * The floor: the same POSTs of the same bodies (Lunas's envelope and Standard Webhooks
 * signature, computed per send as Lunas does) to the same receiver, sent by a bare undici Pool
 * with BENCH_CONCURRENCY connections. No store: no outbox read, no fan-out, no lease, no
 * recorded attempt. What is left is what any webhook sender must do.
 */
import { Pool } from 'undici';
import { envelope, newCallbackToken, newSigningSecret, signature } from '../../apps/server/src/modules/webhooks/policy.ts';
import { cpuSnapshot } from '../lib/machine.ts';
import { payloads } from './events.ts';
import type { Ledger } from './ledger.ts';
import { foreignCpuPct, latencyResult, noisy, paced, processCpuPct, throughputResult, type LatencyResult, type ThroughputResult } from './phases.ts';
import { waitForReceipts, type Receiver } from './receiver.ts';
import { CONCURRENCY, EVENT_TYPE, nowMs, PER_TICK, TICKS, USER_AGENT } from './settings.ts';

export interface Floor {
  send(id: string, payload: string): Promise<void>;
  errors: number;
  close(): Promise<void>;
}

export function startFloor(receiverUrl: string, businessId: string): Floor {
  const url = new URL(receiverUrl);
  const pool = new Pool(url.origin, { connections: CONCURRENCY, keepAliveTimeout: 10_000, pipelining: 1 });
  const secret = newSigningSecret();
  const callbackToken = newCallbackToken();
  const floor: Floor = {
    errors: 0,
    async send(id, payload) {
      // What any webhook sender does per delivery: the envelope, the signature, one POST.
      const attemptAt = new Date();
      const body = envelope({ type: EVENT_TYPE, business_id: businessId, payload }, attemptAt);
      const timestamp = Math.floor(attemptAt.getTime() / 1000);
      try {
        const response = await pool.request({
          path: url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': USER_AGENT,
            'x-callback-token': callbackToken,
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signature(secret, id, timestamp, body),
          },
          body,
        });
        await response.body.text();
        if (response.statusCode !== 200) floor.errors++;
      } catch {
        floor.errors++;
      }
    },
    close: () => pool.close(),
  };
  return floor;
}

/** Phase A (and the warm-up, `measure` false): `count` sends, BENCH_CONCURRENCY in flight. */
export async function floorThroughput(floor: Floor, receiver: Receiver, ledger: Ledger, count: number, counter: { next: number }, businessId: string, measure: boolean): Promise<ThroughputResult> {
  const work = payloads(count, businessId, counter);
  ledger.file(await receiver.take());
  const errorsBefore = floor.errors;
  const cpu = cpuSnapshot();
  const ownCpu = process.cpuUsage();
  const started = nowMs();
  let next = 0;
  const loops = Array.from({ length: CONCURRENCY }, async () => {
    while (next < work.length) {
      const item = work[next++]!;
      ledger.expect(item.id, nowMs());
      await floor.send(item.id, item.payload);
    }
  });
  await Promise.all(loops);
  const complete = await waitForReceipts(receiver, count);
  const wall = nowMs() - started;
  const foreign = foreignCpuPct(cpu, cpuSnapshot());
  const own = processCpuPct(ownCpu, wall);
  const taken = await receiver.take();
  ledger.file(taken);
  const seconds = (ledger.lastReceipt(work.map((item) => item.id), started) - started) / 1000;
  if (measure) noisy('floor throughput', foreign);
  return {
    ...throughputResult({ events: count, seconds, complete, taken, processCpuPct: own, foreignCpuPct: foreign }),
    errors: floor.errors - errorsBefore,
  };
}

/** Phase B: PER_TICK sends every TICK_MS, not waiting for answers; latency is receipt - send start. */
export async function floorLatency(floor: Floor, receiver: Receiver, ledger: Ledger, counter: { next: number }, businessId: string): Promise<LatencyResult> {
  const work = payloads(PER_TICK * TICKS, businessId, counter);
  ledger.file(await receiver.take());
  const errorsBefore = floor.errors;
  const sends: Promise<void>[] = [];
  const cpu = cpuSnapshot();
  const ownCpu = process.cpuUsage();
  const started = nowMs();
  const { seconds } = await paced((k) => {
    for (const item of work.slice(k * PER_TICK, (k + 1) * PER_TICK)) {
      ledger.expect(item.id, nowMs());
      sends.push(floor.send(item.id, item.payload));
    }
  });
  await Promise.all(sends);
  const complete = await waitForReceipts(receiver, work.length);
  const foreign = foreignCpuPct(cpu, cpuSnapshot());
  const own = processCpuPct(ownCpu, nowMs() - started);
  const taken = await receiver.take();
  ledger.file(taken);
  const latencies = ledger.latencies(work.map((item) => item.id));
  noisy('floor latency', foreign);
  return {
    ...latencyResult({ seconds, events: work.length, latencies, complete, taken, processCpuPct: own, foreignCpuPct: foreign }),
    errors: floor.errors - errorsBefore,
  };
}
