import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The one clock. Every "now" in Lunas comes from here, so tests (and later the test-clock
 * feature) can move time without sleeping.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move; used by tests. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | number = Date.now()) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  set(to: Date | number): void {
    this.current = typeof to === 'number' ? to : to.getTime();
  }
}

/**
 * Business time (the test clock, modules/test-clock): each business may have moved its clock
 * forward by an offset, persisted in the store. A business's work runs inside
 * `inBusinessTime(offset, …)` (its API requests, its sweeps), where the business clock below
 * answers real time plus that offset; outside it, real time. Leases, locks, idempotency, rate
 * limits, logs and signatures use the real clock and never see an offset.
 */
export interface BusinessTime {
  businessId: string;
  offsetMs: number;
}

const businessScope = new AsyncLocalStorage<BusinessTime>();

/** The clock of business-visible time: `real` plus the offset of the business whose work is running. */
export function businessClock(real: Clock): Clock {
  return {
    now: () => {
      const offset = businessScope.getStore()?.offsetMs;
      return offset ? new Date(real.now().getTime() + offset) : real.now();
    },
  };
}

/** Runs `fn` (and everything it starts) on a business's time. */
export function inBusinessTime<T>(time: BusinessTime, fn: () => T): T {
  return businessScope.run(time, fn);
}

/** The business whose work is running, if any (a task enqueued by it runs on its time too). */
export const currentBusinessTime = (): BusinessTime | undefined => businessScope.getStore();

/** Runs `fn` on real time, whatever scope it was started from (the worker and dispatcher serve every business). */
export function inRealTime<T>(fn: () => T): T {
  return businessScope.exit(fn);
}

/** Where business clocks are read: a business's offset, every business whose clock moved, and running on one. */
export interface BusinessOffsets {
  offsetMs(businessId: string): Promise<number>;
  advanced(): Promise<{ businessId: string; offsetMs: number }[]>;
  /** Runs `fn` on the business's clock. */
  runAs<T>(businessId: string, fn: () => Promise<T>): Promise<T>;
}

/** No business clock moved (LUNAS_TEST_CLOCK=false, or tests that do not care). */
export const realTimeOnly: BusinessOffsets = { offsetMs: async () => 0, advanced: async () => [], runAs: (_, fn) => fn() };
