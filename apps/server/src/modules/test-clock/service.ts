import { inBusinessTime, type BusinessOffsets, type Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import { clockStore } from './store.ts';

/**
 * The test clock (Lunas extension): each business can move its own clock forward, never back,
 * with `POST /test_helpers/clock/advance` or `lunas clock advance 2h`. The offset is kept in the
 * store, so every process of the store shares it; a process reads it again after CACHE_MS at
 * most, so an advance made elsewhere is seen within that. Business time = real time + offset
 * (clock.ts, `inBusinessTime`). With LUNAS_TEST_CLOCK=false the offsets are never read: every
 * business runs on real time.
 */
export const CACHE_MS = 500;
/** The longest single advance: ten years. */
export const MAX_ADVANCE_SECONDS = 10 * 366 * 86_400;

export interface ClockView {
  business_id: string;
  /** The business's now, ISO-8601. */
  now: string;
  /** How far its clock is ahead of real time. */
  offset_seconds: number;
}

export function testClockService(deps: { db: Db; clock: Clock; enabled: boolean }) {
  const { db, clock, enabled } = deps;
  const cache = new Map<string, { offsetMs: number; until: number }>();

  async function offsetMs(businessId: string): Promise<number> {
    if (!enabled) return 0;
    const cached = cache.get(businessId);
    if (cached && cached.until > Date.now()) return cached.offsetMs;
    const offset = await clockStore.offsetOf(db, businessId);
    if (cache.size > 10_000) cache.clear();
    cache.set(businessId, { offsetMs: offset, until: Date.now() + CACHE_MS });
    return offset;
  }

  const view = (businessId: string, offset: number): ClockView => ({
    business_id: businessId,
    now: new Date(clock.now().getTime() + offset).toISOString(),
    offset_seconds: offset / 1000,
  });

  return {
    enabled,
    offsetMs,

    /** Runs `fn` on the business's clock (pages that act for a session's business: simulator, checkout). */
    async runAs<T>(businessId: string, fn: () => Promise<T>): Promise<T> {
      if (!enabled) return fn();
      return inBusinessTime({ businessId, offsetMs: await offsetMs(businessId) }, fn);
    },

    async advanced(): Promise<{ businessId: string; offsetMs: number }[]> {
      return enabled ? clockStore.advanced(db) : [];
    },

    async show(businessId: string): Promise<ClockView> {
      cache.delete(businessId);
      return view(businessId, await offsetMs(businessId));
    },

    /** Moves the business's clock `seconds` forward (the route's schema holds it to 1 … MAX_ADVANCE_SECONDS). */
    async advance(businessId: string, seconds: number): Promise<ClockView> {
      const offset = await clockStore.advance(db, businessId, Math.round(seconds * 1000), clock.now().toISOString());
      cache.set(businessId, { offsetMs: offset, until: Date.now() + CACHE_MS });
      return view(businessId, offset);
    },
  } satisfies BusinessOffsets & Record<string, unknown>;
}

export type TestClockService = ReturnType<typeof testClockService>;
