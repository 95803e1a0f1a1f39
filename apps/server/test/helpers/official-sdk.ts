import type { BrowserContext, FrameLocator, Page, Route } from 'playwright-core';
import type { SdkEvent } from './merchant-page.ts';

/**
 * Running the UNMODIFIED official Xendit Components SDK against a local Lunas in Chromium
 * (components-protocol.md §9, docs/official-sdk.md).
 *
 * The SDK's hosts are baked into the bundle: with a key whose host id is `pd` it calls
 * `https://checkout-ui-gateway-prod-dev.xendit.co/api/sessions/…` and frames its card fields from
 * `https://assets.xendit.co/components/secure-iframe-v0.0.24.html`. Playwright routing on the
 * browser context answers both hosts from Lunas: same method, path, query, headers (the Origin
 * header included, so Lunas applies the session's origins) and body; Lunas's status, body and
 * headers (CORS, CSP frame-ancestors) go back to the browser. The browser still sees
 * `https://assets.xendit.co` as the iframe's origin, which is what the SDK checks.
 *
 * One correction is needed to keep CORS honest: when a fulfilled response to a cross-origin
 * request has no `Access-Control-Allow-Origin`, Playwright ADDS one that echoes the request's
 * Origin (microsoft/playwright#12929), which would let the page read a response Lunas refused.
 * So a response without it gets an ACAO that matches no origin: the browser then blocks it
 * exactly as it would block Lunas's own response on the real network.
 */
export const SDK_HOSTS = {
  /** Host id `pd` (prod-dev): the "I have paid" button simulates, the card form has a test-scenario selector. */
  pd: 'https://checkout-ui-gateway-prod-dev.xendit.co',
  /** Host id `pl` (prod-live): "I have paid" only polls. */
  pl: 'https://checkout-ui-gateway.xendit.co',
} as const;
export const ASSETS_HOST = 'https://assets.xendit.co';
/** An Access-Control-Allow-Origin value no page origin can equal (`.invalid` is reserved, RFC 2606). */
export const NO_CORS_GRANTED = 'https://no-cors-granted.invalid';

/** One line per proxied request, for failure messages and CORS assertions. */
export interface RoutedRequest {
  method: string;
  url: string;
  /** The page's Origin header, when the browser sent one (CORS requests). */
  origin?: string;
  status: number | 'failed';
  /** Access-Control-Allow-Origin exactly as Lunas sent it (undefined: none). */
  allowOrigin?: string;
  error?: string;
}

/**
 * Maps the SDK's gateway host (for `hostId`) and assets host to `lunasUrl` on every page of
 * `context`. Returns the log of what was forwarded.
 */
export async function routeSdkHostsToLunas(context: BrowserContext, lunasUrl: string, hostId: keyof typeof SDK_HOSTS = 'pd'): Promise<RoutedRequest[]> {
  const log: RoutedRequest[] = [];
  const forward = async (route: Route) => {
    const request = route.request();
    const original = new URL(request.url());
    // allHeaders(), not headers(): the latter leaves out security headers such as Origin, and
    // without Origin Lunas would neither apply the session's origins nor grant CORS.
    const { host: _host, ...headers } = await request.allHeaders();
    const entry: RoutedRequest = { method: request.method(), url: original.toString(), status: 'failed', ...(headers.origin ? { origin: headers.origin } : {}) };
    log.push(entry);
    try {
      const response = await route.fetch({ url: lunasUrl + original.pathname + original.search, headers, maxRedirects: 0 });
      const responseHeaders = response.headers();
      entry.status = response.status();
      entry.allowOrigin = responseHeaders['access-control-allow-origin'];
      if (headers.origin && entry.allowOrigin === undefined) {
        await route.fulfill({ response, headers: { ...responseHeaders, 'access-control-allow-origin': NO_CORS_GRANTED } });
      } else {
        await route.fulfill({ response });
      }
    } catch (error) {
      // Lunas unreachable, or the page closed mid-request: the browser sees a network error.
      entry.error = String(error).split('\n')[0];
      await route.abort('connectionrefused').catch(() => undefined);
    }
  };
  await context.route(`${SDK_HOSTS[hostId]}/**`, forward);
  await context.route(`${ASSETS_HOST}/**`, forward);
  return log;
}

export const readEvents = (page: Page): Promise<SdkEvent[]> =>
  page.evaluate(() => (window as unknown as { __events?: SdkEvent[] }).__events ?? []).catch(() => []);

