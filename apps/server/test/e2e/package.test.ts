import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ciRecipe } from '../helpers/ci-recipe.ts';
import { freePort } from '../helpers/ports.ts';

/**
 * Lunas as a user gets it: `npm pack` the server and lunas-webhook-verify, install the tarballs
 * into a merchant project outside this repository, and run docs/ci.md's GitHub Actions steps
 * there, read from the page, with only the package names swapped for the tarballs. The merchant
 * project's own test (examples/ci-merchant) pays a session and verifies its webhooks.
 */
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const run = promisify(execFile);
const version = (dir: string) => (JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as { version: string }).version;

describe('the packed package, installed outside the repository', { timeout: 600_000 }, () => {
  let packs: string;
  let project: string;

  before(async () => {
    packs = mkdtempSync(path.join(os.tmpdir(), 'lunas-packs-'));
    // `npm test` has built dist/ already; packing without scripts leaves the files other suites run untouched.
    assert.ok(existsSync(path.join(ROOT, 'apps/server/dist/lunas.js')), 'run `npm run build` first');
    await run('npm', ['pack', '--ignore-scripts', '-w', 'lunas-server', '-w', 'lunas-webhook-verify', '--pack-destination', packs], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    project = mkdtempSync(path.join(os.tmpdir(), 'lunas-merchant-'));
    cpSync(path.join(ROOT, 'examples/ci-merchant'), project, { recursive: true });
  });
  after(() => {
    for (const dir of [packs, project]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("docs/ci.md's steps install Lunas, start it and run the merchant's tests", async () => {
    const tarballs = readdirSync(packs);
    const server = path.join(packs, tarballs.find((f) => f.startsWith('lunas-server-'))!);
    const verify = path.join(packs, tarballs.find((f) => f.startsWith('lunas-webhook-verify-'))!);
    const { env, steps } = ciRecipe(path.join(ROOT, 'docs/ci.md'));
    const specs = { [`lunas-server@${version('apps/server')}`]: server, [`lunas-webhook-verify@${version('packages/webhook-verify')}`]: verify };
    const script = steps.filter((step) => step.if === undefined);
    for (const spec of Object.keys(specs)) assert.ok(script.some((step) => step.run.includes(spec)), `docs/ci.md installs ${spec} (the version in package.json)`);

    // Each step in its own shell, as on GitHub; all in one process group, stopped at the end.
    const port = await freePort();
    const commands = script.map((step) => `echo "::step ${step.name ?? ''}"\nbash -eo pipefail -c ${shellQuote(Object.entries(specs).reduce((text, [spec, file]) => text.split(spec).join(file), step.run))}`);
    const child = spawn('bash', ['-eo', 'pipefail', '-c', commands.join('\n')], {
      cwd: project,
      detached: true,
      // The recipe's env, on a free port instead of 4010 (other suites run alongside).
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, LUNAS_URL: `http://127.0.0.1:${port}`, LUNAS_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {}
    const log = existsSync(path.join(project, 'lunas.log')) ? readFileSync(path.join(project, 'lunas.log'), 'utf8') : '(no lunas.log)';
    assert.equal(code, 0, `the recipe failed:\n${output}\n--- lunas.log\n${log}`);
    assert.match(output, /^# pass 1$/m, output);
    assert.doesNotMatch(output, /EBADENGINE/, 'every dependency supports the Node versions in engines');
    assert.ok(existsSync(path.join(project, '.lunas/lunas.sqlite')), 'the embedded store lives in ./.lunas of the folder it ran in');
    assert.doesNotMatch(log, /xnd_development_/, 'the fixed key is never logged');
  });

  test('the installed `lunas` prints help without touching a store, and names unknown commands', async () => {
    const bin = path.join(project, 'node_modules/.bin/lunas');
    const empty = mkdtempSync(path.join(os.tmpdir(), 'lunas-empty-'));
    try {
      const help = await run(bin, ['start', '--help'], { cwd: empty });
      assert.match(help.stdout, /--database-url <url>/);
      assert.ok(!existsSync(path.join(empty, '.lunas')), '`lunas start --help` created no data dir');
      await assert.rejects(run(bin, ['strat'], { cwd: empty }), (error: { code: number; stderr: string }) => error.code === 2 && /unknown command 'strat'/.test(error.stderr));
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
