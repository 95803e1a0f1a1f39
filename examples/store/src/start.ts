/**
 * `npm run store`: starts Lunas (as a child process) and the example shop together.
 *
 * The shop listens first, so its URL (the webhook target) is known; then Lunas starts with that
 * webhook URL and the shop's callback token; once Lunas answers /healthz the shop reads its
 * webhook signing secret and prints the ready line. Ctrl-C / SIGTERM stops both.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lunasApi } from './lunas-api.ts';
import { openOrders } from './orders.ts';
import { buildShop } from './shop.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const LUNAS_BIN = path.resolve(here, '../../../apps/server/bin/lunas.js');
const env = process.env;
const host = env.STORE_HOST ?? '127.0.0.1';
const dataDir = path.resolve(env.STORE_DATA_DIR ?? path.resolve(here, '../.data'));
const secretKey = env.LUNAS_SECRET_KEY ?? 'xnd_development_example_store_0001';
const callbackToken = env.STORE_CALLBACK_TOKEN ?? 'example-store-callback-token';

/** Lunas hands out links with its public URL, so port 0 becomes a free port before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const port = (name: string, fallback: number) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, got "${env[name]}"`);
  return value;
};

let lunasPort = port('LUNAS_PORT', 4010);
if (lunasPort === 0) lunasPort = await freePort();
const lunasUrl = `http://${host}:${lunasPort}`;

const orders = openOrders(dataDir);
const webhook: { callbackToken: string; signingSecret?: string } = { callbackToken };
let shopUrl = '';
const shop = buildShop({ orders, lunasUrl, secretKey, origin: () => shopUrl, webhook });
shopUrl = await shop.listen({ host, port: port('STORE_PORT', 4020) });
const webhookUrl = `${shopUrl}/webhooks/lunas`;

const lunas = spawn(process.execPath, [LUNAS_BIN, 'start'], {
  env: {
    ...env,
    LUNAS_HOST: host,
    LUNAS_PORT: String(lunasPort),
    LUNAS_PUBLIC_URL: lunasUrl,
    LUNAS_DATA_DIR: path.join(dataDir, 'lunas'),
    LUNAS_SECRET_KEY: secretKey,
    LUNAS_WEBHOOK_URL: webhookUrl,
    LUNAS_CALLBACK_TOKEN: callbackToken,
    LUNAS_WEBHOOK_ALLOW_PRIVATE: 'true',
    LUNAS_LOG_LEVEL: env.LUNAS_LOG_LEVEL ?? 'warn',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const prefix = (out: NodeJS.WriteStream) => (chunk: Buffer) => out.write(chunk.toString().replace(/^(?=.)/gm, '[lunas] '));
lunas.stdout.on('data', prefix(process.stdout));
lunas.stderr.on('data', prefix(process.stderr));

let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    if (lunas.exitCode === null && lunas.signalCode === null) {
      const exited = new Promise((resolve) => lunas.once('exit', resolve));
      lunas.kill('SIGTERM');
      const timer = setTimeout(() => lunas.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await shop.close();
    orders.close();
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
lunas.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(`Lunas exited (${signal ?? code}); stopping the shop.`);
  void stop(1);
});

async function waitForLunas(timeoutMs = 30_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    if (stopping) return;
    const ok = await fetch(`${lunasUrl}/healthz`).then((res) => res.ok, () => false);
    if (ok) return;
  }
  console.error(`Lunas did not answer ${lunasUrl}/healthz within ${timeoutMs} ms.`);
  await stop(1);
}

await waitForLunas();
try {
  webhook.signingSecret = await lunasApi(lunasUrl, secretKey).signingSecretFor(webhookUrl);
} catch (error) {
  console.error(`Could not read the webhook signing secret from Lunas: ${(error as Error).message}`);
  await stop(1);
}
if (!webhook.signingSecret) console.warn(`No webhook endpoint for ${webhookUrl} in Lunas: checking x-callback-token only.`);
console.log(`Shop ready at ${shopUrl} (Lunas at ${lunasUrl})`);
