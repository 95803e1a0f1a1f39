import { Option, type Command } from 'commander';
import { SETTINGS, type SettingName } from '../config.ts';

/**
 * The help of every setting: one line, its default. The names and env vars come from config.ts
 * (the one config), so a setting cannot exist there without a flag here; the settings test checks
 * that every SETTINGS entry has help.
 */
export const SETTING_HELP: Record<SettingName, { help: string; default?: string; choices?: string[] }> = {
  host: { help: 'interface to listen on', default: '127.0.0.1' },
  port: { help: 'port to listen on (0 picks a free one)', default: '4010' },
  'data-dir': { help: 'where the embedded SQLite store and master.key live', default: './.lunas of the current directory' },
  'database-url': { help: 'PostgreSQL connection string (postgres://…); unset = embedded SQLite' },
  'db-wait': { help: 'how long start waits for an unreachable PostgreSQL, retrying (0 = do not wait)', default: '30s' },
  'public-url': { help: 'base of the links Lunas hands out (payment_link_url)', default: 'http://HOST:PORT as bound' },
  'secret-key': { help: 'seeds the first business with this exact test secret key (xnd_development_…)', default: 'generated, printed once' },
  'master-key': { help: '32 bytes (hex or base64) sealing card numbers at rest', default: 'master.key in the data dir' },
  'log-level': { help: 'log level', default: 'info', choices: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
  'log-format': { help: 'readable lines (pretty) or one JSON object a line (json)', default: 'pretty on a terminal, else json', choices: ['json', 'pretty'] },
  'sdk-host-id': { help: 'host id written into components_sdk_key', default: 'pl' },
  'sweep-interval-ms': { help: 'how often the worker persists session expiry, ms', default: '1000' },
  'body-limit': { help: 'largest request body, bytes', default: '1048576' },
  'request-timeout-ms': { help: 'a request\'s headers and body must arrive within this, ms', default: '30000' },
  'headers-timeout-ms': { help: 'a request\'s headers must arrive within this (at most the request timeout), ms', default: '10000' },
  'keep-alive-timeout-ms': { help: 'an idle kept-alive connection is closed after this, ms', default: '72000' },
  'idle-timeout-ms': { help: 'a connection with no traffic either way is closed after this, ms', default: '120000' },
  'max-connections': { help: 'open HTTP connections per process; more are refused', default: '1024' },
  roles: { help: 'run the HTTP API, the background worker, or both', default: 'api,worker' },
  'stream-heartbeat-ms': { help: 'an idle event stream (GET /events/stream, lunas listen) sends a heartbeat this often, ms', default: '15000' },
  'webhook-url': { help: 'the seeded webhook endpoint for every event (changing it replaces it)' },
  'callback-token': { help: 'the x-callback-token sent with webhooks', default: 'generated' },
  'webhook-timeout-ms': { help: 'an answer slower than this is a failed delivery attempt, ms', default: '30000' },
  'webhook-retry-schedule': { help: 'retry delays, counted from the first attempt', default: '15m,1h,3h,6h,12h,24h' },
  'webhook-allow-private': { help: 'allow private and loopback webhook receivers', default: 'true on a loopback host (127.0.0.1, ::1, localhost), else false', choices: ['true', 'false'] },
  'webhook-concurrency': { help: 'deliveries in flight per endpoint and process', default: '16' },
  'test-clock': { help: 'per-business test clock and test helpers (/test_helpers/clock, POST /sessions/{id}/expire)', default: 'true', choices: ['true', 'false'] },
};

/** The settings a store-level command (migrate, businesses, sdk-keys) needs. */
export const STORE_SETTINGS: SettingName[] = ['data-dir', 'database-url', 'db-wait', 'master-key', 'log-level', 'log-format'];

/** `--data-dir <dir>`, `--database-url <url>`, `--sweep-interval-ms <ms>`: the last word names the value. */
const metavar = (name: SettingName): string => ({ 'db-wait': 'duration', 'body-limit': 'bytes', 'webhook-allow-private': 'bool', 'test-clock': 'bool', 'webhook-concurrency': 'n', 'max-connections': 'n' })[name as string] ?? name.split('-').pop()!;

/** Adds `--<setting> <value>` options, with env var and default in their help. */
export function addSettingOptions(command: Command, names: readonly SettingName[] = Object.keys(SETTINGS) as SettingName[]): Command {
  for (const name of names) {
    const meta = SETTING_HELP[name];
    const parts = [meta.help, `env ${SETTINGS[name]}`];
    if (meta.default) parts.push(`default: ${meta.default}`);
    const option = new Option(`--${name} <${metavar(name)}>`, parts.join('; '));
    if (meta.choices) option.choices(meta.choices);
    command.addOption(option);
  }
  return command;
}

/** The settings given as flags, keyed by setting name, for loadConfig (env fills the rest). */
export function settingFlags(options: Record<string, unknown>): Partial<Record<SettingName, string>> {
  const flags: Partial<Record<SettingName, string>> = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (typeof options[key] === 'string') flags[name] = options[key] as string;
  }
  return flags;
}
