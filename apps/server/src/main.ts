import { bootstrapStore, buildApp, createLogger, VERSION } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig, parseFlags, type Config } from './config.ts';
import { openStore } from './db/store.ts';
import { businessService } from './modules/businesses/service.ts';
import { sdkKeyService } from './modules/sdk-keys/service.ts';
import { deriveKeys, loadMasterKey } from './modules/vault/master-key.ts';
import { createVault } from './modules/vault/vault.ts';
import { startWorker } from './worker/worker.ts';
import { EVENT_GROUPS, type EventGroup } from './modules/webhooks/policy.ts';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { ApiError } from './errors.ts';
import { brandingService } from './modules/checkout/branding.ts';
import { BrandingIn, type BrandingInput } from './modules/checkout/schemas.ts';

const USAGE = `lunas ${VERSION} — self-hosted, Xendit-compatible Payment Sessions

Usage:
  lunas start                         run the API and the worker (LUNAS_ROLES=api,worker)
  lunas migrate                       bring the store's schema up to date and exit
  lunas keys create [--name N] [--parent BUSINESS_ID]
                                      create a business (or a sub-account) with a new test secret key
  lunas keys list                     list businesses
  lunas sdk-keys rotate [--kind ecdh|pinning]
                                      add a new generation of the components_sdk_key pairs
  lunas webhooks list [--business ID]  list webhook endpoints with their signing secrets
  lunas webhooks add URL [--events session_completed,payment_status,…] [--business ID]
  lunas webhooks remove ENDPOINT_ID [--business ID]
  lunas webhooks rotate ENDPOINT_ID [--business ID]   replace an endpoint's signing secret
  lunas webhooks token [--set TOKEN] [--business ID]  show or set the x-callback-token
  lunas checkout branding [--name N] [--color '#RRGGBB'] [--logo FILE.png|.jpg|.svg] [--business ID]
                                      show or change the hosted checkout's look (none resets a field)

Settings (env var or flag): LUNAS_HOST --host, LUNAS_PORT --port, LUNAS_DATA_DIR --data-dir,
DATABASE_URL --database-url, LUNAS_PUBLIC_URL --public-url, LUNAS_SECRET_KEY --secret-key,
LUNAS_LOG_LEVEL --log-level, LUNAS_SDK_HOST_ID --sdk-host-id, LUNAS_ROLES --roles,
LUNAS_SWEEP_INTERVAL_MS --sweep-interval-ms, LUNAS_BODY_LIMIT --body-limit`;

