import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { LUNAS_BIN, runLunas } from '../helpers/cli.ts';
import { listAllEvents, payMany, waitUntil } from '../helpers/load.ts';
import { freePort } from '../helpers/ports.ts';
import { startLunas, type LunasProcess } from '../helpers/process.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { DIALECTS, freshStoreTarget, type StoreTarget } from '../helpers/stores.ts';

/**
 * `lunas listen` as a developer runs it: the built CLI as a child process, a real `lunas start`,
 * a receiver with no endpoint registered in Lunas. Every event arrives once, signed so that the
 * standardwebhooks package verifies it with the secret listen printed; stopping listen with
 * Ctrl-C during a burst and starting it again loses nothing and sends nothing twice.
 */
const KEY = 'xnd_development_listen_test_key_0001';

interface Listen {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

function startListen(args: string[]): Listen {
  const child = spawn(process.execPath, [LUNAS_BIN, 'listen', ...args], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    async waitFor(pattern, timeoutMs = 15_000) {
      let match: RegExpMatchArray | null = null;
      await waitUntil(() => (match = pattern.exec(output)) !== null, timeoutMs, () => `listen did not print ${pattern}:\n${output}`, 20);
      return match!;
    },
  };
}

const run = (args: string[]) => runLunas(args, { timeoutMs: 30_000 });

for (const dialect of DIALECTS) {
  describe(`lunas listen (${dialect})`, () => {
    let target: StoreTarget;
    let receiver: Receiver;
    let lunas: LunasProcess;
    let port: number;
    const listens: Listen[] = [];
    const env = () => ({ LUNAS_PORT: String(port), LUNAS_SECRET_KEY: KEY, LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, LUNAS_STREAM_HEARTBEAT_MS: '500' });
    const listenArgs = (...extra: string[]) => ['--forward-to', receiver.url, '--url', lunas.url, '--api-key', KEY, ...extra];

    before(async () => {
      target = await freshStoreTarget(dialect);
      receiver = await startReceiver();
      port = await freePort();
      lunas = await startLunas(env());
    });
    after(async () => {
      for (const l of listens) l.child.kill('SIGKILL');
      await lunas?.stop();
      await receiver?.close();
      await target?.dispose();
    });

    /** Every request the receiver got: each event once, verified with the secret and token listen printed. */
    async function assertEachOnceAndSigned(secret: string, token: string) {
      const events = await listAllEvents(lunas.url, KEY);
      const ids = receiver.received.map((r) => String(r.headers['webhook-id']));
      const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
      assert.deepEqual(duplicates, [], 'no event forwarded twice');
      // Sorted: GET /events lists in seq order, and on PostgreSQL the stream's order is commit order.
      assert.deepEqual([...ids].sort(), events.map((e) => e.id).sort(), 'every event');
      const webhook = new Webhook(secret);
      for (const r of receiver.received) {
        const verified = webhook.verify(r.body, r.headers as Record<string, string>) as { event: string; data: unknown };
        assert.equal(r.headers['x-callback-token'], token);
        assert.equal(r.headers['content-type'], 'application/json');
        assert.match(String(r.headers['user-agent']), /^Lunas-Webhooks\//);
        const event = events.find((e) => e.id === r.headers['webhook-id'])!;
        assert.equal(verified.event, event.event);
        assert.deepEqual(verified.data, event.data);
      }
    }

    test('forwards each event once, signed with the printed secret, one line per event and per forward', async () => {
      const listen = startListen(listenArgs());
      listens.push(listen);
      const [, secret] = await listen.waitFor(/signing secret\s+(whsec_\S+)/);
      const [, token] = await listen.waitFor(/x-callback-token\s+(\S+)/);
      await listen.waitFor(/Ctrl-C stops/);
      await payMany(() => lunas.url, KEY, 3, 1);
      await receiver.waitFor(6, 15_000);
      await listen.waitFor(/(→ 200 POST [^\n]+\n[^]*){6}/);
      await assertEachOnceAndSigned(secret!, token!);
      const lines = listen.output();
      for (const r of receiver.received) assert.match(lines, new RegExp(`^\\d\\d:\\d\\d:\\d\\d  ${String(r.json.event).replace('.', '\\.')} +${r.headers['webhook-id']}$`, 'm'));
      assert.match(lines, new RegExp(`^ +→ 200 POST ${receiver.url.replace(/[.]/g, '\\.')} \\(\\d+ ms\\)$`, 'm'));

      listen.child.kill('SIGINT');
      assert.equal(await listen.exited, 0, listen.output());
      assert.match(listen.output(), /Stopped\. The next listen continues after evt_/);
    });

    test('Ctrl-C during a burst, then a restart: nothing lost, nothing twice, same secret', async () => {
      const first = startListen(listenArgs());
      listens.push(first);
      const [, secret] = await first.waitFor(/signing secret\s+(whsec_\S+)/);
      await first.waitFor(/starting\s+after evt_/);
      const before = receiver.received.length;
      const burst = payMany(() => lunas.url, KEY, 15, 3);
      await waitUntil(() => receiver.received.length >= before + 5, 15_000, () => `only ${receiver.received.length - before} forwards`, 5);
      first.child.kill('SIGINT');
      assert.equal(await first.exited, 0, first.output());
      await burst;
      const stoppedAt = receiver.received.length;
      assert.ok(stoppedAt < before + 30, 'stopped during the burst');

      const second = startListen(listenArgs());
      listens.push(second);
      const [, again] = await second.waitFor(/signing secret\s+(whsec_\S+)/);
      assert.equal(again, secret, 'the secret stays the same across runs');
      await receiver.waitFor(before + 30, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      const [, token] = await second.waitFor(/x-callback-token\s+(\S+)/);
      await assertEachOnceAndSigned(secret!, token!);
      second.child.kill('SIGINT');
      assert.equal(await second.exited, 0);
    });

    test('a restart of Lunas: listen reconnects and resumes; --events filters', async () => {
      const listen = startListen(listenArgs('--events', 'payment_session.completed', '--print-json'));
      listens.push(listen);
      await listen.waitFor(/Ctrl-C stops/);
      const before = receiver.received.length;
      await payMany(() => lunas.url, KEY, 1, 1);
      await receiver.waitFor(before + 1);
      await lunas.stop('SIGINT');
      await listen.waitFor(/lost the stream from .*reconnecting/);
      lunas = await startLunas(env());
      await listen.waitFor(/reconnected to /, 20_000);
      await payMany(() => lunas.url, KEY, 2, 1);
      await receiver.waitFor(before + 3);
      await new Promise((r) => setTimeout(r, 500));
      const got = receiver.received.slice(before);
      assert.deepEqual(got.map((r) => r.json.event), ['payment_session.completed', 'payment_session.completed', 'payment_session.completed']);
      assert.match(listen.output(), /^ {6}"event": "payment_session\.completed",$/m);
      listen.child.kill('SIGTERM');
      assert.equal(await listen.exited, 0);
    });

    test('clear errors with distinct exit codes: unreachable 3, wrong key 4, unknown event 2', async () => {
      const closed = await freePort();
      const unreachable = await run(['listen', '--forward-to', receiver.url, '--url', `http://127.0.0.1:${closed}`, '--api-key', KEY]);
      assert.equal(unreachable.code, 3, unreachable.stderr);
      assert.match(unreachable.stderr, /^lunas: could not reach Lunas at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
      const wrongKey = await run(['listen', '--forward-to', receiver.url, '--url', lunas.url, '--api-key', 'xnd_development_wrong_key_0001']);
      assert.equal(wrongKey.code, 4, wrongKey.stderr);
      assert.match(wrongKey.stderr, /^lunas: Lunas at .* refused the secret key \(401/);
      const unknown = await run(['listen', '--forward-to', receiver.url, '--url', lunas.url, '--api-key', KEY, '--events', 'payment.capture,payment.nope']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /^lunas: unknown event type payment\.nope; event types are payment_session\.completed, /);
      const noTarget = await run(['listen', '--url', lunas.url, '--api-key', KEY]);
      assert.equal(noTarget.code, 2);
      assert.match(noTarget.stderr, /required option '--forward-to <url>'/);
      const badTarget = await run(['listen', '--forward-to', 'ftp://x', '--url', lunas.url, '--api-key', KEY]);
      assert.equal(badTarget.code, 2);
      const help = await run(['listen', '--help']);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--forward-to <url>/);
    });
  });
}
