import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { runLunas } from '../helpers/cli.ts';
import { call, startLunas, type LunasProcess } from '../helpers/process.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { freshStoreTarget, type StoreTarget } from '../helpers/stores.ts';

/**
 * The test clock across processes (docs/compatibility.md "Test clock"): two `lunas start`
 * processes on one PostgreSQL; the clock is moved with `lunas clock advance` through one of
 * them, and what falls due happens within seconds, whichever process's worker and dispatcher
 * get to it. Uses the compiled bin (npm run build first).
 */
const KEY = 'xnd_development_test_clock_e2e_0001';

const lunas = (args: string[], env: Record<string, string> = {}) => runLunas(args, { env });

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('test clock on two processes sharing one PostgreSQL', () => {
  let target: StoreTarget;
  let receiver: Receiver;
  let a: LunasProcess;
  let b: LunasProcess;
  before(async () => {
    target = await freshStoreTarget('postgres');
    receiver = await startReceiver();
    const env = { LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl!, LUNAS_SECRET_KEY: KEY, LUNAS_WEBHOOK_URL: receiver.url, LUNAS_LOG_FORMAT: 'json' };
    a = await startLunas(env);
    b = await startLunas(env);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    await receiver?.close();
    await target?.dispose();
  });

  test('advance 31 minutes through B: A shows the session EXPIRED, payment_session.expired arrives signed within seconds; another business is untouched', async () => {
    const sub = await call(a.url, KEY, 'POST', '/v2/accounts', { email: 'sub@example.com', type: 'OWNED', public_profile: { business_name: 'Other' } });
    assert.equal(sub.status, 201, JSON.stringify(sub.body));
    const subHeaders = { 'for-user-id': sub.body.id };
    const theirs = await fetch(`${a.url}/sessions`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`, 'content-type': 'application/json', ...subHeaders },
      body: JSON.stringify({ ...FOUNDING_PAYLOAD, reference_id: 'theirs' }),
    }).then((r) => r.json() as Promise<{ payment_session_id: string }>);
    const session = await call(a.url, KEY, 'POST', '/sessions', FOUNDING_PAYLOAD);
    assert.equal(session.status, 201);
    const id = session.body.payment_session_id as string;

    const advanced = await lunas(['clock', 'advance', '31m', '--url', b.url, '--api-key', KEY]);
    assert.equal(advanced.code, 0, advanced.stderr);
    assert.match(advanced.stdout, /ahead of real time\s+31m \(1860 s\)/);

    await waitUntil('payment_session.expired', async () => receiver.received.find((r) => r.json.event === 'payment_session.expired' && r.json.data.payment_session_id === id), 10_000);
    const got = receiver.received.find((r) => r.json.data.payment_session_id === id)!;
    const endpoints = await call(a.url, KEY, 'GET', '/webhooks/endpoints');
    new Webhook(endpoints.body.data[0].signing_secret).verify(got.body, got.headers as Record<string, string>);
    assert.equal((await call(a.url, KEY, 'GET', `/sessions/${id}`)).body.status, 'EXPIRED');
    assert.equal((await call(b.url, KEY, 'GET', `/sessions/${id}`)).body.status, 'EXPIRED');
    // The other business: its clock never moved, its session is ACTIVE on both processes.
    for (const base of [a.url, b.url]) {
      const res = await fetch(`${base}/sessions/${theirs.payment_session_id}`, { headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`, ...subHeaders } });
      assert.equal(((await res.json()) as { status: string }).status, 'ACTIVE');
    }
    const shown = await lunas(['clock', 'show', '--url', a.url, '--api-key', KEY]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /ahead of real time\s+31m/);
  });

  test('a failing receiver: advancing 25 hours exhausts its retries, across processes', async () => {
    const failing = await startReceiver();
    failing.respond = () => ({ status: 500, body: 'down' });
    try {
      const sub = await call(a.url, KEY, 'POST', '/v2/accounts', { email: 'failing@example.com', type: 'OWNED', public_profile: { business_name: 'Failing' } });
      const auth = { authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`, 'content-type': 'application/json', 'for-user-id': sub.body.id };
      const post = (base: string, url: string, body: unknown) => fetch(base + url, { method: 'POST', headers: auth, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
      assert.equal((await post(a.url, '/webhooks/endpoints', { url: failing.url })).status, 201);
      const session = (await post(a.url, '/sessions', FOUNDING_PAYLOAD)).body.payment_session_id as string;
      assert.equal((await post(b.url, `/sessions/${session}/expire`, {})).status, 200);
      await failing.waitFor(1);
      const advanced = await lunas(['clock', 'advance', '25h', '--url', a.url, '--api-key', KEY, '--for-user-id', sub.body.id]);
      assert.equal(advanced.code, 0, advanced.stderr);
      const delivery = await waitUntil('FAILED', async () => {
        const res = await fetch(`${b.url}/events?subject_id=${session}`, { headers: auth });
        const d = ((await res.json()) as any).data[0]?.deliveries[0];
        return d?.status === 'FAILED' ? d : undefined;
      }, 15_000);
      assert.equal(delivery.attempts.length, 7);
      assert.equal(failing.received.length, 7);
    } finally {
      await failing.close();
    }
  });

  test('the CLI: --help, a bad duration is a usage error (2), a Lunas with LUNAS_TEST_CLOCK=false says so (1)', async () => {
    for (const args of [['clock', '--help'], ['clock', 'advance', '--help'], ['clock', 'show', '--help']]) {
      const help = await lunas(args);
      assert.equal(help.code, 0, args.join(' '));
      assert.match(help.stdout, /Usage: lunas clock/);
    }
    for (const bad of ['0', 'soon', '2w', '1.5h', '-5']) {
      const res = await lunas(['clock', 'advance', '--url', a.url, '--api-key', KEY, '--', bad]);
      assert.equal(res.code, 2, `${bad}: ${res.stderr}`);
      assert.match(res.stderr, /^lunas: /);
    }
    const off = await freshStoreTarget('sqlite');
    const lunasOff = await startLunas({ LUNAS_DATA_DIR: off.dataDir, LUNAS_SECRET_KEY: KEY, LUNAS_TEST_CLOCK: 'false' });
    try {
      const res = await lunas(['clock', 'show', '--url', lunasOff.url, '--api-key', KEY]);
      assert.equal(res.code, 1);
      assert.match(res.stderr, /LUNAS_TEST_CLOCK=false/);
    } finally {
      await lunasOff.stop();
      await off.dispose();
    }
  });
});
