/**
 * @lunas/components in Chromium against a started Lunas: every channel family, from the same
 * merchant page the official SDK test uses (official API names; only the script tag differs).
 * The SDK is loaded from Lunas (`/sdk/lunas-components.umd.js`); no host routing is needed.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { focusedTestId, hasChromium, reviewScreenshot, SCREENSHOT_DIR, tabTo } from '../helpers/browser.ts';
import { startMerchantServer, type MerchantServer, type SdkEvent } from '../helpers/merchant-page.ts';
import { describeEvents, readEvents, waitForSdkEvent } from '../helpers/official-sdk.ts';
import { call, type LunasProcess } from '../helpers/process.ts';
import type { Receiver } from '../helpers/receiver.ts';
import { startBrowserStack, type BrowserStack } from '../helpers/stack.ts';
import { typeLunasCard, setSessionExpiry, waitForWebhook } from '../helpers/lunas-sdk.ts';
import { DIALECTS, type StoreTarget } from '../helpers/stores.ts';

const KEY = 'xnd_development_lunas_components_key1';
const FLOW_TIMEOUT = 90_000;

for (const dialect of DIALECTS) {
  describe(`@lunas/components against Lunas in Chromium [${dialect}]`, { skip: hasChromium() ? false : 'Chromium not installed', timeout: 600_000 }, () => {
    let target: StoreTarget | undefined;
    let receiver: Receiver | undefined;
    let lunas: LunasProcess | undefined;
    let merchant: MerchantServer | undefined;
    let browser: Browser | undefined;
    let sessionCount = 0;

    let stack: BrowserStack | undefined;

    before(async () => {
      stack = await startBrowserStack(dialect, KEY);
      ({ target, receiver, lunas, browser } = stack);
      merchant = await startMerchantServer({ lunasUrl: lunas.url });
    });

    after(async () => {
      await merchant?.close();
      await stack?.close();
    });

    const api = (method: string, url: string, body?: unknown) => call(lunas!.url, KEY, method, url, body);

    async function createSession(changes: Record<string, unknown> = {}): Promise<Record<string, any>> {
      const res = await api('POST', '/sessions', {
        ...structuredClone(FOUNDING_PAYLOAD),
        reference_id: `lunas-components-${dialect}-${++sessionCount}`,
        components_configuration: { origins: [merchant!.origin] },
        ...changes,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    }

    async function open(name: string, session: Record<string, any>, options: BrowserContextOptions & { channel?: string } = {}) {
      const { channel, ...contextOptions } = options;
      const context = await browser!.newContext({ viewport: { width: 480, height: 900 }, ...contextOptions });
      const page = await context.newPage();
      const diagnostics: string[] = [];
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && diagnostics.push(`console.${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => diagnostics.push(`pageerror: ${e.message}`));
      page.on('framenavigated', (frame) => frame !== page.mainFrame() && diagnostics.push(`${Date.now()} frame → ${frame.url().slice(0, 90)}`));
      page.on('requestfailed', (r) => diagnostics.push(`requestfailed: ${r.method()} ${r.url().slice(0, 90)} ${r.failure()?.errorText ?? ''}`));
      page.on('response', (r) => r.status() >= 400 && diagnostics.push(`${r.status()} ${r.request().method()} ${r.url().slice(0, 90)}`));
      await page.goto(merchant!.checkoutUrl(session.components_sdk_key, { channel }), { timeout: 15_000 });
      const explain = async () => `events:\n${await describeEvents(page)}\nbrowser:\n${diagnostics.join('\n')}`;
      return {
        page,
        waitFor: async (type: SdkEvent['type'], extra: Parameters<typeof waitForSdkEvent>[2] = {}) => waitForSdkEvent(page, type, { timeoutMs: 30_000, context: () => diagnostics.join('\n'), ...extra }),
        explain,
        shot: (label: string) => reviewScreenshot(page, path.join(SCREENSHOT_DIR, `lunas-components-${label}-${dialect}.png`)),
        close: () => context.close(),
      };
    }

    /** Clicks the page's Pay button once the SDK said the form is ready. */
    async function pay(page: Page) {
      await page.locator('#pay:not([disabled])').click({ timeout: 20_000 });
    }

    const sessionStatus = async (id: string) => (await api('GET', `/sessions/${id}`)).body.status as string;

    test('a 3DS card in the picker: init → action in the modal → session-complete, and both webhooks carry one payment_id', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession();
      const checkout = await open('card-3ds', session);
      try {
        await checkout.waitFor('init');
        await checkout.page.locator('[data-testid="lunas-group-cards"]').click();
        await typeLunasCard(checkout.page, '4000 0000 0000 1091');
        await checkout.shot('card-form');
        await pay(checkout.page);
        await checkout.waitFor('action-begin');
        const acs = checkout.page.frameLocator('iframe[data-testid="lunas-action-iframe"]');
        await acs.locator('[data-testid="lunas-otp"]').waitFor({ timeout: 15_000 });
        await checkout.shot('card-3ds');
        // The keyboard, as a customer may: a mouse click is aimed from the page's layout, and the
        // framed page under a modal that just re-laid out (after the screenshot) can miss it.
        await acs.locator('[data-testid="lunas-approve"]').press('Enter');
        const complete = await checkout.waitFor('session-complete');
        assert.equal(complete.succeededChannel, 'CARDS');
        assert.equal(await sessionStatus(session.payment_session_id), 'COMPLETED');
        await checkout.page.locator('[data-testid="lunas-status-completed"]').waitFor({ timeout: 5_000 });
        const types = (await readEvents(checkout.page)).map((e) => e.type);
        const order = ['submission-begin', 'payment-request-created', 'action-begin', 'action-end', 'submission-end', 'session-complete'];
        assert.deepEqual(types.filter((t) => order.includes(t)), order, await checkout.explain());
        const completed = await waitForWebhook(receiver!, (e) => e.event === 'payment_session.completed' && e.data.payment_session_id === session.payment_session_id, 'payment_session.completed');
        const capture = await waitForWebhook(receiver!, (e) => e.event === 'payment.capture' && e.data.payment_id === completed.data.payment_id, 'payment.capture');
        assert.match(capture.data.payment_id, /^py-/);
      } finally {
        await checkout.close();
      }
    });

    test('at 375×667 the 3DS pop-up fills the screen and its Approve button shows without scrolling', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession();
      const checkout = await open('card-3ds-375', session, { viewport: { width: 375, height: 667 } });
      try {
        await checkout.waitFor('init');
        await checkout.page.locator('[data-testid="lunas-group-cards"]').click();
        // The card with the selectable ACS outcome: the tallest 3DS page there is.
        await typeLunasCard(checkout.page, '5123 4500 0000 0008');
        await pay(checkout.page);
        await checkout.waitFor('action-begin');
        const acs = checkout.page.frameLocator('iframe[data-testid="lunas-action-iframe"]');
        await acs.locator('[data-testid="lunas-approve"]').waitFor({ timeout: 15_000 });
        // The screen as the customer sees it: a full-page shot would stretch the viewport under the modal.
        await checkout.page.screenshot({ path: path.join(SCREENSHOT_DIR, `lunas-components-card-3ds-375-${dialect}.png`) });
        const approve = (await acs.locator('[data-testid="lunas-approve"]').boundingBox())!;
        assert.ok(approve.y >= 0 && approve.y + approve.height <= 667, `Approve at y=${approve.y}..${approve.y + approve.height}, below the 667 px screen`);
        const overlay = await checkout.page.evaluate(() => {
          const r = document.querySelector('.lunas-modal')!.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
        });
        assert.deepEqual(overlay, { top: 0, bottom: 667, left: 0, right: 375 }, 'the dimming overlay covers the whole screen');
        await acs.locator('[data-testid="lunas-approve"]').press('Enter');
        await expectCompleted(checkout, session, 'CARDS');
      } finally {
        await checkout.close();
      }
    });

    test('a page whose origin the session does not allow: the console and the fatal error say which origin to add', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession({ components_configuration: { origins: ['https://elsewhere.example'] } });
      const checkout = await open('foreign-origin', session);
      const consoleErrors: string[] = [];
      checkout.page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      try {
        const fatal = await checkout.waitFor('fatal-error');
        const origin = merchant!.origin;
        assert.match(fatal.message ?? '', new RegExp(`add "${origin.replace(/[.]/g, '\\.')}" to components_configuration\\.origins`), await checkout.explain());
        for (let waited = 0; !consoleErrors.some((line) => line.includes('components_configuration.origins')) && waited < 3000; waited += 100) await new Promise((r) => setTimeout(r, 100));
        assert.ok(consoleErrors.some((line) => line.includes(`add "${origin}" to components_configuration.origins`)), `console: ${consoleErrors.join('\n')}`);
        // CORS is unchanged: the gateway still refuses the page without granting it anything.
        const refused = await checkout.page.evaluate(async (url) => fetch(url).then(() => 'read', (e: Error) => e.name), `${lunas!.url}/api/sessions/${session.components_sdk_key.split("-").slice(0, 2).join("-")}?components_version=v0.0.24`);
        assert.equal(refused, 'TypeError');
      } finally {
        await checkout.close();
      }
    });

    /** The outcome is a poll away: success shows the SDK's "complete" view and the session is COMPLETED. */
    async function expectCompleted(checkout: Awaited<ReturnType<typeof open>>, session: Record<string, any>, channel: string) {
      const complete = await checkout.waitFor('session-complete');
      assert.equal(complete.succeededChannel, channel, await checkout.explain());
      assert.equal(await sessionStatus(session.payment_session_id), 'COMPLETED');
    }

    test('a declined card shows why and keeps the form; the same session then pays with another card', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession();
      const checkout = await open('decline-retry', session, { channel: 'CARDS' });
      try {
        await checkout.waitFor('init');
        await typeLunasCard(checkout.page, '4000000000001091');
        await pay(checkout.page);
        const acs = checkout.page.frameLocator('iframe[data-testid="lunas-action-iframe"]');
        await acs.locator('[data-testid="lunas-decline"]').press('Enter', { timeout: 15_000 });
        const failed = await checkout.waitFor('submission-end', { match: { reason: 'PAYMENT_REQUEST_FAILED' } });
        assert.deepEqual(failed.developerErrorMessage, { type: 'FAILURE', code: 'AUTHENTICATION_FAILED' });
        const alert = checkout.page.locator('[data-testid="lunas-submission-error"]');
        await alert.waitFor();
        assert.match(await alert.innerText(), /Payment failed[\s\S]*3-D Secure/);
        assert.equal(await alert.getAttribute('role'), 'alert', 'the failure is announced to screen readers');
        await checkout.waitFor('payment-request-discarded');
        await checkout.shot('declined');
        assert.equal(await sessionStatus(session.payment_session_id), 'ACTIVE');

        // Retry: replace the card number with a frictionless one; expiry and CVN stay.
        const number = checkout.page.frameLocator('iframe[data-testid="lunas-card-number"]').locator('input');
        await number.fill('');
        await number.pressSequentially('4000000000001000', { delay: 10 });
        await pay(checkout.page);
        await expectCompleted(checkout, session, 'CARDS');
        const created = (await readEvents(checkout.page)).filter((e) => e.type === 'payment-request-created');
        assert.equal(created.length, 2, 'two attempts in one session');
        assert.equal(await alert.count(), 0, 'the old failure message is gone');
      } finally {
        await checkout.close();
      }
    });

    test('an e-wallet opens the provider page in the action modal; approving it completes the session', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession();
      const checkout = await open('ewallet', session);
      try {
        await checkout.waitFor('init');
        await checkout.page.locator('[data-testid="lunas-group-ewallet"]').click();
        await checkout.page.locator('[data-testid="lunas-channel-DANA"]').click();
        await checkout.shot('ewallet-form');
        await pay(checkout.page);
        await checkout.waitFor('action-begin');
        const provider = checkout.page.frameLocator('iframe[data-testid="lunas-action-iframe"]');
        await provider.locator('[data-testid="lunas-approve"]').waitFor({ timeout: 15_000 });
        await checkout.shot('ewallet-action');
        await provider.locator('[data-testid="lunas-approve"]').press('Enter');
        await expectCompleted(checkout, session, 'DANA');
      } finally {
        await checkout.close();
      }
    });

    test('on a phone, an e-wallet with an app offers the app link (deeplink) and the web page as a fallback', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession();
      const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
      const checkout = await open('ewallet-deeplink', session, { channel: 'DANA', userAgent: iphone, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      try {
        await checkout.waitFor('init');
        await pay(checkout.page);
        await checkout.waitFor('action-begin');
        const link = checkout.page.locator('[data-testid="lunas-deeplink"]');
        await link.waitFor();
        assert.match((await link.getAttribute('href')) ?? '', /via=deeplink/);
        await checkout.shot('ewallet-deeplink');
        // The customer approves in the app (the deeplink page), the page notices by polling.
        const app = await checkout.page.context().newPage();
        await app.goto((await link.getAttribute('href'))!);
        await app.locator('[data-testid="lunas-approve"]').click();
        await expectCompleted(checkout, session, 'DANA');
      } finally {
        await checkout.close();
      }
    });

    test('a push e-wallet validates the phone number, then waits for approval in the app (simulated)', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession();
      const checkout = await open('push', session, { channel: 'OVO' });
      try {
        await checkout.waitFor('init');
        const phone = checkout.page.locator('input[name="account_mobile_number"]');
        await phone.fill('12');
        await phone.blur();
        const error = checkout.page.locator('[data-testid="lunas-error-account_mobile_number"]');
        await error.waitFor();
        assert.equal(await error.innerText(), 'Enter a valid phone number');
        assert.equal(await phone.getAttribute('aria-invalid'), 'true');
        assert.ok(await checkout.page.locator('#pay[disabled]').count(), 'an invalid form cannot be submitted');
        await phone.fill('0812 3456 7890');
        await error.waitFor({ state: 'detached' });
        await checkout.shot('push-form');
        await pay(checkout.page);
        await checkout.page.locator('[data-testid="lunas-push-wait"]').waitFor();
        await checkout.shot('push-wait');
        await checkout.page.locator('[data-testid="lunas-simulate"]').click();
        await expectCompleted(checkout, session, 'OVO');
        const paid = (await api('GET', `/sessions/${session.payment_session_id}`)).body;
        const pr = (await api('GET', `/v3/payment_requests/${paid.payment_request_id}`)).body;
        assert.equal(pr.channel_properties.account_mobile_number, '+6281234567890', 'the number reached Lunas in E.164');
      } finally {
        await checkout.close();
      }
    });

    for (const [family, channel, testId, label] of [
      ['virtual_account', 'BCA_VIRTUAL_ACCOUNT', 'lunas-va-number', 'va'],
      ['qr', 'QRIS', 'lunas-qr', 'qr'],
      ['otc', 'ALFAMART', 'lunas-payment-code', 'otc'],
    ] as const) {
      test(`${family}: the code is presented (${testId}) and "Simulate payment" pays it`, { timeout: FLOW_TIMEOUT }, async () => {
        const session = await createSession();
        const checkout = await open(label, session);
        try {
          await checkout.waitFor('init');
          await checkout.page.locator(`[data-testid="lunas-group-${family}"]`).click();
          const choice = checkout.page.locator(`[data-testid="lunas-channel-${channel}"]`);
          if (await choice.count()) await choice.click();
          const payer = checkout.page.locator('input[name="payer_name"]');
          if (await payer.count()) await payer.fill('John Doe');
          await pay(checkout.page);
          await checkout.waitFor('action-begin');
          const presented = checkout.page.locator(`[data-testid="${testId}"]`);
          await presented.waitFor({ timeout: 10_000 });
          if (label === 'va') {
            assert.match(await presented.innerText(), /^8860\d+/, 'the BCA VA number');
            await checkout.page.locator('[data-testid="lunas-va-instructions"]').waitFor();
          }
          if (label === 'qr') {
            assert.match((await presented.getAttribute('data-qr-value')) ?? '', /^000201/, 'an EMVCo payload');
            assert.equal(await presented.locator('svg').count(), 1, 'the QR is drawn (lazy module loaded)');
          }
          if (label === 'otc') {
            assert.match(await presented.innerText(), /^LUNAS\d+/);
            await checkout.page.locator('[data-testid="lunas-barcode"][data-ready="true"]').waitFor({ timeout: 10_000 });
          }
          assert.match(await checkout.page.locator('[data-testid="lunas-amount"]').innerText(), /10[.,]000/);
          await checkout.shot(`${label}-action`);
          await checkout.page.locator('[data-testid="lunas-simulate"]').click();
          await expectCompleted(checkout, session, channel);
        } finally {
          await checkout.close();
        }
      });
    }

    test('a SAVE session saves a card: payment-token-created, then session-complete with a token', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession({ session_type: 'SAVE', amount: 0, allowed_payment_channels: ['CARDS'] });
      const checkout = await open('save', session);
      try {
        await checkout.waitFor('init');
        await checkout.page.locator('[data-testid="lunas-save-session"]').waitFor();
        await typeLunasCard(checkout.page, '4000000000001000');
        await pay(checkout.page);
        await checkout.waitFor('payment-token-created');
        await checkout.waitFor('session-complete');
        const read = (await api('GET', `/sessions/${session.payment_session_id}`)).body;
        assert.equal(read.status, 'COMPLETED');
        assert.match(read.payment_token_id, /^pt-/);
        await checkout.page.locator('[data-testid="lunas-status-completed"]').waitFor();
        assert.match(await checkout.page.locator('[data-testid="lunas-status-completed"]').innerText(), /Payment method saved/);
      } finally {
        await checkout.close();
      }
    });

    test('a SUBSCRIPTION session links a card for its plan: saved for future payments, payment-token-created, session-complete, the plan ACTIVE', { timeout: FLOW_TIMEOUT }, async () => {
      const anchor = new Date(Date.now() + 3_600_000).toISOString();
      const session = await createSession({ session_type: 'SUBSCRIPTION', subscription: { schedule: { anchor_date: anchor, interval: 'MONTH', interval_count: 1 } }, allowed_payment_channels: ['CARDS'] });
      const checkout = await open('subscription', session);
      try {
        await checkout.waitFor('init');
        await checkout.page.locator('[data-testid="lunas-save-forced"]').waitFor();
        await typeLunasCard(checkout.page, '4000000000001000');
        await checkout.shot('subscription');
        await pay(checkout.page);
        const token = await checkout.waitFor('payment-token-created');
        await checkout.waitFor('session-complete');
        const read = (await api('GET', `/sessions/${session.payment_session_id}`)).body;
        assert.equal(read.status, 'COMPLETED');
        assert.equal(read.payment_token_id, token.paymentTokenId);
        assert.equal((await api('GET', `/recurring/plans/${session.recurring_plan_id}`)).body.status, 'ACTIVE');
        assert.match(await checkout.page.locator('[data-testid="lunas-status-completed"]').innerText(), /Subscription started/);
      } finally {
        await checkout.close();
      }
    });

    test('OPTIONAL saving shows a checkbox; checking it saves the card with the payment', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession({ allow_save_payment_method: 'OPTIONAL' });
      const checkout = await open('save-optional', session, { channel: 'CARDS' });
      try {
        await checkout.waitFor('init');
        await checkout.page.locator('[data-testid="lunas-save-checkbox"]').check();
        await typeLunasCard(checkout.page, '4000000000001000');
        await pay(checkout.page);
        await expectCompleted(checkout, session, 'CARDS');
        const read = (await api('GET', `/sessions/${session.payment_session_id}`)).body;
        assert.match(read.payment_token_id ?? '', /^pt-/, 'the card was saved');
      } finally {
        await checkout.close();
      }
    });

    test('FORCED saving says so instead of asking, and the card is saved with the payment', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession({ allow_save_payment_method: 'FORCED', allowed_payment_channels: ['CARDS'] });
      const checkout = await open('save-forced', session);
      try {
        await checkout.waitFor('init');
        await checkout.page.locator('[data-testid="lunas-save-forced"]').waitFor();
        assert.equal(await checkout.page.locator('[data-testid="lunas-save-checkbox"]').count(), 0);
        await typeLunasCard(checkout.page, '4000000000001000');
        await pay(checkout.page);
        await expectCompleted(checkout, session, 'CARDS');
        assert.match((await api('GET', `/sessions/${session.payment_session_id}`)).body.payment_token_id ?? '', /^pt-/);
      } finally {
        await checkout.close();
      }
    });

    test('the session expiring while the page is open closes the form and tells the page', { timeout: FLOW_TIMEOUT }, async () => {
      // Sessions last at least 10 minutes; bring this one's end close, as if the customer had dawdled.
      const session = await createSession();
      await setSessionExpiry(target!, session.payment_session_id, new Date(Date.now() + 5_000));
      const checkout = await open('expiry', session);
      try {
        await checkout.waitFor('init');
        await checkout.page.locator('[data-testid="lunas-group-cards"]').click();
        await checkout.waitFor('session-expired-or-canceled', { timeoutMs: 20_000 });
        await checkout.page.locator('[data-testid="lunas-status-expired"]').waitFor();
        assert.equal(await checkout.page.locator('iframe[data-testid="lunas-card-number"]').count(), 0, 'no card form any more');
        await checkout.shot('expired');
      } finally {
        await checkout.close();
      }
    });

    test('the session locale picks the language (id), and the picker works with the keyboard alone', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createSession({ locale: 'id' });
      const checkout = await open('locale-id', session);
      try {
        await checkout.waitFor('init');
        const cards = checkout.page.locator('[data-testid="lunas-group-cards"]');
        assert.equal((await cards.innerText()).trim().split('\n')[0], 'Kartu');
        assert.equal(await cards.getAttribute('aria-expanded'), 'false');
        await cards.focus();
        await checkout.page.keyboard.press('Enter');
        await checkout.page.locator('[data-testid="lunas-group-cards"][aria-expanded="true"]').waitFor({ timeout: 5_000 });
        await checkout.page.frameLocator('iframe[data-testid="lunas-card-number"]').locator('input').waitFor({ timeout: 10_000 });
        assert.equal(await focusedTestId(checkout.page), 'lunas-group-cards', 'focus stays on the header');
        // One Tab moves from the group header into the secure card-number field.
        assert.ok(await tabTo(checkout.page, 'lunas-card-number', 1), `one Tab from the header focuses ${await focusedTestId(checkout.page)}, not the card number`);
        await checkout.page.frameLocator('iframe[data-testid="lunas-card-number"]').locator('input:focus').waitFor({ timeout: 5_000 });
        assert.match((await checkout.page.locator('iframe[data-testid="lunas-card-number"]').getAttribute('title')) ?? '', /Nomor kartu/);
        assert.equal(await checkout.page.frameLocator('iframe[data-testid="lunas-card-number"]').locator('label').textContent(), 'Nomor kartu', 'the secure field names itself in the language too');
        const form = await checkout.page.locator('[data-testid="lunas-channel-picker"]').innerText();
        for (const word of ['Detail kartu', 'Pemegang kartu', 'Nama depan', 'Nama belakang']) assert.ok(form.includes(word), `the card form says "${word}"`);
        for (const english of ['Card details', 'Cardholder', 'First name', 'Last name']) assert.ok(!form.includes(english), `no English "${english}" left`);
        await checkout.shot('locale-id');
        // The 3DS page opened from it speaks Indonesian too, with the page's amount format.
        await typeLunasCard(checkout.page, '4000 0000 0000 1091');
        await pay(checkout.page);
        const acs = checkout.page.frameLocator('iframe[data-testid="lunas-action-iframe"]');
        await acs.locator('[data-testid="lunas-approve"]').waitFor({ timeout: 15_000 });
        assert.equal((await acs.locator('h1').innerText()).trim(), 'Verifikasi pembayaran Anda');
        assert.equal((await acs.locator('[data-testid="lunas-amount"]').innerText()).replace(/\s/g, ' '), 'Rp 10.000');
        assert.equal((await acs.locator('[data-testid="lunas-approve"]').innerText()).trim(), 'Setujui');
      } finally {
        await checkout.close();
      }
    });

    // Mock mode touches no store: once is enough.
    if (dialect === DIALECTS[0]) test('test mode (XenditComponentsTest): mock channels with no session, a mock 3DS step, and a mock VA paid by simulate', { timeout: FLOW_TIMEOUT }, async () => {
      const context = await browser!.newContext({ viewport: { width: 480, height: 900 } });
      const page = await context.newPage();
      const gatewayCalls: string[] = [];
      page.on('request', (request) => request.url().includes('/api/sessions') && gatewayCalls.push(request.url()));
      try {
        await page.goto(merchant!.checkoutUrl('ignored', { mock: true }));
        await waitForSdkEvent(page, 'init');
        await page.locator('[data-testid="lunas-group-cards"]').click();
        await page.locator('input[data-testid="lunas-card-number"]').fill('4000000000001091');
        await page.locator('input[data-testid="lunas-card-expiry"]').fill('12/30');
        await page.locator('input[data-testid="lunas-card-cvn"]').fill('123');
        await pay(page);
        await page.frameLocator('iframe[data-testid="lunas-action-iframe"]').locator('[data-testid="mock-failure"]').click({ timeout: 10_000 });
        await waitForSdkEvent(page, 'submission-end', { match: { reason: 'PAYMENT_REQUEST_FAILED' } });
        await page.locator('[data-testid="lunas-group-virtual_account"]').click();
        await pay(page);
        await page.locator('[data-testid="lunas-va-number"]').waitFor();
        await page.locator('[data-testid="lunas-simulate"]').click();
        const complete = await waitForSdkEvent(page, 'session-complete');
        assert.equal(complete.succeededChannel, 'MOCK_VA');
        assert.deepEqual(gatewayCalls, [], 'mock mode calls no gateway');
      } finally {
        await context.close();
      }
    });
  });
}
