import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { SETTINGS } from '../../src/config.ts';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { LUNAS_BIN, runLunas, type CliResult } from '../helpers/cli.ts';
import { freePort } from '../helpers/ports.ts';
import { call, startLunas, type LunasProcess } from '../helpers/process.ts';

/**
 * The `lunas` command line as a user types it: the compiled bin (bin/lunas.js → dist/), in an
 * empty folder of its own, with only PATH in the environment.
 */
const BIN = LUNAS_BIN;
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const KEY = 'xnd_development_cli_test_key_0001';

type Result = CliResult;

const lunas = (args: string[], options: { cwd: string; env?: Record<string, string> }) => runLunas(args, { cwd: options.cwd, env: { LUNAS_LOG_LEVEL: 'warn', ...options.env } });

const folders: string[] = [];
const emptyFolder = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lunas-cli-'));
  folders.push(dir);
  return dir;
};
/**
 * An error a user can cause: its first line on stderr names what the user must see, no stack
 * trace follows; only hints in parentheses (commander's "Did you mean start?") may.
 */
function assertSentence(result: Result, code: number, pattern: RegExp) {
  assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`);
  const [first, ...rest] = result.stderr.trim().split('\n');
  assert.match(first!, pattern);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  for (const line of rest) assert.match(line, /^\(.*\)$/, `only hints follow the sentence: ${result.stderr}`);
}

describe('lunas, the command line', () => {
  const running: LunasProcess[] = [];
  after(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')));
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  test('help prints and exits 0 for every command, and changes nothing', async () => {
    const cwd = emptyFolder();
    for (const args of [[], ['--help'], ['start', '--help'], ['migrate', '--help'], ['keys', 'create', '--help'], ['sdk-keys', 'rotate', '--help'], ['businesses', 'create', '--help'], ['webhooks', 'add', '--help'], ['checkout', 'branding', '--help']]) {
      const result = await lunas(args, { cwd });
      assert.equal(result.code, 0, `lunas ${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stdout, /^Usage: lunas/m, `lunas ${args.join(' ')}`);
    }
    assert.deepEqual(readdirSync(cwd), [], 'help created nothing (no .lunas, no master.key)');
    const startHelp = (await lunas(['start', '--help'], { cwd })).stdout;
    for (const [flag, env] of Object.entries(SETTINGS)) {
      assert.match(startHelp, new RegExp(`--${flag} <`), `start --help lists --${flag}`);
      assert.ok(startHelp.replace(/\s+/g, ' ').includes(`env ${env}`), `start --help names ${env}`);
    }
    assert.match((await lunas(['--help'], { cwd })).stdout, /Exit codes: 0 done, 1 .*\n?.*2 wrong usage/);
  });

  test('an unknown command, flag or value names itself and exits 2', async () => {
    const cwd = emptyFolder();
    assertSentence(await lunas(['strat'], { cwd }), 2, /unknown command 'strat'/);
    assertSentence(await lunas(['start', '--prot', '4011'], { cwd }), 2, /unknown option '--prot'/);
    assertSentence(await lunas(['sdk-keys', 'rotate', '--kind', 'foo'], { cwd }), 2, /'foo' is invalid\. Allowed choices are ecdh, pinning/);
    assertSentence(await lunas(['start', '--log-level', 'loud'], { cwd }), 2, /'loud' is invalid/);
    assertSentence(await lunas(['keys', 'list'], { cwd }), 2, /needs its secret key: pass --api-key/);
    assert.equal((await lunas(['keys'], { cwd })).code, 2, 'a command group without its sub-command is incomplete');
    assert.deepEqual(readdirSync(cwd), []);
  });

  test('operational errors are one sentence and a non-zero exit, and leave nothing behind', async () => {
    const cwd = emptyFolder();
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      assertSentence(await lunas(['start', '--port', String(port)], { cwd }), 1, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use \\(LUNAS_PORT`));
      assert.deepEqual(readdirSync(cwd), [], 'a busy port is found before any store, business or master.key is made');
    } finally {
      busy.close();
    }
    // A sealed store whose master.key is missing: start says so, and writes no new key over it.
    const sealed = path.join(cwd, 'sealed');
    assert.equal((await lunas(['migrate', '--data-dir', sealed], { cwd })).code, 0);
    assert.equal((await lunas(['sdk-keys', 'rotate', '--data-dir', sealed], { cwd })).code, 0, 'seals the store with its master key');
    rmSync(path.join(sealed, 'master.key'));
    assertSentence(await lunas(['start', '--port', '0', '--data-dir', sealed], { cwd }), 1, /this store was sealed with a master key that is not here/);
    assert.ok(!existsSync(path.join(sealed, 'master.key')), 'a failed start writes no new master.key');
    rmSync(sealed, { recursive: true });
    assertSentence(await lunas(['start'], { cwd, env: { LUNAS_HOST: 'not a host!' } }), 2, /LUNAS_HOST must be an IP address or a host name/);
    assertSentence(await lunas(['start'], { cwd, env: { LUNAS_PORT: '99999' } }), 2, /LUNAS_PORT must be an integer from 0 to 65535, got "99999"/);
    const file = path.join(cwd, 'not-a-dir');
    writeFileSync(file, 'x');
    assert.notEqual((await lunas(['migrate', '--data-dir', path.join(file, 'store')], { cwd })).code, 0);
    const closed = await freePort();
    assertSentence(await lunas(['start', '--port', '0'], { cwd, env: { DATABASE_URL: 'mysql://root@127.0.0.1/shop' } }), 2, /DATABASE_URL/);
    // PostgreSQL not there: each retry is printed, then one sentence, and no master.key is written.
    const waited = await lunas(['start', '--port', '0', '--data-dir', path.join(cwd, 'pg')], { cwd, env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/test`, LUNAS_DB_WAIT: '1s' } });
    assert.equal(waited.code, 1, waited.stderr);
    assert.match(waited.stderr, /PostgreSQL is not reachable yet \(connection refused\); retry 1 in 0\.\d s/);
    assert.match(waited.stderr.trim().split('\n').at(-1)!, new RegExp(`^lunas: could not reach PostgreSQL at 127\\.0\\.0\\.1:${closed} .*after 1 s`));
    assert.doesNotMatch(waited.stderr, /^\s+at /m);
    assert.ok(!existsSync(path.join(cwd, 'pg', 'master.key')), 'a start that failed wrote no master.key');
    assertSentence(await lunas(['webhooks', 'list', '--url', `http://127.0.0.1:${closed}`, '--api-key', KEY], { cwd }), 3, new RegExp(`could not reach Lunas at http://127\\.0\\.0\\.1:${closed} \\(connection refused\\)`));
    assertSentence(await lunas(['webhooks', 'list', '--url', 'ftp://x'], { cwd, env: { LUNAS_SECRET_KEY: KEY } }), 2, /--url \(LUNAS_URL\) must be the http\(s\) address/);
    assertSentence(await lunas(['checkout', 'branding', '--color', 'red', '--api-key', KEY], { cwd }), 2, /--color takes a colour as '#RRGGBB'.*got "red"/);
  });

  test('the data dir is ./.lunas of the folder lunas runs in, and `npm start -- <flags>` passes its flags', async () => {
    const cwd = emptyFolder();
    const migrated = await lunas(['migrate'], { cwd });
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.ok(existsSync(path.join(cwd, '.lunas/lunas.sqlite')), 'the store is in ./.lunas of the current folder');

    const dataDir = path.join(emptyFolder(), 'npm-start');
    // Its own process group, stopped as a terminal's Ctrl-C stops it: npm and Lunas both get SIGINT.
    const viaNpm = await new Promise<Result>((resolve) => {
      const child = spawn('npm', ['start', '--silent', '--', '--port', '0', '--data-dir', dataDir, '--secret-key', KEY], {
        cwd: ROOT,
        detached: true,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, LUNAS_LOG_LEVEL: 'info', LUNAS_LOG_FORMAT: 'json' },
      });
      let stdout = '';
      let stderr = '';
      const stop = () => {
        try {
          process.kill(-child.pid!, 'SIGINT');
        } catch {}
      };
      const timer = setTimeout(stop, 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk;
        if (/Lunas \S+ listening/.test(stdout)) stop();
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, stdout, stderr });
      });
    });
    assert.match(viaNpm.stdout, /Server listening at http:\/\/127\.0\.0\.1:(?!4010\b)\d+/, `--port 0 reached lunas start: ${viaNpm.stdout}${viaNpm.stderr}`);
    assert.ok(existsSync(path.join(dataDir, 'lunas.sqlite')), '--data-dir reached lunas start');
  });

  test('businesses on the store; keys, accounts, webhooks and branding over HTTP on a running Lunas', async () => {
    const cwd = emptyFolder();
    const made = await lunas(['businesses', 'create', '--name', 'Shop B'], { cwd });
    assert.equal(made.code, 0, made.stderr);
    const shopKey = /secret key\s+(xnd_development_\S+)/.exec(made.stdout)?.[1];
    assert.ok(shopKey, made.stdout);
    assert.match((await lunas(['businesses', 'list'], { cwd })).stdout, /business {2}Shop B/);

    const server = await startLunas({ LUNAS_DATA_DIR: path.join(cwd, '.lunas') });
    running.push(server);
    const remote = (...args: string[]) => lunas([...args, '--url', server.url], { cwd, env: { LUNAS_SECRET_KEY: shopKey } });

    const created = await remote('keys', 'create', '--name', 'ci');
    assert.equal(created.code, 0, created.stderr);
    const second = /secret key\s+(xnd_development_\S+)/.exec(created.stdout)?.[1];
    const secondId = /^id\s+(key_\S+)/m.exec(created.stdout)?.[1];
    assert.ok(second && secondId, created.stdout);
    assert.equal((await call(server.url, second, 'GET', '/sessions?limit=1')).status, 200, 'the new key works');
    const listed = (await remote('keys', 'list')).stdout;
    assert.match(listed, new RegExp(`${secondId} .*active .*ci`));
    assert.ok(!listed.includes(second), 'keys list never shows a whole key');
    assert.equal((await remote('keys', 'revoke', secondId)).code, 0);
    assert.equal((await call(server.url, second, 'GET', '/sessions?limit=1')).status, 401, 'a revoked key is refused');

    const account = await remote('accounts', 'create', '--name', 'Branch 1');
    assert.equal(account.code, 0, account.stderr);
    assert.match(account.stdout, /^id\s+[0-9a-f]{24}/m);

    const added = await remote('webhooks', 'add', 'https://shop.example/hooks', '--events', 'session_completed,payment_status');
    assert.match(added.stdout, /events: session_completed, payment_status/);
    assert.match(added.stdout, /signing secret: whsec_/);
    assertSentence(await remote('webhooks', 'add', 'https://shop.example/x', '--events', 'everything'), 2, /unknown event groups everything/);
    assert.match((await remote('webhooks', 'token', '--set', 'cli-token-0123456789')).stdout, /x-callback-token: cli-token-0123456789/);
    assert.equal((await call(server.url, shopKey, 'GET', '/webhooks/settings')).body.callback_token, 'cli-token-0123456789');
    assert.deepEqual((await call(server.url, shopKey, 'GET', '/webhooks/endpoints')).body.data.map((e: { url: string }) => e.url), ['https://shop.example/hooks']);

    const logo = path.join(cwd, 'logo.svg');
    writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
    const branded = await remote('checkout', 'branding', '--name', 'Toko Kopi', '--color', '#0f766e', '--logo', logo);
    assert.equal(branded.code, 0, branded.stderr);
    assert.match(branded.stdout, /display name\s+Toko Kopi/);
    assert.match(branded.stdout, /logo\s+data:image\/svg\+xml/);
    assert.equal((await call(server.url, shopKey, 'GET', '/checkout/branding')).body.brand_color, '#0f766e');
    assertSentence(await remote('keys', 'list', '--api-key', 'xnd_development_not_a_real_key_000'), 4, /refused the secret key \(401 INVALID_API_KEY\)/);
  });

  test('links carry the port actually bound (LUNAS_PORT=0)', async () => {
    const cwd = emptyFolder();
    const server = await startLunas({ LUNAS_DATA_DIR: path.join(cwd, '.lunas'), LUNAS_SECRET_KEY: KEY });
    running.push(server);
    const port = new URL(server.url).port;
    const link = await call(server.url, KEY, 'POST', '/sessions', { ...FOUNDING_PAYLOAD, mode: 'PAYMENT_LINK', components_configuration: undefined });
    assert.equal(link.status, 201, JSON.stringify(link.body));
    assert.equal(new URL(link.body.payment_link_url).port, port);
    assert.notEqual(port, '0');
  });

  test('on a terminal, start prints a banner with the URL, the store, the key and the docs', async () => {
    const cwd = emptyFolder();
    // `script` gives the process a pseudo-terminal, as a person's shell does.
    const command = `LUNAS_PORT=0 ${process.execPath} ${BIN} start`;
    const output = await new Promise<string>((resolve) => {
      const child = execFile('script', ['-qfec', command, '/dev/null'], { cwd, env: { PATH: process.env.PATH, TERM: 'dumb' } }, () => resolve(seen));
      let seen = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk;
        if (/Ctrl-C stops Lunas/.test(seen)) setTimeout(() => child.kill('SIGTERM'), 200);
      });
      setTimeout(() => child.kill('SIGKILL'), 30_000);
    });
    assert.match(output, /Lunas \d+\.\d+\.\d+ is running at http:\/\/127\.0\.0\.1:(?!0\b)\d+/);
    assert.match(output, /store\s+SQLite .*\.lunas\/lunas\.sqlite/);
    assert.match(output, /dashboard\s+http:\/\/127\.0\.0\.1:\d+\/dashboard/);
    assert.match(output, /OpenAPI\s+http:\/\/127\.0\.0\.1:\d+\/openapi\.json/);
    assert.match(output, /Test secret key \(shown once, keep it\):\s+xnd_development_/);
    assert.doesNotMatch(output, /^\{"level"/m, 'a terminal gets readable lines, not JSON');
  });
});
