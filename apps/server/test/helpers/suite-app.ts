import { after, before } from 'node:test';
import type { Dialect } from '../../src/db/store.ts';
import { startTestApp, type TestApp } from './app.ts';
import { startReceiver, type Receiver } from './receiver.ts';

/**
 * One app for the enclosing suite: registers, with node:test, a `before` hook that starts it
 * (`startTestApp(dialect, overrides)`) and an `after` hook that closes it, and returns the app.
 *
 *   for (const dialect of DIALECTS) {
 *     describe(`… (${dialect})`, () => {
 *       const t = testAppPerSuite(dialect);
 *       test('…', async () => { await t.post('/sessions', …); });
 *     });
 *   }
 *
 * The value returned stands for the app the `before` hook starts: every property read goes to
 * it, so use it only inside hooks and tests (reading it earlier, or after the suite, throws).
 * Hooks of one kind run in the order they are registered, so a `before` registered after this
 * call runs with the app started (extra set-up), and an `after` registered after it runs once
 * the app is closed.
 */
export function testAppPerSuite(dialect: Dialect, overrides: Record<string, string> = {}): TestApp {
  const suite = perSuite(`testAppPerSuite(${dialect})`, () => startTestApp(dialect, overrides), (app) => app.close());
  return forwardTo(suite, (app) => app, { readOnly: true });
}

/**
 * A webhook receiver and an app whose default endpoint delivers to it, for the enclosing suite
 * (both started in one `before`, the app closed before the receiver). With `realTime`, the app's
 * clock starts at now: standardwebhooks checks `webhook-timestamp` against the system clock.
 * Like testAppPerSuite, the values stand for what the hook starts; tests may set the receiver's
 * `respond`.
 */
export function appWithReceiverPerSuite(dialect: Dialect, options: { overrides?: Record<string, string>; realTime?: boolean } = {}): { t: TestApp; receiver: Receiver } {
  const suite = perSuite(
    `appWithReceiverPerSuite(${dialect})`,
    async () => {
      const receiver = await startReceiver();
      const t = await startTestApp(dialect, { ...options.overrides, LUNAS_WEBHOOK_URL: receiver.url });
      if (options.realTime) t.clock.set(Date.now());
      return { t, receiver };
    },
    async ({ t, receiver }) => {
      await t.close();
      await receiver.close();
    },
  );
  return { t: forwardTo(suite, (started) => started.t, { readOnly: true }), receiver: forwardTo(suite, (started) => started.receiver, { readOnly: false }) };
}

/** Registers the suite's `before` (start) and `after` (close); answers what is running now, or throws outside the suite. */
function perSuite<T>(name: string, start: () => Promise<T>, close: (value: T) => Promise<void>): () => T {
  let current: T | undefined;
  before(async () => {
    current = await start();
  });
  after(async () => {
    const value = current;
    current = undefined;
    if (value !== undefined) await close(value);
  });
  return () => {
    if (current === undefined) throw new Error(`${name}: used outside its suite's hooks and tests`);
    return current;
  };
}

/** An object that stands for `pick(started())`: every read goes to the value running now. */
function forwardTo<T, V extends object>(started: () => T, pick: (value: T) => V, { readOnly }: { readOnly: boolean }): V {
  const target = () => pick(started());
  return new Proxy({} as V, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(target(), key),
    set: (_, key, value) => {
      if (readOnly) throw new Error('the suite app is read-only');
      return Reflect.set(target(), key, value);
    },
  });
}
