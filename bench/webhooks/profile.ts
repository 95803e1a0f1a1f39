/**
 * BENCH_PROFILE=<dir>: a V8 CPU profile of the main thread (the dispatcher; the receiver has
 * a thread of its own) for each of Lunas's measured phases, written as
 * `<dir>/lunas-<store>-<phase>.cpuprofile` (open it in Chrome DevTools, or summarise it with
 * `node --import tsx bench/webhooks/profile-summary.ts <file>`). Profiling slows Lunas a little:
 * figures of a profiled run are not the benchmark's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

const PROFILE_DIR = process.env.BENCH_PROFILE;

/** Runs `phase` under the CPU profiler when BENCH_PROFILE is set; otherwise just runs it. */
export async function profiled<T>(name: string, phase: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return phase();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  try {
    return await phase();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `lunas-${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
