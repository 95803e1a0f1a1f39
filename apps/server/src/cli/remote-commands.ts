import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { EVENT_GROUPS } from '../modules/webhooks/policy.ts';
import { lunasClient, DEFAULT_URL, type RemoteOptions } from './client.ts';
import { CliError, EXIT, out, table, usageError } from './output.ts';

/**
 * Commands that manage a running Lunas over HTTP (keys, accounts, webhooks, checkout branding).
 * Each takes --url / LUNAS_URL and --api-key / LUNAS_SECRET_KEY; --for-user-id acts for a
 * sub-account, as the header does on the API.
 */
export function remote(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', `address of the running Lunas; env LUNAS_URL; default: ${DEFAULT_URL}`))
    .addOption(new Option('--api-key <key>', 'a secret key of the business to act as; env LUNAS_SECRET_KEY'))
    .addOption(new Option('--for-user-id <id>', 'act for this sub-account (the for-user-id header)'));
}

/** The client for a command's options; commander hands them as camelCase. */
const clientOf = (options: RemoteOptions) => lunasClient(options);

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  created: string;
  revoked: string | null;
  secret_key?: string;
}

const keyLine = (key: KeyView) => `${key.id}  ${key.prefix}…  ${key.revoked ? `revoked ${key.revoked}` : 'active'}  ${key.name}`;

function keysCommand(): Command {
  const keys = new Command('keys').description("list, create and revoke the business's secret keys (on a running Lunas)");
  remote(keys.command('list').description('list the secret keys (their first characters only)')).action(async (options: RemoteOptions) => {
    const { data } = await clientOf(options).request<{ data: KeyView[] }>('GET', '/keys');
    out(data.length ? data.map(keyLine).join('\n') : '(no keys)');
  });
  remote(keys.command('create').description('create another secret key; it is shown once').option('--name <name>', 'a label to recognise the key by')).action(
    async (options: RemoteOptions & { name?: string }) => {
      const key = await clientOf(options).request<KeyView>('POST', '/keys', options.name ? { name: options.name } : {});
      out(`${table([['id', key.id], ['name', key.name], ['secret key', key.secret_key ?? '']])}\n(shown once; Lunas keeps only its hash)`);
    },
  );
  remote(keys.command('revoke').description('revoke a secret key: it is refused at once').argument('<key_id>', 'the id from `lunas keys list`')).action(
    async (id: string, options: RemoteOptions) => {
      const key = await clientOf(options).request<KeyView>('DELETE', `/keys/${encodeURIComponent(id)}`);
      out(`revoked ${key.id} (${key.prefix}…)`);
    },
  );
  return keys;
}

function accountsCommand(): Command {
  const accounts = new Command('accounts').description('sub-accounts of the business (xenPlatform; on a running Lunas)');
  remote(
    accounts
      .command('create')
      .description('create a sub-account; act for it with --for-user-id or the for-user-id header')
      .requiredOption('--name <business_name>', "the sub-account's business name")
      .option('--email <email>', "the sub-account owner's email", 'owner@example.com'),
  ).action(async (options: RemoteOptions & { name: string; email: string }) => {
    const account = await clientOf(options).request<{ id: string; public_profile?: { business_name?: string } }>('POST', '/v2/accounts', {
      email: options.email,
      type: 'OWNED',
      public_profile: { business_name: options.name },
    });
    out(table([['id', account.id], ['name', account.public_profile?.business_name ?? options.name]]));
  });
  return accounts;
}

interface EndpointView {
  id: string;
  url: string;
  event_groups: string[];
  signing_secret: string;
}

const endpointText = (e: EndpointView) => `${e.id}  ${e.url}\n  events: ${e.event_groups.join(', ')}\n  signing secret: ${e.signing_secret}`;

