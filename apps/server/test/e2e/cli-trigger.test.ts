import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyWebhook } from 'lunas-webhook-verify';
import { Webhook } from 'standardwebhooks';
import { SCENARIOS } from '../../src/cli/trigger.ts';
import { runLunas, type CliResult } from '../helpers/cli.ts';
import { freePort } from '../helpers/ports.ts';
import { call, startLunas, type LunasProcess } from '../helpers/process.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { DIALECTS, freshStoreTarget, type StoreTarget } from '../helpers/stores.ts';

/**
 * `lunas trigger` as a developer runs it: the compiled CLI against a started Lunas whose
 * webhook endpoint is a receiver, from an empty folder. Each event is made through the API and
 * the simulator, recorded once and delivered once, signed.
 */
const KEY = 'xnd_development_trigger_test_key_0001';
const TOKEN = 'trigger-test-callback-token-0001';

/** `lunas <args>` from an empty folder of its own, with only PATH and `env`. */
async function lunas(args: string[], env: Record<string, string>): Promise<CliResult> {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'lunas-trigger-'));
  try {
    return await runLunas(args, { cwd, env });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const EXPECTED = [
  'payment_session.completed',
  'payment.capture',
  'payment.failure',
  'payment.authorization',
  'payment_session.expired',
  'payment_token.activation',
  'refund.succeeded',
  'refund.failed',
];

for (const dialect of DIALECTS) {
  describe(`lunas trigger [${dialect}]`, () => {
    let target: StoreTarget;
    let server: LunasProcess;
    let receiver: Receiver;
    let env: Record<string, string>;
    let secret: string;

    before(async () => {
      target = await freshStoreTarget(dialect);
      receiver = await startReceiver();
      server = await startLunas({
        LUNAS_DATA_DIR: target.dataDir,
        DATABASE_URL: target.databaseUrl,
        LUNAS_SECRET_KEY: KEY,
        LUNAS_WEBHOOK_URL: receiver.url,
        LUNAS_CALLBACK_TOKEN: TOKEN,
      });
      env = { LUNAS_URL: server.url, LUNAS_SECRET_KEY: KEY };
      const endpoints = await call(server.url, KEY, 'GET', '/webhooks/endpoints');
      secret = endpoints.body.data[0].signing_secret;
    });
    after(async () => {
      await server?.stop();
      await receiver?.close();
      await target?.dispose();
    });

    test('--list names every event it makes', async () => {
      const listed = await lunas(['trigger', '--list'], env);
      assert.equal(listed.code, 0, listed.stderr);
      for (const event of EXPECTED) assert.match(listed.stdout, new RegExp(`^  ${event.replace('.', '\\.')} `, 'm'));
      assert.deepEqual(SCENARIOS.map((s) => s.event).sort(), [...EXPECTED].sort());
    });

    test('each event is made through the API and the simulator, recorded once and delivered once, signed', async () => {
      for (const event of EXPECTED) {
        const before = receiver.received.length;
        const result = await lunas(['trigger', event], env);
        assert.equal(result.code, 0, `${event}: ${result.stderr}`);
        // What it created, then the events, the triggered one marked.
        assert.match(result.stdout, /^  session +ps-[0-9a-f]{24}  /m, event);
        const marked = new RegExp(`^  (evt_[0-9a-f-]{36})  ${event.replace('.', '\\.')}  ←$`, 'm').exec(result.stdout);
        assert.ok(marked, `${event}: the event is listed:\n${result.stdout}`);
        const eventId = marked[1]!;

        const recorded = await call(server.url, KEY, 'GET', `/events/${eventId}`);
        assert.equal(recorded.status, 200);
        assert.equal(recorded.body.event, event);

        await receiver.waitFor(before + 1);
        // Deliveries of the other events of the same flow may still come: wait for this one.
        const until = Date.now() + 10_000;
        while (!receiver.received.some((r) => r.headers['webhook-id'] === eventId) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        const deliveries = receiver.received.filter((r) => r.headers['webhook-id'] === eventId);
        assert.equal(deliveries.length, 1, `${event} delivered once`);
        const [delivery] = deliveries;
        assert.equal(delivery!.headers['x-callback-token'], TOKEN);
        assert.equal(delivery!.json.event, event);
        assert.deepEqual(verifyWebhook({ secret, headers: delivery!.headers, body: delivery!.body, callbackToken: TOKEN }), delivery!.json);
        new Webhook(secret).verify(delivery!.body, delivery!.headers as Record<string, string>);
      }
    });

    test('overrides set the request fields', async () => {
      const result = await lunas(['trigger', 'payment.capture', '--override', 'amount=25000', '--override', 'channel=BCA_VIRTUAL_ACCOUNT'], env);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /PAY COMPONENTS 25000 IDR → COMPLETED/);
      assert.match(result.stdout, /BCA_VIRTUAL_ACCOUNT, paid by simulation → SUCCEEDED/);

      const php = await lunas(['trigger', 'payment.failure', '--override', 'currency=PHP', '--override', 'country=PH'], env);
      assert.equal(php.code, 0, php.stderr);
      assert.match(php.stdout, /10054 PHP → ACTIVE/);
      assert.match(php.stdout, /FAILED \(INSUFFICIENT_BALANCE\)/);
    });

    test('mistakes are one sentence and an exit code a script can rely on', async () => {
      const nobody = `http://127.0.0.1:${await freePort()}`;
      const cases: [string[], Record<string, string>, number, RegExp][] = [
        [['trigger', 'payment.nothing'], env, 2, /cannot make "payment\.nothing"; it makes: payment_session\.completed/],
        [['trigger'], env, 2, /name the event to trigger/],
        [['trigger', 'payment.capture', '--override', 'colour=red'], env, 2, /--override takes field=value with field one of amount, currency, country, channel; got "colour=red"/],
        [['trigger', 'payment.capture', '--override', 'amount=lots'], env, 2, /--override amount must be a number/],
        [['trigger', 'payment_session.expired', '--override', 'channel=OVO'], env, 2, /does not take --override channel/],
        [['trigger', 'payment.failure', '--override', 'channel=QRIS'], env, 1, /QRIS offers the customer no page to decline on/],
        [['trigger', 'payment.capture'], { ...env, LUNAS_SECRET_KEY: 'xnd_development_wrong' }, 4, /refused the secret key \(401/],
        [['trigger', 'payment.capture'], { ...env, LUNAS_URL: nobody }, 3, new RegExp(`could not reach Lunas at ${nobody} \\(connection refused\\)`)],
        [['trigger', 'payment.capture'], { LUNAS_URL: server.url }, 2, /needs its secret key/],
      ];
      for (const [args, caseEnv, code, pattern] of cases) {
        const result = await lunas(args, caseEnv);
        assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr.split('\n')[0]!, pattern, args.join(' '));
        assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
      }
    });
  });
}
