/** What the components-init benchmark runs, how many times, and what it must reach. */
import { numberEnv } from '../lib/env.ts';

/** Measured iterations; each is one cold and one warm visit per page (SDK and floor). */
export const ITERATIONS = Math.round(numberEnv('BENCH_ITERATIONS', 30));
/** Unmeasured iterations first: Lunas builds the SDK at its first /sdk request, V8 and SQLite warm up. */
export const WARMUP = Math.round(numberEnv('BENCH_WARMUP', 3, { allowZero: true }));
/** How long one visit may take before the run gives up (a hung page must not hang the run). */
export const VISIT_TIMEOUT_MS = numberEnv('BENCH_VISIT_TIMEOUT_MS', 15_000);

/** Which served build the merchant page loads: the script tag (most merchants) or the ES module. */
export const BUILD = (process.env.BENCH_BUILD ?? 'umd') as 'umd' | 'esm';
if (BUILD !== 'umd' && BUILD !== 'esm') throw new Error(`BENCH_BUILD must be umd or esm, got "${BUILD}"`);

/** The requirement: page load → `init` within 300 ms against a local Lunas (cold visit). */
export const TARGET_MS = 300;

/** The four things measured, in the order the table lists them. */
export const SERIES = ['sdk-cold', 'sdk-warm', 'floor-cold', 'floor-warm'] as const;
export type Series = (typeof SERIES)[number];
export type PageKind = 'sdk' | 'floor';
