/**
 * The proof of the Components gateway: the UNMODIFIED official `xendit-components-web` 0.0.24
 * UMD bundle, in Debian's Chromium, completes payments against a started Lunas process.
 *
 * Set-up per dialect: Lunas with `LUNAS_SDK_HOST_ID=pd` (keys route the SDK to
 * `checkout-ui-gateway-prod-dev.xendit.co`), a webhook receiver, a merchant page server on
 * `http://localhost:<port>` (see helpers/merchant-page.ts), and Playwright routing that answers the
 * SDK's two hosts from Lunas (helpers/official-sdk.ts, docs/official-sdk.md).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { hasChromium, SCREENSHOT_DIR } from '../helpers/browser.ts';
import { SDK_VERSION, startMerchantServer, type MerchantServer, type SdkEvent } from '../helpers/merchant-page.ts';
import { actionFrame, describeEvents, readEvents, routeSdkHostsToLunas, SDK_HOSTS, typeCard, waitForActionSettled, waitForSdkEvent, type RoutedRequest } from '../helpers/official-sdk.ts';
import { call, type LunasProcess } from '../helpers/process.ts';
import type { Receiver } from '../helpers/receiver.ts';
import { startBrowserStack, type BrowserStack } from '../helpers/stack.ts';
import { DIALECTS } from '../helpers/stores.ts';
import { demoSubscription } from '../helpers/subscriptions.ts';

const KEY = 'xnd_development_official_sdk_key_01';
const FLOW_TIMEOUT = 90_000;
/** The SDK polls 5 s after its first poll, then 5.3 s, 5.6 s…: outcomes seen only by a poll need this. */
const POLL_WAIT = 25_000;

type Checkout = {
  name: string;
  context: BrowserContext;
  page: Page;
  routed: RoutedRequest[];
  diagnostics: string[];
  /** Screenshots the page as it was when `error` happened (failure-<name>-<dialect>.png); returns the error. */
  failed(error: unknown): Promise<unknown>;
  close(): Promise<void>;
};