function webhooksCommand(): Command {
  const webhooks = new Command('webhooks').description('webhook endpoints and the callback token (on a running Lunas)');
  remote(webhooks.command('list').description('list endpoints with their signing secrets')).action(async (options: RemoteOptions) => {
    const { data } = await clientOf(options).request<{ data: EndpointView[] }>('GET', '/webhooks/endpoints');
    out(data.length ? data.map(endpointText).join('\n') : '(no webhook endpoints)');
  });
  remote(
    webhooks
      .command('add')
      .description('add an endpoint')
      .argument('<url>', 'the http(s) URL that receives events')
      .option('--events <groups>', `comma-separated event groups (${EVENT_GROUPS.join(', ')}); default: all`),
  ).action(async (url: string, options: RemoteOptions & { events?: string }) => {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw usageError(`the webhook URL must be http(s), got "${url}"`);
    const groups = options.events?.split(',').map((g) => g.trim()).filter(Boolean);
    const unknown = groups?.filter((g) => !(EVENT_GROUPS as readonly string[]).includes(g));
    if (unknown?.length) throw usageError(`unknown event groups ${unknown.join(', ')}; use ${EVENT_GROUPS.join(', ')}`);
    out(endpointText(await clientOf(options).request<EndpointView>('POST', '/webhooks/endpoints', { url, ...(groups ? { event_groups: groups } : {}) })));
  });
  remote(webhooks.command('remove').description('remove an endpoint').argument('<endpoint_id>')).action(async (id: string, options: RemoteOptions) => {
    await clientOf(options).request('DELETE', `/webhooks/endpoints/${encodeURIComponent(id)}`);
    out(`removed ${id}`);
  });
  remote(webhooks.command('rotate').description("replace an endpoint's signing secret").argument('<endpoint_id>')).action(async (id: string, options: RemoteOptions) => {
    out(endpointText(await clientOf(options).request<EndpointView>('POST', `/webhooks/endpoints/${encodeURIComponent(id)}/rotate_secret`)));
  });
  remote(webhooks.command('token').description('show or set the x-callback-token').option('--set <token>', 'the new token (16-200 characters)')).action(
    async (options: RemoteOptions & { set?: string }) => {
      const client = clientOf(options);
      const settings = options.set
        ? await client.request<{ callback_token: string }>('PATCH', '/webhooks/settings', { callback_token: options.set })
        : await client.request<{ callback_token: string }>('GET', '/webhooks/settings');
      out(`x-callback-token: ${settings.callback_token}`);
    },
  );
  return webhooks;
}

const LOGO_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', svg: 'image/svg+xml' };

/** `none` puts a field back to its default (null on the API). */
const orNone = (value: string | undefined): string | null | undefined => (value === undefined ? undefined : value === 'none' ? null : value);

function logoDataUrl(file: string): string {
  const type = LOGO_TYPES[file.split('.').pop()!.toLowerCase()];
  if (!type) throw usageError(`--logo takes a .png, .jpg or .svg file, got "${file}"`);
  try {
    return `data:${type};base64,${readFileSync(file).toString('base64')}`;
  } catch (error) {
    throw new CliError(`could not read the logo file "${file}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.usage);
  }
}

function checkoutCommand(): Command {
  const checkout = new Command('checkout').description('the hosted checkout page (on a running Lunas)');
  remote(
    checkout
      .command('branding')
      .description("show or change the hosted checkout's look; \"none\" resets a field")
      .option('--name <display_name>', 'the name shown on the page')
      .option('--color <hex>', "brand colour, '#RRGGBB'")
      .option('--logo <file>', 'a .png, .jpg or .svg logo (at most 64 KB)'),
  ).action(async (options: RemoteOptions & { name?: string; color?: string; logo?: string }) => {
    const input: Record<string, string | null> = {};
    if (options.name !== undefined) input.display_name = orNone(options.name)!;
    if (options.color !== undefined) {
      if (options.color !== 'none' && !/^#[0-9a-fA-F]{6}$/.test(options.color)) throw usageError(`--color takes a colour as '#RRGGBB' (such as '#0f766e') or none, got "${options.color}"`);
      input.brand_color = orNone(options.color)!;
    }
    if (options.logo !== undefined) input.logo = options.logo === 'none' ? null : logoDataUrl(options.logo);
    const client = clientOf(options);
    const view = await client.request<{ display_name: string | null; brand_color: string | null; logo: string | null }>(
      Object.keys(input).length ? 'PATCH' : 'GET',
      '/checkout/branding',
      Object.keys(input).length ? input : undefined,
    );
    out(
      table([
        ['display name', view.display_name ?? '(the business name)'],
        ['brand colour', view.brand_color ?? '(Lunas default)'],
        ['logo', view.logo ? `${view.logo.slice(0, view.logo.indexOf(';'))} (${view.logo.length} characters)` : '(none)'],
      ]),
    );
  });
  return checkout;
}

export const remoteCommands = (): Command[] => [keysCommand(), accountsCommand(), webhooksCommand(), checkoutCommand()];
