/**
 * The hosted checkout (payment_link_url) in Chromium against a started Lunas, on SQLite and
 * PostgreSQL: a customer opens the link the merchant got from POST /sessions, pays on Lunas's
 * page (its own SDK inside), and lands on the merchant's return URL; the merchant's webhook
 * receiver gets payment_session.completed. The merchant's site (https://shop.example) is
 * answered by Playwright routing, so reaching a return URL is a real top-level navigation.
 *
 * Every flow also checks what the customer's browser did not do: load anything from another
 * origin, or trip the page's Content-Security-Policy. Review screenshots at phone (390×844)
 * and desktop (1280×800) widths go to test-results/screenshots/ (not committed).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { focusedTestId, hasChromium, reviewScreenshot, SCREENSHOT_DIR, tabTo } from '../helpers/browser.ts';
import { call, type LunasProcess } from '../helpers/process.ts';
import type { Receiver } from '../helpers/receiver.ts';
import { startBrowserStack, type BrowserStack } from '../helpers/stack.ts';
import { typeLunasCard, setSessionExpiry, waitForWebhook } from '../helpers/lunas-sdk.ts';
import { DIALECTS, type StoreTarget } from '../helpers/stores.ts';

const KEY = 'xnd_development_hosted_checkout_key1';
const SHOP = 'https://shop.example';
const FLOW_TIMEOUT = 120_000;
/** The small phone the issue measures at (an iPhone SE): Pay must show there without scrolling. */
const PHONE = { width: 375, height: 667 };
const DESKTOP = { width: 1280, height: 800 };
type Viewport = typeof PHONE;

