import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bootstrapStore } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { card, createSession, attempt } from './helpers/payments.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { DIALECTS } from './helpers/stores.ts';

interface Endpoint {
  id: string;
  url: string;
  signing_secret: string;
  seeded: boolean;
  updated: string;
}

/**
 * LUNAS_WEBHOOK_URL names *the* seeded endpoint: starting with another URL moves it, starting
 * with the same URL or without the setting changes nothing, and API endpoints are never touched.
 */
for (const dialect of DIALECTS) {
  describe(`the seeded webhook endpoint [${dialect}]`, () => {
    let t: TestApp;
    let first: Receiver;
    let second: Receiver;
    before(async () => {
      [first, second] = await Promise.all([startReceiver(), startReceiver()]);
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_URL: first.url, LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s', LUNAS_WEBHOOK_TIMEOUT_MS: '1500' });
    });
    after(async () => {
      await t.close();
      await Promise.all([first.close(), second.close()]);
    });

    const endpoints = async (): Promise<Endpoint[]> => (await t.get('/webhooks/endpoints')).json().data;
    /** A start of another Lunas process on the same store, with these settings. */
    const restart = async (env: Record<string, string>) => {
      const config = loadConfig({ LUNAS_DATA_DIR: t.target.dataDir, DATABASE_URL: t.target.databaseUrl, LUNAS_SECRET_KEY: t.config.secretKey, ...env });
      await bootstrapStore(t.services, config);
    };

    test('the first start seeds one endpoint, marked as seeded; the same URL again changes nothing', async () => {
      const [seeded, ...others] = await endpoints();
      assert.equal(others.length, 0);
      assert.equal(seeded!.url, first.url);
      assert.equal(seeded!.seeded, true);
      t.clock.advance(60_000);
      await restart({ LUNAS_WEBHOOK_URL: first.url });
      await restart({});
      assert.deepEqual(await endpoints(), [seeded], 'same URL, or no setting: untouched');
    });

    test('a new URL moves the seeded endpoint: same id and secret, and pending deliveries go to the new URL', async () => {
      const [before] = await endpoints();
      // The old URL fails, so both deliveries wait for a retry when the developer restarts with another.
      first.respond = () => ({ status: 500 });
      const session = await createSession(t);
      await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      await t.services.dispatcher.drain();
      assert.equal(first.received.length, 2);
      const pending = await t.store.db.selectFrom('webhook_deliveries').select(['status', 'endpoint_id']).execute();
      assert.deepEqual(pending.map((d) => [d.status, d.endpoint_id]), [['PENDING', before!.id], ['PENDING', before!.id]]);
      t.clock.advance(60_000);
      await restart({ LUNAS_WEBHOOK_URL: second.url });
      const after = await endpoints();
      assert.equal(after.length, 1);
      assert.deepEqual({ ...after[0], url: 'x', updated: 'x' }, { ...before, url: 'x', updated: 'x' });
      assert.equal(after[0]!.url, second.url);
      assert.equal(after[0]!.updated, t.clock.now().toISOString());

      await t.services.dispatcher.drain();
      assert.equal(first.received.length, 2, 'nothing more goes to the old URL');
      assert.deepEqual(second.received.map((r) => r.json.event).sort(), ['payment.capture', 'payment_session.completed']);
    });

    test('endpoints added through the API are never touched by seeding', async () => {
      const added: Endpoint = (await t.post('/webhooks/endpoints', { url: 'https://api-added.example/hooks', event_groups: ['session_completed'] })).json();
      assert.equal(added.seeded, false);
      t.clock.advance(60_000);
      await restart({ LUNAS_WEBHOOK_URL: 'https://third.example/hooks' });
      const list = await endpoints();
      assert.deepEqual(list.find((e) => e.id === added.id), added);
      assert.deepEqual(list.filter((e) => e.seeded).map((e) => e.url), ['https://third.example/hooks']);

      // Seeding to the URL an API endpoint already has: that endpoint stays as it is and receives
      // the events; the seeded endpoint, which would keep sending to the old URL, goes.
      await restart({ LUNAS_WEBHOOK_URL: 'https://api-added.example/hooks' });
      assert.deepEqual(await endpoints(), [added]);
      await restart({ LUNAS_WEBHOOK_URL: 'https://api-added.example/hooks' });
      assert.deepEqual(await endpoints(), [added], 'stable on the next start');
      await t.request({ method: 'DELETE', url: `/webhooks/endpoints/${added.id}` });
    });

    test('an endpoint made before endpoints were marked is adopted when LUNAS_WEBHOOK_URL names it, and only then', async () => {
      const business = await t.services.businesses.createBusiness({ name: 'Upgraded' });
      const old = await t.services.webhooks.create(business.business.id, { url: 'https://seeded-long-ago.example/hooks' });
      t.clock.advance(1000);
      const other = await t.services.webhooks.create(business.business.id, { url: 'https://added-long-ago.example/hooks' });
      // What migration 0007 leaves on rows it found.
      await t.store.db.updateTable('webhook_endpoints').set({ source: 'legacy' }).where('business_id', '=', business.business.id).execute();
      await t.services.webhooks.seed(business.business.id, 'https://seeded-long-ago.example/hooks', undefined);
      assert.deepEqual((await t.services.webhooks.list(business.business.id)).map((e) => [e.id, e.seeded]), [[old.id, true], [other.id, false]]);
      await t.services.webhooks.seed(business.business.id, 'https://moved.example/hooks', undefined);
      const list = await t.services.webhooks.list(business.business.id);
      assert.deepEqual(list.map((e) => [e.id, e.url, e.seeded]), [[old.id, 'https://moved.example/hooks', true], [other.id, 'https://added-long-ago.example/hooks', false]]);
    });

    test('processes starting together: one seeded endpoint, whether they add it or move it', async () => {
      const business = await t.services.businesses.createBusiness({ name: 'Concurrent' });
      const seedAll = (url: string) => Promise.all(Array.from({ length: 8 }, () => t.services.webhooks.seed(business.business.id, url, undefined)));
      await seedAll('https://one.example/hooks');
      const added = await t.services.webhooks.list(business.business.id);
      assert.equal(added.length, 1);
      assert.equal(added[0]!.seeded, true);
      await seedAll('https://two.example/hooks');
      const moved = await t.services.webhooks.list(business.business.id);
      assert.deepEqual(moved.map((e) => [e.id, e.url, e.seeded]), [[added[0]!.id, 'https://two.example/hooks', true]]);
    });
  });
}
