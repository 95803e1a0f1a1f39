/**
 * The merchant's web server for the benchmark: node:http on 127.0.0.1 with two pages that differ
 * only in what they do after loading.
 * - /sdk: a drop-in checkout. It loads @lunas/components from Lunas, creates the SDK with the
 *   session's key, mounts the channel picker (as a merchant page does before `init`) and records
 *   `performance.now()` in its `init` listener.
 * - /floor: the bare cost of the same work without the SDK: the same page, then one `fetch` of
 *   the gateway's `GET /api/sessions/{authKey}` exactly as the SDK sends it (form content type,
 *   `components_version`), recording `performance.now()` once the JSON is parsed.
 * `performance.now()` counts from the document's time origin, i.e. the start of the navigation,
 * so both figures are "page load start → ready", HTML request included.
 *
 * Both pages resolve `window.__result` with the figure (or an error) and, for the breakdown, the
 * moments the HTML and the SDK script had arrived and the session request was sent and answered
 * (Resource Timing; for cross-origin files only start and end are exposed, all this needs).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { COMPONENTS_VERSION } from '@lunas/protocol/gateway';
import type { PageKind } from './settings.ts';

/** Defined first on both pages, so the harness can await it whatever the SDK does. */
const RESULT_SCRIPT = `<script>
window.__result = new Promise(function (resolve) {
  window.__done = function (result) {
    var nav = performance.getEntriesByType('navigation')[0];
    result.html = nav && nav.responseEnd;
    performance.getEntriesByType('resource').forEach(function (r) {
      if (r.name.indexOf('/sdk/lunas-components') >= 0) result.script = r.responseEnd;
      if (r.name.indexOf('/api/sessions/') >= 0) {
        result.sessionSent = r.startTime;
        result.session = r.responseEnd;
      }
    });
    resolve(result);
  };
});
</script>`;

const page = (body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Merchant checkout</title></head>
<body>
<main><h1>Your order</h1><div id="checkout"></div></main>
${RESULT_SCRIPT}
${body}
</body>
</html>`;

/** The merchant's checkout code, the same for both builds; `LunasComponents` is in scope. */
const sdkCode = (lunasUrl: string) => `
var key = new URLSearchParams(location.search).get('key');
try {
  var sdk = new LunasComponents({ componentsSdkKey: key, baseUrl: ${JSON.stringify(lunasUrl)} });
  sdk.addEventListener('init', function () { window.__done({ at: performance.now() }); });
  sdk.addEventListener('fatal-error', function (event) { window.__done({ error: 'fatal-error: ' + event.message }); });
  document.getElementById('checkout').append(sdk.createChannelPickerComponent());
} catch (error) {
  window.__done({ error: String(error) });
}`;

function sdkPage(lunasUrl: string, build: 'umd' | 'esm'): string {
  if (build === 'esm') {
    return page(`<script type="module">
import { LunasComponents } from ${JSON.stringify(`${lunasUrl}/sdk/lunas-components.mjs`)};
${sdkCode(lunasUrl)}
</script>`);
  }
  return page(`<script src="${lunasUrl}/sdk/lunas-components.umd.js"></script>
<script>(function () {${sdkCode(lunasUrl)}
})();</script>`);
}

function floorPage(lunasUrl: string): string {
  return page(`<script>(function () {
  var key = new URLSearchParams(location.search).get('key');
  var authKey = key.split('-').slice(0, 2).join('-');
  var url = ${JSON.stringify(lunasUrl)} + '/api/sessions/' + encodeURIComponent(authKey) + '?components_version=${COMPONENTS_VERSION}';
  fetch(url, { method: 'GET', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    .then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok || !json.session) throw new Error('gateway answered ' + response.status);
        window.__done({ at: performance.now() });
      });
    })
    .catch(function (error) { window.__done({ error: String(error) }); });
})();</script>`);
}

export interface MerchantSite {
  /** `http://127.0.0.1:<port>`: listed in every session's `components_configuration.origins`. */
  origin: string;
  url(kind: PageKind, sdkKey: string): string;
  close(): Promise<void>;
}

export async function startMerchantSite(lunasUrl: string, build: 'umd' | 'esm'): Promise<MerchantSite> {
  const html: Record<PageKind, string> = { sdk: sdkPage(lunasUrl, build), floor: floorPage(lunasUrl) };
  const server = http.createServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://merchant').pathname.slice(1);
    if (req.method === 'GET' && (route === 'sdk' || route === 'floor')) {
      // no-store: a checkout page carries a per-session key, so the "warm" visit re-fetches it too.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(html[route]);
    }
    // The favicon request would otherwise 404 on every cold visit; answer it cheaply and cacheably.
    if (route === 'favicon.ico') return void res.writeHead(204, { 'cache-control': 'max-age=3600' }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (kind, sdkKey) => `${origin}/${kind}?key=${encodeURIComponent(sdkKey)}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