/** `window.__events` as one line per event, for assertion messages. */
export async function describeEvents(page: Page): Promise<string> {
  const events = await readEvents(page);
  const start = events[0]?.at ?? 0;
  return events
    .map(({ type, at, ...details }) => `  +${String(at - start).padStart(6)}ms ${type}${Object.keys(details).length ? ' ' + JSON.stringify(details) : ''}`)
    .join('\n');
}

/**
 * Waits until an event of `type` (matching `match`, if given) is in `window.__events` at index
 * `from` or later; returns it with its index. On timeout the error lists every event so far.
 */
export async function waitForSdkEvent(
  page: Page,
  type: SdkEvent['type'],
  options: { from?: number; timeoutMs?: number; match?: Partial<SdkEvent>; context?: () => string } = {},
): Promise<SdkEvent & { index: number }> {
  const { from = 0, timeoutMs = 20_000, match = {} } = options;
  try {
    const handle = await page.waitForFunction(
      ({ type, from, match }) => {
        const events = (window as unknown as { __events?: Record<string, unknown>[] }).__events ?? [];
        for (let i = from; i < events.length; i++) {
          const event = events[i]!;
          if (event.type !== type) continue;
          if (Object.entries(match).every(([key, value]) => JSON.stringify(event[key]) === JSON.stringify(value))) return { ...event, index: i };
        }
        return false;
      },
      { type, from, match: match as Record<string, unknown> },
      { timeout: timeoutMs, polling: 100 },
    );
    return (await handle.jsonValue()) as SdkEvent & { index: number };
  } catch (error) {
    const what = `${type}${Object.keys(match).length ? ' ' + JSON.stringify(match) : ''}`;
    throw new Error(`no SDK event ${what} within ${timeoutMs} ms (${(error as Error).message.split('\n')[0]})\nwindow.__events:\n${await describeEvents(page)}${options.context ? '\n' + options.context() : ''}`);
  }
}

/** The secure iframe of one card field (the SDK renders one iframe per field). */
export const cardFieldFrame = (page: Page, field: 'credit_card_number' | 'credit_card_expiry' | 'credit_card_cvn'): FrameLocator =>
  page.frameLocator(`iframe[src^="${ASSETS_HOST}/components/"][src*="input_type=${field}"]`);

/** Types a card into the three secure iframes, key by key, as a customer would. */
export async function typeCard(page: Page, card: { number: string; expiry?: string; cvn?: string }, timeoutMs = 15_000): Promise<void> {
  const fields: [Parameters<typeof cardFieldFrame>[1], string][] = [
    ['credit_card_number', card.number],
    ['credit_card_expiry', card.expiry ?? '12/30'],
    ['credit_card_cvn', card.cvn ?? '123'],
  ];
  for (const [field, value] of fields) {
    const input = cardFieldFrame(page, field).locator('input');
    await input.click({ timeout: timeoutMs });
    await input.fill('', { timeout: timeoutMs });
    await input.pressSequentially(value, { delay: 15, timeout: timeoutMs });
  }
}

/** The SDK's action iframe (3DS and redirect pages), in its default modal or a container. */
export const actionFrame = (page: Page): FrameLocator => page.frameLocator('iframe.xendit-action-iframe');

/**
 * Waits until the SDK's action modal has finished opening. The modal fades and scales in with
 * CSS transitions; Playwright's actionability checks look at an element's box inside its own
 * frame, so a click inside the moving action iframe can land beside its target (and a screenshot
 * shows a half-transparent modal). Waits until no finite animation runs on the merchant page and
 * the element (by default the action iframe) has not moved for 300 ms.
 */
export async function waitForActionSettled(page: Page, selector = 'iframe.xendit-action-iframe', timeoutMs = 10_000): Promise<void> {
  await page.waitForFunction(
    (selector) => {
      const w = window as unknown as { __actionBox?: { key: string; since: number } };
      const element = document.querySelector(selector);
      if (!element) return false;
      const r = element.getBoundingClientRect();
      const key = [r.x, r.y, r.width, r.height].map((n) => n.toFixed(1)).join(',');
      // Only CSS transitions and animations open the modal; script animations (the SDK's looping
      // instruction graphics) restart forever and say nothing about the modal having settled.
      const animating = document.getAnimations().some((a) => (a instanceof CSSTransition || a instanceof CSSAnimation) && a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity);
      if (animating || w.__actionBox?.key !== key) {
        w.__actionBox = { key, since: Date.now() };
        return false;
      }
      return Date.now() - w.__actionBox.since >= 300;
    },
    selector,
    { timeout: timeoutMs, polling: 50 },
  );
}