export async function main(argv: string[]): Promise<void> {
  const { values, positionals, extra } = parseFlags(argv);
  const [command, sub] = positionals;
  let config: Config;
  try {
    config = loadConfig(process.env, values);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`lunas: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  switch (`${command ?? ''} ${sub ?? ''}`.trim()) {
    case 'start':
      return start(config);
    case 'migrate':
      return withStore(config, async () => {
        process.stdout.write('schema is up to date\n');
      });
    case 'keys create':
      return withStore(config, async (store) => {
        const parent = typeof extra.parent === 'string' ? extra.parent : undefined;
        const name = typeof extra.name === 'string' ? extra.name : parent ? 'Sub-account' : 'Business';
        const { business, secretKey } = await businessService(store.db, systemClock).createBusiness({ name, parentId: parent });
        process.stdout.write(`business_id: ${business.id}\nname:        ${business.name}\n${parent ? `parent_id:   ${parent}\n` : ''}secret key:  ${secretKey}\n(shown once; Lunas keeps only its hash)\n`);
      });
    case 'keys list':
      return withStore(config, async (store) => {
        for (const b of await businessService(store.db, systemClock).listBusinesses()) {
          process.stdout.write(`${b.id}  ${b.parent_id ? `sub-account of ${b.parent_id}` : 'business'}  ${b.name}\n`);
        }
      });
    case 'sdk-keys rotate':
      return withStore(config, async (store) => {
        const kind = extra.kind === 'pinning' ? 'pinning' : 'ecdh';
        const vault = createVault(await deriveKeys(store.db, loadMasterKey(config.masterKey, config.dataDir)));
        const keys = sdkKeyService(store.db, systemClock, vault);
        await keys.init();
        const pair = await keys.rotate(kind);
        process.stdout.write(`new ${kind} key generation ${pair.generation}; existing sessions keep their keys\n`);
      });
    case 'checkout branding':
      return brandingCommand(config, extra);
    case 'webhooks list':
    case 'webhooks add':
    case 'webhooks remove':
    case 'webhooks rotate':
    case 'webhooks token':
      return webhooksCommand(config, sub!, positionals[2], extra);
    default:
      process.stdout.write(`${USAGE}\n`);
      if (command !== undefined && command !== 'help') process.exit(2);
  }
}

/** `lunas webhooks …`: the same service the API uses, on the configured store. */
async function webhooksCommand(config: Config, action: string, argument: string | undefined, extra: Record<string, string | boolean | undefined>): Promise<void> {
  const store = await openStore(config);
  const { app, services } = await buildApp({ config: { ...config, logLevel: 'silent' }, store });
  try {
    const businessId = typeof extra.business === 'string' ? extra.business : (await services.businesses.firstBusiness())?.id;
    if (!businessId) throw new Error('no business yet: run `lunas start` once, or `lunas keys create`');
    const print = (endpoint: { id: string; url: string; event_groups: string[]; signing_secret: string }) =>
      process.stdout.write(`${endpoint.id}  ${endpoint.url}\n  events: ${endpoint.event_groups.join(', ')}\n  signing secret: ${endpoint.signing_secret}\n`);
    if (action === 'list') (await services.webhooks.list(businessId)).forEach(print);
    else if (action === 'token') {
      const token = typeof extra.set === 'string' ? await services.webhooks.setCallbackToken(businessId, extra.set) : await services.webhooks.callbackToken(businessId);
      process.stdout.write(`x-callback-token: ${token}\n`);
    } else {
      if (!argument) throw new Error(`lunas webhooks ${action} needs ${action === 'add' ? 'a URL' : 'an endpoint id'}`);
      if (action === 'add') {
        const groups = typeof extra.events === 'string' ? (extra.events.split(',').map((g) => g.trim()) as EventGroup[]) : undefined;
        const unknown = groups?.filter((g) => !EVENT_GROUPS.includes(g));
        if (unknown?.length) throw new Error(`unknown event groups ${unknown.join(', ')}; use ${EVENT_GROUPS.join(', ')}`);
        if (!URL.canParse(argument) || !/^https?:/.test(argument)) throw new Error('the URL must be http(s)');
        print(await services.webhooks.create(businessId, { url: argument, event_groups: groups }));
      } else if (action === 'remove') {
        await services.webhooks.remove(businessId, argument);
        process.stdout.write(`removed ${argument}\n`);
      } else print(await services.webhooks.rotateSecret(businessId, argument));
    }
  } catch (error) {
    process.stderr.write(`lunas: ${(error as Error).message}\n`);
    process.exitCode = 2;
  } finally {
    await app.close();
    await store.close();
  }
}

const LOGO_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', svg: 'image/svg+xml' };

/** `lunas checkout branding`: the same rules as PATCH /checkout/branding; `none` puts a default back. */
async function brandingCommand(config: Config, extra: Record<string, string | boolean | undefined>): Promise<void> {
  await withStore(config, async (store) => {
    try {
      const businessId = typeof extra.business === 'string' ? extra.business : (await businessService(store.db, systemClock).firstBusiness())?.id;
      if (!businessId) throw new Error('no business yet: run `lunas start` once, or `lunas keys create`');
      const input: Record<string, string | null> = {};
      const option = (flag: string) => (typeof extra[flag] === 'string' ? (extra[flag] === 'none' ? null : (extra[flag] as string)) : undefined);
      if (option('name') !== undefined) input.display_name = option('name')!;
      if (option('color') !== undefined) input.brand_color = option('color')!;
      const logo = option('logo');
      if (logo !== undefined) {
        const type = logo && LOGO_TYPES[logo.split('.').pop()!.toLowerCase()];
        if (logo && !type) throw new Error('--logo takes a .png, .jpg or .svg file');
        input.logo = logo && `data:${type};base64,${readFileSync(logo).toString('base64')}`;
      }
      const check = new Ajv({ allErrors: true, strict: false }).compile(BrandingIn);
      if (!check(input)) throw new Error(check.errors!.map((e) => `${e.instancePath.slice(1) || 'input'} ${e.message}`).join('; '));
      const branding = brandingService(store.db, systemClock);
      const view = Object.keys(input).length ? await branding.update(businessId, input as BrandingInput) : await branding.get(businessId);
      process.stdout.write(`display name: ${view.display_name ?? '(the business name)'}\nbrand colour: ${view.brand_color ?? '(Lunas default)'}\nlogo:         ${view.logo ? `${view.logo.slice(0, view.logo.indexOf(';'))} (${view.logo.length} characters)` : '(none)'}\n`);
    } catch (error) {
      process.stderr.write(`lunas: ${error instanceof ApiError ? error.message.replace(/^request\/body\//, '') : (error as Error).message}\n`);
      process.exitCode = 2;
    }
  });
}

async function withStore(config: Config, work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<void>): Promise<void> {
  const store = await openStore(config);
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

async function start(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const store = await openStore(config);
  const { app, services, clock } = await buildApp({ config, store });

  const created = await bootstrapStore(services, config);
  if (created) {
    // Printed once, on the terminal only: the key is never logged and only its hash is stored.
    process.stdout.write(
      `\n  Lunas created your first business (${created.business.id}).\n  Test secret key (shown once, keep it):\n\n    ${created.secretKey}\n\n`,
    );
  }

  const worker = config.roles.worker ? startWorker({ db: store.db, services, clock, log, intervalMs: config.sweepIntervalMs }) : undefined;
  if (config.roles.worker) services.dispatcher.start();
  if (config.roles.api) {
    await app.listen({ host: config.host, port: config.port });
    log.info({ store: store.dialect, publicUrl: config.publicUrl, roles: config.roles }, `Lunas ${VERSION} listening`);
  } else {
    log.info({ store: store.dialect, roles: config.roles }, `Lunas ${VERSION} worker running`);
  }

  let closing = false;
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
