import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapStore, buildApp, VERSION } from '../app.ts';
import { createLogger } from '../logging.ts';
import { isWildcardHost, linkBase, type Config } from '../config.ts';
import { openStore } from '../db/store.ts';
import { startWorker } from '../worker/worker.ts';
import { err, out } from './output.ts';
import { listenError, probePort } from './port.ts';

/**
 * `lunas start`: the port first (a busy port must cost nothing), then the store (waiting for
 * PostgreSQL within LUNAS_DB_WAIT), the app, the first business, the listen, and a banner.
 */
export async function start(config: Config): Promise<void> {
  // A worker-only process serves no HTTP: it neither probes nor binds a port.
  const port = config.roles.api ? await probePort(config.host, config.port) : config.port;
  const wildcard = isWildcardHost(config.host);
  // Links carry the port actually bound, and never a wildcard address a browser cannot open.
  if (!config.publicUrlSet) config = { ...config, publicUrl: linkBase(config.host, port) };
  const log = createLogger({ level: config.logLevel, format: config.logFormat });

  const store = await openStore({
    ...config,
    waitMs: config.dbWaitMs,
    onRetry: ({ attempt, delayMs, reason }) =>
      err(`lunas: PostgreSQL is not reachable yet (${reason}); retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s (LUNAS_DB_WAIT=${config.dbWaitMs / 1000}s)`),
  });
  let closing = false;
  const { app, services, clock } = await buildApp({ config, store });
  const created = await bootstrapStore(services, config);

  if (config.roles.api) {
    try {
      await app.listen({ host: config.host, port });
    } catch (error) {
      await app.close();
      await store.close();
      throw listenError(error as NodeJS.ErrnoException, config.host, port);
    }
  }
  const worker = config.roles.worker ? startWorker({ db: store.db, services, clock, log, intervalMs: config.sweepIntervalMs }) : undefined;
  if (config.roles.worker) services.dispatcher.start();

  const banner = { config, dialect: store.dialect, file: store.file, secretKey: created?.secretKey, businessId: created?.business.id };
  // People get a banner (pretty, the default on a terminal); machines get JSON lines, and the first key once.
  if (config.logFormat === 'pretty') printBanner(banner);
  else if (banner.secretKey) out(keyParagraph(banner.businessId!, banner.secretKey));
  if (config.roles.api && wildcard && !config.publicUrlSet) {
    err(`lunas: listening on every interface (${config.host}); links say ${config.publicUrl}. Set LUNAS_PUBLIC_URL to the address browsers reach Lunas at.`);
  }
  log.info({ store: store.dialect, publicUrl: config.publicUrl, roles: config.roles }, `Lunas ${VERSION} ${config.roles.api ? 'listening' : 'worker running'}`);

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await worker?.stop();
    await services.dispatcher.stop();
    await app.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** A connection string without its password, for the banner. */
export function safeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    parsed.search = '';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** Printed once, at the first start of a store: Lunas keeps only the key's hash. */
function keyParagraph(businessId: string, secretKey: string): string {
  return [
    '',
    `  Lunas created your first business (${businessId}).`,
    '  Test secret key (shown once, keep it):',
    '',
    `    ${secretKey}`,
    '',
    '  Lunas stores only its hash. To choose the key yourself (handy in CI, where this output',
    '  scrolls away), start with LUNAS_SECRET_KEY=xnd_development_…: that exact key then works.',
    '',
  ].join('\n');
}

/** The installed package's README, for the banner's docs line. */
function readmePath(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const readme = path.join(dir, 'README.md');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(readme)) return readme;
  }
  return undefined;
}

/**
 * What a person needs after `lunas start`, on stdout: where Lunas is, which store, the key
 * (first start only: Lunas keeps only its hash). Machines read the JSON log lines instead.
 */
function printBanner(info: { config: Config; dialect: string; file?: string; secretKey?: string; businessId?: string }): void {
  const { config } = info;
  const store = info.dialect === 'sqlite' ? `SQLite ${info.file}` : `PostgreSQL ${safeDatabaseUrl(config.databaseUrl ?? '')}`;
  const docs = readmePath();
  const lines = [
    '',
    `  Lunas ${VERSION} ${config.roles.api ? `is running at ${config.publicUrl}` : 'worker is running (no API: LUNAS_ROLES=worker)'}`,
    '',
    `  store     ${store}`,
    `  data dir  ${config.dataDir}`,
    ...(config.roles.api ? [`  dashboard ${config.publicUrl}/dashboard`, `  OpenAPI   ${config.publicUrl}/openapi.json`] : []),
    ...(docs ? [`  docs      ${docs}`] : []),
  ];
  if (info.secretKey) lines.push(keyParagraph(info.businessId!, info.secretKey));
  lines.push('', `  Ctrl-C stops Lunas.`, '');
  out(lines.join('\n'));
}