for (const dialect of DIALECTS) {
  describe(`official Xendit Components SDK ${SDK_VERSION} against Lunas in Chromium [${dialect}]`, { skip: hasChromium() ? false : 'Chromium not installed', timeout: 600_000 }, () => {
    let receiver: Receiver | undefined;
    let lunas: LunasProcess | undefined;
    let merchant: MerchantServer | undefined;
    let browser: Browser | undefined;
    let sessionCount = 0;

    let stack: BrowserStack | undefined;

    before(async () => {
      stack = await startBrowserStack(dialect, KEY, { LUNAS_SDK_HOST_ID: 'pd' });
      ({ receiver, lunas, browser } = stack);
      merchant = await startMerchantServer();
    });

    after(async () => {
      await merchant?.close();
      await stack?.close();
    });

    const api = (method: string, url: string, body?: unknown) => call(lunas!.url, KEY, method, url, body);

    async function createSession(changes: Record<string, unknown> = {}): Promise<Record<string, any>> {
      const payload = {
        ...structuredClone(FOUNDING_PAYLOAD),
        reference_id: `official-sdk-${dialect}-${++sessionCount}`,
        components_configuration: { origins: [merchant!.origin] },
        ...changes,
      };
      const res = await api('POST', '/sessions', payload);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.components_sdk_key.split('-')[2], 'pd', 'LUNAS_SDK_HOST_ID=pd reaches the key');
      return res.body;
    }

    /** A fresh browser context (no shared state between flows) with the SDK's hosts routed to Lunas. */
    async function openCheckout(name: string, sdkKey: string, options: { channel?: string; origin?: string } = {}): Promise<Checkout> {
      const context = await browser!.newContext({ viewport: { width: 520, height: 900 } });
      const routed = await routeSdkHostsToLunas(context, lunas!.url, 'pd');
      const page = await context.newPage();
      const diagnostics: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') diagnostics.push(`console.${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => diagnostics.push(`pageerror: ${error.message}`));
      page.on('framenavigated', (frame) => {
        if (frame !== page.mainFrame()) diagnostics.push(`${Date.now()} frame navigated: ${frame.url().slice(0, 100)}`);
      });
      page.on('requestfailed', (request) => diagnostics.push(`requestfailed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`));
      await page.goto(merchant!.checkoutUrl(sdkKey, options), { timeout: 15_000 });
      return {
        name,
        context,
        page,
        routed,
        diagnostics,
        failed: async (error) => {
          await shot(page, `failure-${name}`).catch(() => undefined);
          return error;
        },
        close: () => context.close(),
      };
    }

    /** Everything that explains a failure: SDK events, proxied requests, browser console, Lunas's tail. */
    const explain = (checkout: Checkout) => () =>
      [
        'routed requests:',
        ...checkout.routed.map((r) => `  ${r.status} ${r.method} ${r.url.replace(/([?&](pk|sig)=)[^&]+/g, '$1…')}${r.error ? ` (${r.error})` : ''}`),
        'browser diagnostics:',
        ...checkout.diagnostics.map((d) => `  ${d}`),
        'lunas warnings and errors (last 10):',
        ...lunas!
          .output()
          .split('\n')
          .filter((line) => /"level":[4-6]\d/.test(line) || (line.trim() !== '' && !line.startsWith('{')))
          .slice(-10)
          .map((line) => `  ${line.slice(0, 400)}`),
      ].join('\n');

    const waitFor = (checkout: Checkout, type: SdkEvent['type'], options: Parameters<typeof waitForSdkEvent>[2] = {}) =>
      waitForSdkEvent(checkout.page, type, { context: explain(checkout), ...options });

    /** Every gateway call came from the merchant's origin, and Lunas itself granted it CORS. */
    function assertCorsGranted(checkout: Checkout): void {
      const gateway = checkout.routed.filter((r) => r.url.startsWith(`${SDK_HOSTS.pd}/api/sessions`));
      assert.ok(gateway.length > 0, explain(checkout)());
      for (const r of gateway) {
        assert.equal(r.origin, merchant!.origin, `${r.method} ${r.url} carried the page's Origin`);
        assert.equal(r.allowOrigin, merchant!.origin, `Lunas granted CORS to ${r.method} ${r.url}:\n${explain(checkout)()}`);
      }
    }

    /** Asserts that `types` occur in this order (not necessarily adjacent) in `window.__events`. */
    async function assertSequence(page: Page, types: SdkEvent['type'][], from = 0): Promise<void> {
      const events = (await readEvents(page)).slice(from);
      let position = 0;
      for (const event of events) if (event.type === types[position]) position++;
      assert.equal(position, types.length, `expected the SDK events ${types.join(' → ')}; missing from "${types[position]}" on.\nwindow.__events:\n${await describeEvents(page)}`);
    }

    /**
     * In the drop-in picker: opens a group (Cards, E-wallets, QR payments…) by its label and, when
     * the group holds several channels, picks one by its brand name in the group's dropdown.
     */
    async function chooseChannel(page: Page, groupLabel: string, brandName?: string): Promise<void> {
      const group = page.locator('.xendit-accordion-item', { has: page.locator('.xendit-accordion-item-header', { hasText: groupLabel }) }).first();
      await group.locator('.xendit-accordion-item-header').click({ timeout: 10_000 });
      if (brandName) {
        await group.locator('button.xendit-dropdown').click({ timeout: 10_000 });
        await group.getByRole('option', { name: brandName }).click({ timeout: 10_000 });
      }
    }

    /**
     * Waits until the form is submittable and has stayed so for a moment: typing into the secure
     * fields makes the SDK flip between submission-ready and submission-not-ready per keystroke.
     */
    async function waitForSubmittable(checkout: Checkout, from = 0, timeoutMs = 20_000): Promise<SdkEvent & { index: number }> {
      try {
        const handle = await checkout.page.waitForFunction(
          (from) => {
            const events = ((window as unknown as { __events: { type: string; at: number }[] }).__events ?? []).map((e, index) => ({ ...e, index }));
            const last = events.slice(from).filter((e) => e.type === 'submission-ready' || e.type === 'submission-not-ready' || e.type === 'submission-begin').at(-1);
            const button = document.getElementById('pay') as HTMLButtonElement | null;
            return last?.type === 'submission-ready' && Date.now() - last.at >= 400 && button?.disabled === false ? last : false;
          },
          from,
          { timeout: timeoutMs, polling: 100 },
        );
        return (await handle.jsonValue()) as SdkEvent & { index: number };
      } catch (error) {
        throw new Error(`the form did not become submittable within ${timeoutMs} ms (${(error as Error).message.split('\n')[0]})\nwindow.__events:\n${await describeEvents(checkout.page)}\n${explain(checkout)()}`);
      }
    }

    /** Approves the simulated 3DS / provider page shown in the SDK's action iframe. */
    async function approveInActionIframe(checkout: Checkout, expectOtp: boolean): Promise<void> {
      const acs = actionFrame(checkout.page);
      const approve = acs.locator('[data-testid="lunas-approve"]');
      await approve.waitFor({ timeout: 15_000 });
      await waitForActionSettled(checkout.page);
      if (expectOtp) assert.equal(await acs.locator('[data-testid="lunas-otp"]').inputValue(), '123456', 'the simulated ACS pre-fills the test OTP');
      await approve.click({ timeout: 10_000 });
    }

    async function waitForWebhook(predicate: (event: Receiver['received'][number]['json']) => boolean, what: string, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = receiver!.received.find((r) => predicate(r.json));
        if (found) return found.json;
        if (Date.now() > deadline) {
          throw new Error(`no webhook ${what} within ${timeoutMs} ms; received:\n${receiver!.received.map((r) => `  ${r.json.event} ${JSON.stringify(r.json.data).slice(0, 160)}`).join('\n')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOT_DIR, `official-sdk-${name}-${dialect}.png`), fullPage: true });

    test('founding flow: a 3DS card in the drop-in picker, approved in the action iframe, completes the session; webhooks follow', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession();
      const checkout = await openCheckout('founding', session.components_sdk_key);
      const { page } = checkout;
      try {
        await waitFor(checkout, 'init');
        await chooseChannel(page, 'Cards');
        await typeCard(page, { number: '4000000000001091' });
        await waitForSubmittable(checkout);
        await shot(page, 'checkout');
        await page.click('#pay');

        await waitFor(checkout, 'action-begin');
        await actionFrame(page).locator('[data-testid="lunas-otp"]').waitFor({ timeout: 15_000 });
        await waitForActionSettled(page);
        await shot(page, '3ds-action');
        await approveInActionIframe(checkout, true);

        const complete = await waitFor(checkout, 'session-complete', { timeoutMs: POLL_WAIT });
        assert.equal(complete.succeededChannel, 'CARDS');
        await assertSequence(page, ['init', 'submission-ready', 'submission-begin', 'payment-request-created', 'action-begin', 'action-end', 'submission-end', 'session-complete']);
        const ended = await waitFor(checkout, 'submission-end');
        assert.equal(ended.reason, 'SESSION_COMPLETED', await describeEvents(page));
        const created = await waitFor(checkout, 'payment-request-created');

        const read = (await api('GET', `/sessions/${session.payment_session_id}`)).body;
        assert.equal(read.status, 'COMPLETED');
        assert.equal(read.payment_request_id, created.paymentRequestId);
        assert.match(read.payment_id, /^py-/);
        const pr = (await api('GET', `/v3/payment_requests/${created.paymentRequestId}`)).body;
        assert.equal(pr.status, 'SUCCEEDED');
        assert.equal(pr.channel_properties.card_details.masked_card_number, '400000XXXXXX1091', 'Lunas decrypted what was typed in the secure iframe');

        const capture = await waitForWebhook((e) => e.event === 'payment.capture' && e.data.payment_id === read.payment_id, `payment.capture for ${read.payment_id}`);
        const completed = await waitForWebhook((e) => e.event === 'payment_session.completed' && e.data.payment_session_id === session.payment_session_id, 'payment_session.completed');
        assert.equal(completed.data.payment_id, capture.data.payment_id);
        assert.equal(capture.data.payment_request_id, created.paymentRequestId);
        assertCorsGranted(checkout);
      } catch (error) {
        throw await checkout.failed(error);
      } finally {
        await checkout.close();
      }
    });

    test('decline: amount 10054 fails the card (INSUFFICIENT_BALANCE), the form comes back, and the same session is then paid', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession({ amount: 10054 });
      const checkout = await openCheckout('decline', session.components_sdk_key);
      const { page } = checkout;
      try {
        await waitFor(checkout, 'init');
        await chooseChannel(page, 'Cards');
        await typeCard(page, { number: '4000000000001000' }); // frictionless: authorised at once, and declined by the amount
        await waitForSubmittable(checkout);
        await page.click('#pay');

        const failed = await waitFor(checkout, 'submission-end', { match: { reason: 'PAYMENT_REQUEST_FAILED' } });
        assert.deepEqual(failed.developerErrorMessage, { type: 'FAILURE', code: 'INSUFFICIENT_BALANCE' });
        assert.ok(failed.userErrorMessage?.length, `the customer sees an error message: ${await describeEvents(page)}`);
        // 0.0.24 discards the failed payment request just before it ends the submission.
        const discarded = await waitFor(checkout, 'payment-request-discarded');
        const ready = await waitFor(checkout, 'submission-ready', { from: failed.index });
        assert.equal((await api('GET', `/sessions/${session.payment_session_id}`)).body.status, 'ACTIVE', 'a decline leaves the session open for a retry');
        assert.equal((await api('GET', `/v3/payment_requests/${discarded.paymentRequestId}`)).body.failure_code, 'INSUFFICIENT_BALANCE');
        await shot(page, 'declined');

        // Retry with another card, a 3DS one: Lunas (like Xendit's test mode) declines 10054 for every
        // card, after authentication too, so this attempt fails the same way, through the action iframe.
        await typeCard(page, { number: '4000000000001091' });
        await waitForSubmittable(checkout, ready.index + 1);
        await page.click('#pay');
        await waitFor(checkout, 'action-begin', { from: ready.index });
        await approveInActionIframe(checkout, true);
        const again = await waitFor(checkout, 'submission-end', { from: ready.index, timeoutMs: POLL_WAIT });
        assert.equal(again.reason, 'PAYMENT_REQUEST_FAILED', await describeEvents(page));
        assert.deepEqual(again.developerErrorMessage, { type: 'FAILURE', code: 'INSUFFICIENT_BALANCE' });
        const readyAgain = await waitFor(checkout, 'submission-ready', { from: again.index });

        // Then the same session is paid with an e-wallet, approved on its provider page in the action iframe.
        await chooseChannel(page, 'E-wallets', 'ShopeePay');
        const wallet = await waitForSubmittable(checkout, readyAgain.index + 1);
        assert.equal(wallet.channelCode, 'SHOPEEPAY');
        await page.click('#pay');
        await waitFor(checkout, 'action-begin', { from: wallet.index });
        await actionFrame(page).locator('[data-testid="lunas-approve"]').waitFor({ timeout: 15_000 });
        await waitForActionSettled(page);
        await shot(page, 'ewallet-action');
        await approveInActionIframe(checkout, false);
        const complete = await waitFor(checkout, 'session-complete', { timeoutMs: POLL_WAIT });
        assert.equal(complete.succeededChannel, wallet.channelCode);
        const read = (await api('GET', `/sessions/${session.payment_session_id}`)).body;
        assert.equal(read.status, 'COMPLETED');
        assert.equal(read.amount, 10054);
        assertCorsGranted(checkout);
      } catch (error) {
        throw await checkout.failed(error);
      } finally {
        await checkout.close();
      }
    });

    test('QRIS: the QR screen, then "I\'ve made this payment" simulates (host pd) and the session completes', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession();
      const checkout = await openCheckout('qris', session.components_sdk_key, { channel: 'QRIS' });
      const { page } = checkout;
      try {
        await waitFor(checkout, 'init');
        await waitForSubmittable(checkout);
        await page.click('#pay');
        await waitFor(checkout, 'action-begin');
        await page.locator('[data-testid="qr-code"] svg').waitFor({ timeout: 15_000 });
        await waitForActionSettled(page, '[data-testid="qr-code"]');
        await shot(page, 'qris');
        await page.getByRole('button', { name: "I've made this payment" }).click({ timeout: 10_000 });

        const complete = await waitFor(checkout, 'session-complete', { timeoutMs: POLL_WAIT });
        assert.equal(complete.succeededChannel, 'QRIS');
        const simulate = checkout.routed.find((r) => r.method === 'POST' && /\/api\/sessions\/session-[0-9a-f]+\/payment_requests\/pr-[^/]+\/simulate/.test(r.url));
        assert.ok(simulate, `the SDK called simulate:\n${explain(checkout)()}`);
        assert.equal(simulate.status, 200);
        assert.equal((await api('GET', `/sessions/${session.payment_session_id}`)).body.status, 'COMPLETED');
        assertCorsGranted(checkout);
      } catch (error) {
        throw await checkout.failed(error);
      } finally {
        await checkout.close();
      }
    });

    test('an OTP bank (BPI Direct Debit): the unmodified SDK meets the VALIDATE_OTP action with fatal-error, as against Xendit', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession({ country: 'PH', currency: 'PHP', amount: 2500 });
      const checkout = await openCheckout('otp', session.components_sdk_key, { channel: 'BPI_DIRECT_DEBIT' });
      try {
        await waitFor(checkout, 'init');
        await waitForSubmittable(checkout);
        await checkout.page.click('#pay');
        const fatal = await waitFor(checkout, 'fatal-error');
        assert.match(fatal.message ?? '', /Unsupported action type API_POST_REQUEST VALIDATE_OTP/, await describeEvents(checkout.page));
        const created = checkout.routed.find((r) => r.method === 'POST' && r.url.includes('/api/sessions/payment_requests'));
        assert.equal(created?.status, 200, 'the attempt was made; only the SDK cannot show its step');
        assert.equal((await api('GET', `/sessions/${session.payment_session_id}`)).body.status, 'ACTIVE');
      } catch (error) {
        throw await checkout.failed(error);
      } finally {
        await checkout.close();
      }
    });

    test('a page on an origin not in components_configuration.origins gets fatal-error and cannot create a payment', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession(); // allows http://localhost:<port> only
      const stranger = `http://127.0.0.1:${merchant!.port}`;
      const checkout = await openCheckout('foreign-origin', session.components_sdk_key, { origin: stranger });
      const { page } = checkout;
      try {
        const fatal = await waitFor(checkout, 'fatal-error');
        // Lunas refused the request (403) and granted no CORS, so the browser hid even the error
        // body from the page: the SDK only knows the fetch failed (components-protocol.md §6).
        assert.match(fatal.message ?? '', /Failed to fetch/, await describeEvents(page));
        const events = await readEvents(page);
        assert.ok(!events.some((e) => e.type === 'init'), `no init on a foreign origin:\n${await describeEvents(page)}`);
        const gateway = checkout.routed.filter((r) => r.url.startsWith(`${SDK_HOSTS.pd}/api/sessions`));
        assert.deepEqual(
          gateway.map((r) => [r.method, r.origin, r.status, r.allowOrigin]),
          [['GET', stranger, 403, undefined]],
          `only the init call was made, from the stranger's origin, and Lunas refused it without CORS:\n${explain(checkout)()}`,
        );
        // The refusal is logged; the child's log line may reach us a moment after the response.
        const refusal = new RegExp(`${stranger.replace(/[.]/g, '\\.')}[^\\n]*refused`);
        for (let waited = 0; !refusal.test(lunas!.output()) && waited < 5000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
        assert.match(lunas!.output(), refusal);

        // A page that skips the SDK and posts a payment itself, as the SDK would, is refused too.
        const attempt = await page.evaluate(async ({ url, key }) => {
          const body = new URLSearchParams({ payload: JSON.stringify({ session_id: key, channel_code: 'QRIS', channel_properties: {} }) });
          try {
            const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
            return `read ${res.status}`;
          } catch (error) {
            return String(error);
          }
        }, { url: `${SDK_HOSTS.pd}/api/sessions/payment_requests?components_version=v0.0.24`, key: session.components_sdk_key.split('-').slice(0, 2).join('-') });
        assert.match(attempt, /Failed to fetch/);
        assert.deepEqual(checkout.routed.filter((r) => r.method === 'POST').map((r) => r.status), [403], explain(checkout)());

        const read = (await api('GET', `/sessions/${session.payment_session_id}`)).body;
        assert.equal(read.status, 'ACTIVE');
        assert.equal(read.payment_request_id ?? null, null, 'no payment request was created');
        const logged = (await api('GET', `/events?object_id=${session.payment_session_id}`)).body;
        assert.ok(!logged.data.some((e: { type: string }) => e.type.startsWith('payment')), JSON.stringify(logged.data.map((e: { type: string }) => e.type)));
      } catch (error) {
        throw await checkout.failed(error);
      } finally {
        await checkout.close();
      }
    });

    test('a session canceled through the API during 3DS: the open page gets session-expired-or-canceled', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession();
      const checkout = await openCheckout('cancel', session.components_sdk_key, { channel: 'CARDS' });
      const { page } = checkout;
      try {
        await waitFor(checkout, 'init');
        await typeCard(page, { number: '4000000000001091' });
        await waitForSubmittable(checkout);
        await page.click('#pay');
        const created = await waitFor(checkout, 'payment-request-created');
        await waitFor(checkout, 'action-begin');
        await actionFrame(page).locator('[data-testid="lunas-approve"]').waitFor({ timeout: 15_000 });

        const canceled = await api('POST', `/sessions/${session.payment_session_id}/cancel`);
        assert.equal(canceled.status, 200, JSON.stringify(canceled.body));
        assert.equal(canceled.body.status, 'CANCELED');

        await waitFor(checkout, 'session-expired-or-canceled', { timeoutMs: POLL_WAIT });
        const ended = await waitFor(checkout, 'submission-end');
        assert.equal(ended.reason, 'SESSION_CANCELED', await describeEvents(page));
        assert.ok(!(await readEvents(page)).some((e) => e.type === 'session-complete'));
        const pr = (await api('GET', `/v3/payment_requests/${created.paymentRequestId}`)).body;
        assert.notEqual(pr.status, 'SUCCEEDED');
        assert.equal((await api('GET', `/sessions/${session.payment_session_id}`)).body.status, 'CANCELED');
        assertCorsGranted(checkout);
      } catch (error) {
        throw await checkout.failed(error);
      } finally {
        await checkout.close();
      }
    });

    test('a SAVE session: the card becomes a payment token, the session completes, payment_token.activation arrives', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession({ session_type: 'SAVE', amount: 0 });
      const checkout = await openCheckout('save', session.components_sdk_key, { channel: 'CARDS' });
      const { page } = checkout;
      try {
        await waitFor(checkout, 'init');
        await typeCard(page, { number: '4000000000001000' });
        await waitForSubmittable(checkout);
        await shot(page, 'save-card');
        await page.click('#pay');

        const token = await waitFor(checkout, 'payment-token-created');
        assert.match(token.paymentTokenId ?? '', /^pt-/);
        const complete = await waitFor(checkout, 'session-complete', { timeoutMs: POLL_WAIT });
        assert.equal(complete.succeededChannel, 'CARDS');
        await assertSequence(page, ['init', 'submission-ready', 'submission-begin', 'payment-token-created', 'submission-end', 'session-complete']);

        const read = (await api('GET', `/sessions/${session.payment_session_id}`)).body;
        assert.equal(read.status, 'COMPLETED');
        assert.equal(read.payment_token_id, token.paymentTokenId);
        const stored = (await api('GET', `/v3/payment_tokens/${token.paymentTokenId}`)).body;
        assert.equal(stored.status, 'ACTIVE');
        const activation = await waitForWebhook((e) => e.event === 'payment_token.activation' && e.data.payment_token_id === token.paymentTokenId, `payment_token.activation for ${token.paymentTokenId}`);
        assert.equal(activation.data.status, 'ACTIVE');
        assertCorsGranted(checkout);
      } catch (error) {
        throw await checkout.failed(error);
      } finally {
        await checkout.close();
      }
    });

    test("Xendit's demo Subscription flow, its payload unmodified: the card is linked, the session completes with payment_token_id, the plan activates", { timeout: FLOW_TIMEOUT }, async () => {
      // xendit/demo-store components.ts: anchor_date = expires_at = now + 1 h; origins and return_url of the shop (https once deployed).
      const anchor = new Date(Date.now() + 3_600_000).toISOString();
      const created = await api('POST', '/sessions', demoSubscription(anchor, { components_configuration: { origins: [merchant!.origin], return_url: 'https://demo-store.example.com?checkout=resume' } }));
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const session = created.body;
      assert.match(session.recurring_plan_id, /^repl_/);
      const checkout = await openCheckout('subscription', session.components_sdk_key, { channel: 'CARDS' });
      const { page } = checkout;
      try {
        await waitFor(checkout, 'init');
        await typeCard(page, { number: '4000000000001000' });
        await waitForSubmittable(checkout);
        await shot(page, 'subscription-card');
        await page.click('#pay');

        const token = await waitFor(checkout, 'payment-token-created');
        assert.match(token.paymentTokenId ?? '', /^pt-/);
        await waitFor(checkout, 'session-complete', { timeoutMs: POLL_WAIT });
        await assertSequence(page, ['init', 'submission-ready', 'submission-begin', 'payment-token-created', 'submission-end', 'session-complete']);

        const read = (await api('GET', `/sessions/${session.payment_session_id}`)).body;
        assert.deepEqual([read.status, read.payment_token_id, read.recurring_plan_id], ['COMPLETED', token.paymentTokenId, session.recurring_plan_id]);
        const plan = (await api('GET', `/recurring/plans/${session.recurring_plan_id}`)).body;
        assert.equal(plan.status, 'ACTIVE');
        assert.deepEqual(plan.payment_methods, [{ payment_method_id: token.paymentTokenId, rank: 1 }]);
        const activated = await waitForWebhook((e) => e.event === 'recurring.plan.activated' && e.data.id === session.recurring_plan_id, `recurring.plan.activated for ${session.recurring_plan_id}`);
        assert.equal(activated.data.status, 'ACTIVE');
        await waitForWebhook((e) => e.event === 'recurring.cycle.created' && e.data.plan_id === session.recurring_plan_id, 'recurring.cycle.created');
        assertCorsGranted(checkout);
      } catch (error) {
        throw await checkout.failed(error);
      } finally {
        await checkout.close();
      }
    });
  });
}