for (const dialect of DIALECTS) {
  describe(`hosted checkout in Chromium [${dialect}]`, { skip: hasChromium() ? false : 'Chromium not installed', timeout: 900_000 }, () => {
    let target: StoreTarget | undefined;
    let receiver: Receiver | undefined;
    let lunas: LunasProcess | undefined;
    let browser: Browser | undefined;
    let count = 0;

    let stack: BrowserStack | undefined;

    before(async () => {
      stack = await startBrowserStack(dialect, KEY);
      ({ target, receiver, lunas, browser } = stack);
    });

    after(async () => stack?.close());

    const api = (method: string, url: string, body?: unknown) => call(lunas!.url, KEY, method, url, body);
    const status = async (id: string) => (await api('GET', `/sessions/${id}`)).body as Record<string, any>;

    /** A PAYMENT_LINK session, as a merchant creates it; return URLs name the order. */
    async function createLink(changes: Record<string, unknown> = {}): Promise<Record<string, any>> {
      const reference = `hosted-${dialect}-${++count}`;
      const res = await api('POST', '/sessions', {
        ...structuredClone(FOUNDING_PAYLOAD),
        components_configuration: undefined,
        mode: 'PAYMENT_LINK',
        reference_id: reference,
        success_return_url: `${SHOP}/orders/${reference}/thanks`,
        cancel_return_url: `${SHOP}/orders/${reference}/cart`,
        ...changes,
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.components_sdk_key, undefined, 'the page key is never in the API answer');
      return res.body;
    }

    async function open(name: string, session: Record<string, any>, viewport: Viewport = PHONE) {
      const context = await browser!.newContext({ viewport, ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}) });
      // The merchant's site: any page there answers with its own address, so a test sees where it landed.
      await context.route(`${SHOP}/**`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><title>Shop</title><h1 data-testid="shop">${new URL(route.request().url()).pathname}</h1>` }),
      );
      const page = await context.newPage();
      const requests: string[] = [];
      const diagnostics: string[] = [];
      context.on('request', (request) => requests.push(request.url()));
      page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && diagnostics.push(`console.${m.type()}: ${m.text()}`));
      page.on('pageerror', (e) => diagnostics.push(`pageerror: ${e.message}`));
      await page.goto(session.payment_link_url, { timeout: 15_000 });
      const size = viewport === PHONE ? 'phone' : 'desktop';
      return {
        page,
        shot: (label: string) => reviewScreenshot(page, path.join(SCREENSHOT_DIR, `hosted-checkout-${name}-${label}-${size}-${dialect}.png`)),
        /** Nothing from a third party, nothing refused by the CSP, no script error. */
        assertClean() {
          const foreign = requests.filter((url) => !url.startsWith(lunas!.url) && !url.startsWith(`${SHOP}/`) && !url.startsWith('data:'));
          assert.deepEqual(foreign, [], 'the page reached no third party');
          const problems = diagnostics.filter((d) => /Content Security Policy|pageerror|Refused/i.test(d));
          assert.deepEqual(problems, [], 'no CSP violation, no script error');
        },
        explain: () => diagnostics.join('\n'),
        close: () => context.close(),
      };
    }
    type Checkout = Awaited<ReturnType<typeof open>>;

    const payButton = (page: Page) => page.locator('[data-testid="checkout-pay"]');
    const actionFrame = (page: Page) => page.frameLocator('iframe[data-testid="lunas-action-iframe"]');

    async function pay(checkout: Checkout) {
      await checkout.page.locator('[data-testid="checkout-pay"]:not([disabled])').click({ timeout: 20_000 });
    }

    /** The page left for `url` (a merchant return URL, or Lunas's own result page). */
    async function landsOn(checkout: Checkout, url: string, timeout = 30_000) {
      try {
        await checkout.page.waitForURL(url, { timeout });
      } catch (error) {
        throw new Error(`did not reach ${url} (at ${checkout.page.url()}): ${(error as Error).message.split('\n')[0]}\n${checkout.explain()}`);
      }
    }

    test('PAY with a 3DS card on a phone: the page, the ACS, then success_return_url; the webhook arrives', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createLink({ description: 'Two coffees and a croissant', items: [{ reference_id: 'kopi', type: 'PHYSICAL_PRODUCT', name: 'Kopi susu', net_unit_amount: 3500, quantity: 2, category: 'drinks' }, { reference_id: 'croissant', type: 'PHYSICAL_PRODUCT', name: 'Croissant', net_unit_amount: 3000, quantity: 1, category: 'food' }] });
      const checkout = await open('3ds', session, PHONE);
      const { page } = checkout;
      try {
        assert.equal(await page.locator('[data-testid="checkout-merchant"]').innerText(), 'Online store');
        assert.equal((await page.locator('[data-testid="checkout-amount"]').innerText()).replace(/\s/g, ' '), 'Rp 10.000');
        assert.match(await page.locator('[data-testid="checkout-items"]').innerText(), /Kopi susu[\s\S]*Qty 2[\s\S]*Rp.7\.000[\s\S]*Croissant/);
        assert.ok(await payButton(page).isDisabled(), 'Pay waits for a complete form');
        await page.locator('[data-testid="lunas-channel-picker"]').waitFor({ timeout: 15_000 });
        assert.equal(await page.locator('[data-testid="checkout-form"]').getAttribute('aria-busy'), null);
        await checkout.shot('picker');
        const payBox = (await payButton(page).boundingBox())!;
        assert.ok(payBox.y + payBox.height <= PHONE.height, `Pay ends at y=${payBox.y + payBox.height}, below the ${PHONE.height} px screen`);
        await page.locator('[data-testid="lunas-group-cards"]').click();
        await typeLunasCard(page, '4000000000001091');
        await checkout.shot('card');
        await pay(checkout);
        const acs = actionFrame(page);
        await acs.locator('[data-testid="lunas-otp"]').waitFor({ timeout: 15_000 });
        assert.match(await payButton(page).innerText(), /Processing/);
        await checkout.shot('3ds');
        await acs.locator('[data-testid="lunas-approve"]').click();
        await landsOn(checkout, session.success_return_url);
        assert.equal(await page.locator('[data-testid="shop"]').innerText(), new URL(session.success_return_url).pathname, 'nothing appended to the return URL');
        const read = await status(session.payment_session_id);
        assert.equal(read.status, 'COMPLETED');
        const completed = await waitForWebhook(receiver!, (e) => e.event === 'payment_session.completed' && e.data.payment_session_id === session.payment_session_id, 'payment_session.completed');
        assert.equal(completed.data.payment_id, read.payment_id);
        checkout.assertClean();

        // The link now shows the success and takes no payment.
        await page.goto(session.payment_link_url);
        assert.equal(await page.locator('[data-testid="checkout-result-title"]').innerText(), 'Payment successful');
        assert.equal(await payButton(page).count(), 0);
        await checkout.shot('completed-link');
      } finally {
        await checkout.close();
      }
    });

    test('declines on a desktop: the reason by the Pay button, the form kept for another try; without return URLs, Lunas\'s own result', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createLink({ amount: 10054, success_return_url: undefined, cancel_return_url: undefined });
      const checkout = await open('decline', session, DESKTOP);
      const { page } = checkout;
      try {
        await page.locator('[data-testid="lunas-group-cards"]').click({ timeout: 15_000 });
        await typeLunasCard(page, '4000000000001000'); // frictionless, declined by the amount (INSUFFICIENT_BALANCE)
        await pay(checkout);
        const error = page.locator('[data-testid="checkout-error"]');
        await error.waitFor({ state: 'visible', timeout: 30_000 });
        assert.equal(await error.getAttribute('role'), 'alert');
        assert.match(await error.innerText(), /not enough balance/i, 'the decline reason, in words');
        assert.equal(await page.locator('[data-testid="lunas-submission-error"]:visible').count(), 0, 'said once, by the Pay button');
        assert.equal((await status(session.payment_session_id)).status, 'ACTIVE');
        await checkout.shot('declined');
        // Retry within the same session with a card whose amount rule does not apply: a fresh 3DS card.
        await typeLunasCard(page, '4000000000002503');
        await pay(checkout);
        assert.ok(await error.isHidden(), 'the old message goes when a new attempt starts');
        await actionFrame(page).locator('[data-testid="lunas-approve"]').click({ timeout: 15_000 });
        // 3DS passes, then the amount declines again: still the same session, still retryable.
        await error.waitFor({ state: 'visible', timeout: 30_000 });
        assert.equal((await status(session.payment_session_id)).status, 'ACTIVE');
      } finally {
        await checkout.close();
      }
      // The same merchant, an amount that pays: without return URLs Lunas shows its own result.
      const second = await createLink({ success_return_url: undefined, cancel_return_url: undefined });
      const again = await open('decline-then-success', second, DESKTOP);
      try {
        await again.page.locator('[data-testid="lunas-group-cards"]').click({ timeout: 15_000 });
        await typeLunasCard(again.page, '4000000000001000');
        await pay(again);
        await landsOn(again, second.payment_link_url);
        await again.page.locator('[data-testid="checkout-result"][data-status="COMPLETED"]').waitFor({ timeout: 15_000 });
        assert.equal(await again.page.locator('[data-testid="checkout-result-title"]').innerText(), 'Payment successful');
        assert.equal(await again.page.locator('[data-testid="checkout-return"]').count(), 0, 'no return URL, no link away');
        await again.shot('success-result');
        again.assertClean();
      } finally {
        await again.close();
      }
    });

    test('a declined attempt then success in the same session, on a phone', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createLink();
      const checkout = await open('retry', session, PHONE);
      const { page } = checkout;
      try {
        await page.locator('[data-testid="lunas-group-cards"]').click({ timeout: 15_000 });
        await typeLunasCard(page, '4000000000001091');
        await pay(checkout);
        await actionFrame(page).locator('[data-testid="lunas-decline"]').click({ timeout: 15_000 });
        const error = page.locator('[data-testid="checkout-error"]');
        await error.waitFor({ state: 'visible', timeout: 30_000 });
        await checkout.shot('declined');
        await page.locator('[data-testid="checkout-pay"]:not([disabled])').waitFor({ timeout: 20_000 });
        assert.match(await payButton(page).innerText(), /^Pay Rp/);
        await typeLunasCard(page, '4000000000001000');
        await pay(checkout);
        await landsOn(checkout, session.success_return_url);
        const read = await status(session.payment_session_id);
        assert.equal(read.status, 'COMPLETED');
        await waitForWebhook(receiver!, (e) => e.event === 'payment.failure' && e.data.payment_request_id !== read.payment_request_id, 'payment.failure of the first attempt');
        checkout.assertClean();
      } finally {
        await checkout.close();
      }
    });

    test('an e-wallet: the provider page in the action modal, approved, then success_return_url', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createLink();
      const checkout = await open('ewallet', session, DESKTOP);
      const { page } = checkout;
      try {
        // Each brand's mark once in the group's strip (GoPay and GoPay Recurring share one).
        await page.locator('[data-testid="lunas-group-ewallet"] img').first().waitFor({ timeout: 15_000 });
        // What each mark shows (its SVG's <title>): no brand twice.
        const marks = await page.locator('[data-testid="lunas-group-ewallet"] img').evaluateAll((imgs) =>
          Promise.all(imgs.map(async (img) => /<title>([^<]*)<\/title>/.exec(await (await fetch((img as HTMLImageElement).src)).text())?.[1] ?? (img as HTMLImageElement).src)),
        );
        assert.ok(marks.length >= 2, marks.join());
        assert.equal(new Set(marks).size, marks.length, marks.join());
        await page.locator('[data-testid="lunas-group-ewallet"]').click({ timeout: 15_000 });
        await page.locator('[data-testid="lunas-channel-DANA"]').click();
        await checkout.shot('ewallet');
        await pay(checkout);
        const provider = actionFrame(page);
        await provider.locator('[data-testid="lunas-approve"]').waitFor({ timeout: 15_000 });
        await checkout.shot('ewallet-action');
        await provider.locator('[data-testid="lunas-approve"]').click();
        await landsOn(checkout, session.success_return_url);
        assert.equal((await status(session.payment_session_id)).status, 'COMPLETED');
        checkout.assertClean();
      } finally {
        await checkout.close();
      }
    });

    test('a virtual account: the number is shown, "Simulate payment" pays it, then success_return_url', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createLink();
      const checkout = await open('va', session, PHONE);
      const { page } = checkout;
      try {
        await page.locator('[data-testid="lunas-group-virtual_account"]').click({ timeout: 15_000 });
        await page.locator('[data-testid="lunas-channel-BCA_VIRTUAL_ACCOUNT"]').click();
        await pay(checkout);
        const number = page.locator('[data-testid="lunas-va-number"]');
        await number.waitFor({ timeout: 15_000 });
        assert.match(await number.innerText(), /^8860\d+/);
        await checkout.shot('va');
        await page.locator('[data-testid="lunas-simulate"]').click();
        await landsOn(checkout, session.success_return_url);
        const read = await status(session.payment_session_id);
        assert.equal(read.status, 'COMPLETED');
        await waitForWebhook(receiver!, (e) => e.event === 'payment_session.completed' && e.data.payment_session_id === session.payment_session_id, 'payment_session.completed');
        checkout.assertClean();
      } finally {
        await checkout.close();
      }
    });

    test('a SAVE session saves a card and shows Lunas\'s result; OPTIONAL saving offers the checkbox', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createLink({ session_type: 'SAVE', amount: 0, allowed_payment_channels: ['CARDS'], success_return_url: undefined });
      const checkout = await open('save', session, DESKTOP);
      const { page } = checkout;
      try {
        assert.match(await page.locator('h1').innerText(), /Save a payment method for Online store/);
        assert.equal(await payButton(page).innerText(), 'Save payment method');
        await page.locator('[data-testid="lunas-save-session"]').waitFor({ timeout: 15_000 });
        await checkout.shot('save');
        await typeLunasCard(page, '4000000000001000');
        await pay(checkout);
        await landsOn(checkout, session.payment_link_url);
        await page.locator('[data-testid="checkout-result"][data-status="COMPLETED"]').waitFor({ timeout: 15_000 });
        assert.equal(await page.locator('[data-testid="checkout-result-title"]').innerText(), 'Payment method saved');
        assert.match((await status(session.payment_session_id)).payment_token_id ?? '', /^pt-/);
        await checkout.shot('saved');
        checkout.assertClean();
      } finally {
        await checkout.close();
      }
      const optional = await createLink({ allow_save_payment_method: 'OPTIONAL' });
      const second = await open('save-optional', optional, PHONE);
      try {
        await second.page.locator('[data-testid="lunas-group-cards"]').click({ timeout: 15_000 });
        await second.page.locator('[data-testid="lunas-save-checkbox"]').check();
        await typeLunasCard(second.page, '4000000000001000');
        await second.shot('optional');
        await pay(second);
        await landsOn(second, optional.success_return_url);
        assert.match((await status(optional.payment_session_id)).payment_token_id ?? '', /^pt-/, 'the customer chose to save');
      } finally {
        await second.close();
      }
    });

    test('a SUBSCRIPTION link: the card is linked for the plan, then success_return_url; the plan is ACTIVE', { timeout: FLOW_TIMEOUT }, async () => {
      const anchor = new Date(Date.now() + 3_600_000).toISOString();
      const session = await createLink({ session_type: 'SUBSCRIPTION', subscription: { schedule: { anchor_date: anchor, interval: 'MONTH', interval_count: 1 } }, allowed_payment_channels: ['CARDS'] });
      const checkout = await open('subscription', session, DESKTOP);
      const { page } = checkout;
      try {
        assert.match(await page.locator('h1').innerText(), /Subscribe to Online store/);
        assert.equal(await payButton(page).innerText(), 'Subscribe');
        await page.locator('[data-testid="lunas-save-forced"]').waitFor({ timeout: 15_000 });
        await typeLunasCard(page, '4000000000001000');
        await checkout.shot('subscription');
        await pay(checkout);
        await landsOn(checkout, session.success_return_url);
        const read = await status(session.payment_session_id);
        assert.equal(read.status, 'COMPLETED');
        assert.match(read.payment_token_id ?? '', /^pt-/);
        const plan = (await api('GET', `/recurring/plans/${session.recurring_plan_id}`)).body;
        assert.deepEqual([plan.status, plan.payment_methods[0].payment_method_id], ['ACTIVE', read.payment_token_id]);
        checkout.assertClean();
      } finally {
        await checkout.close();
      }
    });

    test('Cancel on the page cancels the session and reaches cancel_return_url', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createLink();
      const checkout = await open('cancel', session, PHONE);
      try {
        await checkout.page.locator('[data-testid="lunas-channel-picker"]').waitFor({ timeout: 15_000 });
        // Cancel asks first: one click only opens the question, nothing is canceled yet.
        await checkout.page.locator('[data-testid="checkout-cancel-open"]').click();
        assert.equal((await status(session.payment_session_id)).status, 'ACTIVE');
        await checkout.page.locator('[data-testid="checkout-cancel"]').click();
        await landsOn(checkout, session.cancel_return_url);
        assert.equal((await status(session.payment_session_id)).status, 'CANCELED');
        checkout.assertClean();
      } finally {
        await checkout.close();
      }
    });

    test("a canceled session's link shows it, takes no payment, and leads to cancel_return_url", { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createLink({ locale: 'id' });
      assert.equal((await api('POST', `/sessions/${session.payment_session_id}/cancel`)).status, 200);
      for (const viewport of [PHONE, DESKTOP]) {
        const checkout = await open('canceled-link', session, viewport);
        try {
          assert.equal(await checkout.page.locator('[data-testid="checkout-result-title"]').innerText(), 'Pembayaran dibatalkan');
          assert.equal(await checkout.page.locator('[data-testid="lunas-channel-picker"], [data-testid="checkout-pay"], iframe').count(), 0, 'no form at all');
          await checkout.shot('result');
          await checkout.page.locator('[data-testid="checkout-return"]').click();
          await landsOn(checkout, session.cancel_return_url);
          checkout.assertClean();
        } finally {
          await checkout.close();
        }
      }
    });

    test("an expired session's link shows it; a page open at expiry goes to cancel_return_url", { timeout: FLOW_TIMEOUT }, async () => {
      const expired = await createLink({ locale: 'th', country: 'TH', currency: 'THB', amount: 350.5 });
      await setSessionExpiry(target!, expired.payment_session_id, new Date(Date.now() - 1000));
      const shown = await open('expired-link', expired, DESKTOP);
      try {
        assert.equal(await shown.page.locator('[data-testid="checkout-result-title"]').innerText(), 'ลิงก์ชำระเงินนี้หมดอายุแล้ว');
        assert.equal(await shown.page.locator('[data-testid="checkout-pay"]').count(), 0);
        assert.equal(await shown.page.locator('html').getAttribute('lang'), 'th-TH');
        await shown.shot('result');
        assert.equal((await status(expired.payment_session_id)).status, 'EXPIRED');
      } finally {
        await shown.close();
      }

      const expiring = await createLink();
      const checkout = await open('expiring', expiring, PHONE);
      try {
        await checkout.page.locator('[data-testid="lunas-channel-picker"]').waitFor({ timeout: 15_000 });
        await setSessionExpiry(target!, expiring.payment_session_id, new Date(Date.now() + 3000));
        // The SDK read expires_at when it loaded, so reload to let it see the new end.
        await checkout.page.reload();
        await landsOn(checkout, expiring.cancel_return_url, 30_000);
        assert.equal((await status(expiring.payment_session_id)).status, 'EXPIRED');
        await waitForWebhook(receiver!, (e) => e.event === 'payment_session.expired' && e.data.payment_session_id === expiring.payment_session_id, 'payment_session.expired');
        checkout.assertClean();
      } finally {
        await checkout.close();
      }
    });

    test('the bug report: after opening Cards, filling every visible input in order and pressing Enter in each leaves Cards selected, and Pay pays by card', { timeout: FLOW_TIMEOUT }, async () => {
      const session = await createLink();
      const checkout = await open('fill-in-order', session, PHONE);
      const { page } = checkout;
      const submitted: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().includes('/payment_requests')) submitted.push(new URLSearchParams(request.postData() ?? '').get('payload') ?? '');
      });
      const expanded = () => page.evaluate(() => [...document.querySelectorAll('[data-testid^="lunas-group-"][aria-expanded="true"]')].map((b) => (b as HTMLElement).dataset.testid));
      try {
        await page.locator('[data-testid="lunas-group-cards"]').waitFor({ timeout: 15_000 });
        assert.ok((await page.locator('[data-testid^="lunas-group-"]').count()) > 2, 'a session with several channel groups');
        await page.locator('[data-testid="lunas-group-cards"]').tap({ timeout: 15_000 });
        for (const [field, value] of [['lunas-card-number', '4000000000001000'], ['lunas-card-expiry', '1230'], ['lunas-card-cvn', '123']] as const) {
          const input = page.frameLocator(`iframe[data-testid="${field}"]`).locator('input');
          await input.click({ timeout: 15_000 });
          await input.pressSequentially(value, { delay: 10 });
          await input.press('Enter');
          assert.deepEqual(await expanded(), ['lunas-group-cards'], `Enter in ${field} keeps Cards open`);
        }
        // Every other visible input of the page, in DOM order, as a customer (or an autofill) fills them.
        for (const input of await page.locator('[data-testid="checkout-form"] :is(input, select):visible').all()) {
          await input.focus();
          if (await input.evaluate((e) => e instanceof HTMLInputElement && e.type === 'text')) await input.fill('Budi');
          await input.press('Enter');
          await page.keyboard.press('Tab');
          assert.deepEqual(await expanded(), ['lunas-group-cards'], 'focus, Enter and Tab in a field keep Cards open');
        }
        await pay(checkout);
        await landsOn(checkout, session.success_return_url);
        assert.equal(submitted.length, 1, 'one attempt');
        assert.equal(JSON.parse(submitted[0]!).channel_code, 'CARDS', 'the attempt is by card, not another group');
        checkout.assertClean();
      } finally {
        await checkout.close();
      }
    });

    test('branded and keyboard-only: the merchant look, then Tab and Enter through a card payment', { timeout: FLOW_TIMEOUT }, async () => {
      const logo = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" rx="8" fill="#0f766e"/><text x="60" y="26" font-family="sans-serif" font-size="16" fill="#fff" text-anchor="middle">KOPI</text></svg>').toString('base64')}`;
      const branding = await api('PATCH', '/checkout/branding', { display_name: 'Toko Kopi Nusantara', brand_color: '#0f766e', logo });
      assert.equal(branding.status, 200, JSON.stringify(branding.body));
      try {
        const session = await createLink();
        for (const viewport of [DESKTOP, PHONE]) {
          const look = await open('branded', session, viewport);
          try {
            assert.equal(await look.page.locator('[data-testid="checkout-merchant"]').innerText(), 'Toko Kopi Nusantara');
            assert.ok(await look.page.locator('[data-testid="checkout-logo"]').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the logo is drawn');
            await look.page.locator('[data-testid="lunas-channel-picker"]').waitFor({ timeout: 15_000 });
            await look.shot('page');
          } finally {
            await look.close();
          }
        }

        const checkout = await open('keyboard', session, DESKTOP);
        const { page } = checkout;
        try {
          await page.locator('[data-testid="lunas-channel-picker"]').waitFor({ timeout: 15_000 });
          // The skip link leads straight to the payment section; the first stop there is a channel group.
          await page.keyboard.press('Tab');
          assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Choose how to pay');
          await page.keyboard.press('Enter');
          assert.ok(await tabTo(page, 'lunas-group-cards', 5), `Tab reaches the cards group, not ${await focusedTestId(page)}`);
          await page.keyboard.press('Enter');
          for (const [field, value] of [['lunas-card-number', '4000000000001000'], ['lunas-card-expiry', '1230'], ['lunas-card-cvn', '123']] as const) {
            // Like a customer, wait until the secure field has loaded before tabbing into it.
            const input = page.frameLocator(`iframe[data-testid="${field}"]`).locator('input');
            await input.waitFor({ timeout: 15_000 });
            assert.ok(await tabTo(page, field, 6), `Tab reaches ${field}, not ${await focusedTestId(page)}`);
            await page.frameLocator(`iframe[data-testid="${field}"]`).locator('input:focus').waitFor({ timeout: 5_000 });
            await page.keyboard.type(value, { delay: 10 });
          }
          // A disabled button is not a Tab stop: the Pay button joins the order once the form is complete.
          await page.locator('[data-testid="checkout-pay"]:not([disabled])').waitFor({ timeout: 20_000 });
          assert.ok(await tabTo(page, 'checkout-pay', 20), `Tab reaches the Pay button, not ${await focusedTestId(page)}`);
          assert.equal(await payButton(page).isDisabled(), false);
          await page.keyboard.press('Enter');
          await landsOn(checkout, session.success_return_url);
          checkout.assertClean();
        } finally {
          await checkout.close();
        }
      } finally {
        await api('PATCH', '/checkout/branding', { display_name: null, brand_color: null, logo: null });
      }
    });
  });
}
