import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * A merchant's checkout page for browser tests of the official Xendit Components SDK: a plain
 * node:http server on 127.0.0.1 that serves the UNMODIFIED `xendit-components-web` UMD bundle
 * from node_modules and one page that uses it the way a merchant would.
 *
 * The page reads its settings from the query string:
 * - `key`: the session's `components_sdk_key` (required);
 * - `channel`: a channel code to show with `createChannelComponent(channel)` once `init` fired;
 *   without it the page shows the drop-in `createChannelPickerComponent()`.
 *
 * Every SDK event lands in `window.__events` with its details (and a time stamp), so tests can
 * wait on them and print them when an assertion fails. `window.__sdk` is the SDK instance.
 */
const require = createRequire(import.meta.url);
/** `…/sdk/dist/cjs/index.cjs` → `…/sdk/dist/index.umd.js` (the package exports only "."). */
export const SDK_BUNDLE_PATH = path.resolve(path.dirname(require.resolve('xendit-components-web')), '../index.umd.js');
export const SDK_VERSION = (JSON.parse(readFileSync(path.resolve(path.dirname(SDK_BUNDLE_PATH), '../../package.json'), 'utf8')) as { version: string }).version;

/** The SDK's public events (index.d.ts `XenditEventMap`). */
export const SDK_EVENTS = [
  'init',
  'submission-ready',
  'submission-not-ready',
  'submission-begin',
  'submission-end',
  'action-begin',
  'action-end',
  'will-redirect',
  'session-complete',
  'session-expired-or-canceled',
  'session-pending',
  'session-not-pending',
  'payment-request-created',
  'payment-request-discarded',
  'payment-token-created',
  'payment-token-discarded',
  'fatal-error',
] as const;

/** What one recorded event looks like in `window.__events`. */
export interface SdkEvent {
  type: (typeof SDK_EVENTS)[number] | 'page-error';
  at: number;
  reason?: string;
  userErrorMessage?: string[];
  developerErrorMessage?: { type: string; code: string };
  paymentRequestId?: string;
  paymentTokenId?: string;
  succeededChannel?: string | null;
  channelCode?: string;
  message?: string;
}

const DETAIL_FIELDS = ['reason', 'userErrorMessage', 'developerErrorMessage', 'paymentRequestId', 'paymentTokenId', 'succeededChannel', 'channelCode', 'message'];

/**
 * The same checkout code runs on either SDK: it uses the official API names, and only the script
 * tag differs (the official UMD bundle, or @lunas/components served by Lunas, whose global
 * `LunasComponents` also carries the `XenditComponents` name).
 */
export const checkoutHtml = (scriptSrc: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Merchant checkout</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; background: #f1f5f9; color: #0f172a; }
  main { max-width: 480px; margin: 24px auto; padding: 24px; background: #fff; border-radius: 12px; box-shadow: 0 1px 3px #0002; }
  h1 { font-size: 1.25rem; margin: 0 0 16px; }
  #pay { margin-top: 16px; width: 100%; padding: 12px; font: inherit; font-weight: 600; color: #fff; background: #2563eb; border: 0; border-radius: 8px; }
  #pay:disabled { background: #94a3b8; }
  #status { margin-top: 12px; font-size: 13px; color: #475569; min-height: 1.5em; }
</style>
</head>
<body>
<main>
  <h1>Your order</h1>
  <div id="checkout"></div>
  <button id="pay" type="button" disabled>Pay now</button>
  <div id="status" data-testid="status"></div>
</main>
<script src="${scriptSrc}"></script>
<script>
(function () {
  var params = new URLSearchParams(location.search);
  var EVENTS = ${JSON.stringify(SDK_EVENTS)};
  var DETAILS = ${JSON.stringify(DETAIL_FIELDS)};
  var status = document.getElementById('status');
  var pay = document.getElementById('pay');
  window.__events = [];
  function record(type, source) {
    var entry = { type: type, at: Date.now() };
    for (var i = 0; i < DETAILS.length; i++) {
      var value = source ? source[DETAILS[i]] : undefined;
      if (value !== undefined) entry[DETAILS[i]] = JSON.parse(JSON.stringify(value));
    }
    window.__events.push(entry);
    // What a merchant shows: the SDK leaves error copy (userErrorMessage) to the page.
    status.textContent = type + (entry.reason ? ' (' + entry.reason + ')' : '') + (entry.userErrorMessage ? ': ' + entry.userErrorMessage.join(' ') : '');
  }
  try {
    var api = window.Xendit || window.LunasComponents;
    // ?mock=1: the SDK's test mode (built-in mock channels, no server).
    var XenditComponents = params.get('mock') ? api.XenditComponentsTest : api.XenditComponents;
    var options = { componentsSdkKey: params.get('key') };
    if (params.get('lunas')) options.baseUrl = params.get('lunas');
    var sdk = new XenditComponents(options);
    window.__sdk = sdk;
    EVENTS.forEach(function (type) {
      sdk.addEventListener(type, function (event) { record(type, event); });
    });
    sdk.addEventListener('submission-ready', function () { pay.disabled = false; });
    sdk.addEventListener('submission-not-ready', function () { pay.disabled = true; });
    sdk.addEventListener('submission-begin', function () { pay.disabled = true; });
    var channel = params.get('channel');
    if (channel) {
      sdk.addEventListener('init', function () {
        var found = sdk.getActiveChannels({ filter: channel })[0];
        if (!found) return record('page-error', { message: 'channel ' + channel + ' is not offered' });
        document.getElementById('checkout').append(sdk.createChannelComponent(found));
      });
    } else {
      document.getElementById('checkout').append(sdk.createChannelPickerComponent());
    }
    pay.addEventListener('click', function () { sdk.submit(); });
  } catch (error) {
    record('page-error', { message: String(error) });
  }
})();
</script>
</body>
</html>`;

export interface MerchantServer {
  port: number;
  /** `http://localhost:<port>`: the origin tests list in `components_configuration.origins`. */
  origin: string;
  /** The checkout page's URL for a key, on `origin` unless another origin is given. */
  checkoutUrl(sdkKey: string, options?: { channel?: string; origin?: string; mock?: boolean }): string;
  close(): Promise<void>;
}

/** Without `lunasUrl` the page loads the official bundle; with it, Lunas's own SDK from that Lunas. */
export async function startMerchantServer(options: { lunasUrl?: string } = {}): Promise<MerchantServer> {
  const bundle = readFileSync(SDK_BUNDLE_PATH);
  const html = checkoutHtml(options.lunasUrl ? `${options.lunasUrl}/sdk/lunas-components.umd.js` : '/sdk/index.umd.js');
  const server = http.createServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://merchant').pathname;
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (route === '/' || route === '/checkout') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(html);
    }
    if (route === '/sdk/index.umd.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(bundle);
    }
    if (route === '/favicon.ico') return void res.writeHead(204).end();
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  const origin = `http://localhost:${port}`;
  const lunasUrl = options.lunasUrl;
  return {
    port,
    origin,
    checkoutUrl(sdkKey, options = {}) {
      const url = new URL('/checkout', options.origin ?? origin);
      url.searchParams.set('key', sdkKey);
      if (options.channel) url.searchParams.set('channel', options.channel);
      if (lunasUrl) url.searchParams.set('lunas', lunasUrl);
      if (options.mock) url.searchParams.set('mock', '1');
      return url.toString();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
