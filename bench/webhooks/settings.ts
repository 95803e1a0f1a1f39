/** What the webhook benchmark sends, how much, how fast, and what it must reach. */
import { VERSION } from '../../apps/server/src/app.ts';
import { numberEnv } from '../lib/env.ts';

// 0 is allowed: BENCH_WARMUP_EVENTS=0 skips the warm-up (the ones that need at least 1 are checked below).
const count = (name: string, fallback: number) => numberEnv(name, fallback, { allowZero: true });

export const EVENTS = Math.round(count('BENCH_EVENTS', 20_000));
export const RATE = Math.round(count('BENCH_RATE', 500));
export const LATENCY_S = count('BENCH_LATENCY_S', 10);
export const TICK_MS = count('BENCH_TICK_MS', 20);
export const WARMUP_EVENTS = Math.round(count('BENCH_WARMUP_EVENTS', 1000));
export const CONCURRENCY = Math.round(count('BENCH_CONCURRENCY', count('LUNAS_WEBHOOK_CONCURRENCY', 16)));
export const KICK = process.env.BENCH_KICK !== '0';
if (EVENTS < 1 || RATE < 1 || CONCURRENCY < 1) throw new Error('BENCH_EVENTS, BENCH_RATE and BENCH_CONCURRENCY must be at least 1');

export const COMMIT_BATCH = 100;
/** Events per tick in phase B, and the number of ticks. */
export const PER_TICK = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
export const TICKS = Math.max(1, Math.round((LATENCY_S * 1000) / TICK_MS));

export const TARGET_DELIVERIES_PER_S = 2000;
/** Issue 19: deliveries/s at least this share of the bare-send floor's, in the same run. */
export const TARGET_FLOOR_RATIO = 0.35;
/** Issue 19: commit → receipt at BENCH_RATE (was 250 ms). */
export const TARGET_P99_MS = 50;

export const EVENT_TYPE = 'payment_session.completed';
export const USER_AGENT = `Lunas-Webhooks/${VERSION} (+https://github.com/lunas-payments/lunas)`;

/** ms on process.hrtime, the clock the receiver thread uses too. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
