import { after, before } from 'node:test';
import type { Dialect } from '../../src/db/store.ts';
import { startTestApp, type TestApp } from './app.ts';

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
  let current: TestApp | undefined;
  before(async () => {
    current = await startTestApp(dialect, overrides);
  });
  after(async () => {
    const app = current;
    current = undefined;
    await app?.close();
  });
  const started = (): TestApp => {
    if (current === undefined) throw new Error(`testAppPerSuite(${dialect}): the app is used outside its suite's hooks and tests`);
    return current;
  };
  return new Proxy({} as TestApp, {
    get: (_, key) => Reflect.get(started(), key),
    has: (_, key) => Reflect.has(started(), key),
    ownKeys: () => Reflect.ownKeys(started()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(started(), key),
    set: () => {
      throw new Error('testAppPerSuite: the app is read-only');
    },
  });
}
