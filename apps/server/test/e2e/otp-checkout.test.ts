/**
 * OTP flows in Chromium (docs/components.md): a customer pays a hosted-checkout link with
 * BPI Direct Debit. The page is Lunas's own SDK, @lunas/components, which shows the bank's OTP
 * form for the VALIDATE_OTP action and posts the code through the gateway: a wrong code shows
 * the gateway's message and keeps the form, a new code can be asked for, Xendit's test OTP
 * pays, the session completes and the customer lands on the merchant's return URL. The same
 * SDK on a merchant's own page: an attempt that runs out of OTP attempts fails with its code,
 * the form comes back, and the next attempt pays.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { hasChromium, reviewScreenshot, SCREENSHOT_DIR } from '../helpers/browser.ts';
import { waitForWebhook } from '../helpers/lunas-sdk.ts';
import { startMerchantServer, type MerchantServer } from '../helpers/merchant-page.ts';
import { waitForSdkEvent } from '../helpers/official-sdk.ts';
import { call } from '../helpers/process.ts';
import { startBrowserStack, type BrowserStack } from '../helpers/stack.ts';
import { DIALECTS } from '../helpers/stores.ts';

const KEY = 'xnd_development_otp_checkout_key_01';
const SHOP = 'https://shop.example';

for (const dialect of DIALECTS) {
  describe(`OTP in the hosted checkout [${dialect}]`, { skip: hasChromium() ? false : 'Chromium not installed', timeout: 300_000 }, () => {
    let stack: BrowserStack | undefined;
    let merchant: MerchantServer | undefined;
    before(async () => {
      stack = await startBrowserStack(dialect, KEY);
      merchant = await startMerchantServer({ lunasUrl: stack.lunas.url });
    });
    after(async () => {
      await merchant?.close();
      await stack?.close();
    });

    test('BPI Direct Debit: wrong OTP, a new code, the right OTP; the session completes', { timeout: 120_000 }, async () => {
      const { lunas, browser, receiver } = stack!;
      const reference = `otp-${dialect}`;
      const created = await call(lunas.url, KEY, 'POST', '/sessions', {
        ...structuredClone(FOUNDING_PAYLOAD),
        components_configuration: undefined,
        mode: 'PAYMENT_LINK',
        reference_id: reference,
        country: 'PH',
        currency: 'PHP',
        amount: 2500,
        allowed_payment_channels: ['BPI_DIRECT_DEBIT'],
        success_return_url: `${SHOP}/orders/${reference}/thanks`,
        cancel_return_url: `${SHOP}/orders/${reference}/cart`,
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const session = created.body as Record<string, any>;

      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      await context.route(`${SHOP}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Shop</title><h1 data-testid="shop">thanks</h1>' }));
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => /Content Security Policy|Refused/i.test(m.text()) && problems.push(m.text()));
      const shot = (label: string) => reviewScreenshot(page, path.join(SCREENSHOT_DIR, `otp-checkout-${label}-${dialect}.png`));
      try {
        await page.goto(session.payment_link_url, { timeout: 15_000 });
        await page.locator('[data-testid="checkout-pay"]:not([disabled])').click({ timeout: 20_000 });

        const otp = page.locator('[data-testid="lunas-otp"]');
        await otp.waitFor({ timeout: 15_000 });
        assert.match(await otp.innerText(), /BPI Direct Debit sent a one-time password/);
        assert.match(await otp.innerText(), /222000/, 'test mode names the test OTP');
        await shot('form');

        const input = page.locator('[data-testid="lunas-otp-input"]');
        await input.fill('123123');
        await page.locator('[data-testid="lunas-otp-submit"]').click();
        const error = page.locator('[data-testid="lunas-otp-error"]');
        await error.waitFor({ timeout: 15_000 });
        assert.match(await error.innerText(), /wrong; 2 attempts left/);
        assert.equal(await input.getAttribute('aria-invalid'), 'true');
        assert.equal((await call(lunas.url, KEY, 'GET', `/sessions/${session.payment_session_id}`)).body.status, 'ACTIVE');
        await shot('wrong');

        await page.locator('[data-testid="lunas-otp-resend"]').click();
        await page.getByText('A new code was sent.').waitFor({ timeout: 15_000 });
        assert.equal(await error.count(), 0, 'the old message goes');

        await input.fill('222000');
        await input.press('Enter');
        await page.waitForURL(session.success_return_url, { timeout: 30_000 });
        const read = (await call(lunas.url, KEY, 'GET', `/sessions/${session.payment_session_id}`)).body as Record<string, any>;
        assert.equal(read.status, 'COMPLETED');
        const request = (await call(lunas.url, KEY, 'GET', `/v3/payment_requests/${read.payment_request_id}`)).body as Record<string, any>;
        assert.equal(request.channel_code, 'BPI_DIRECT_DEBIT');
        assert.equal(request.status, 'SUCCEEDED');
        const completed = await waitForWebhook(receiver, (e) => e.event === 'payment_session.completed' && e.data.payment_session_id === session.payment_session_id, 'payment_session.completed');
        assert.equal(completed.data.payment_id, read.payment_id);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });

    test('@lunas/components on a merchant page: 222002 fails the attempt (OTP_ATTEMPT_COUNTS_EXCEEDED), the form comes back, a second attempt pays', { timeout: 120_000 }, async () => {
      const { lunas, browser } = stack!;
      const created = await call(lunas.url, KEY, 'POST', '/sessions', {
        ...structuredClone(FOUNDING_PAYLOAD),
        reference_id: `otp-components-${dialect}`,
        country: 'PH',
        currency: 'PHP',
        amount: 2500,
        components_configuration: { origins: [merchant!.origin] },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const session = created.body as Record<string, any>;
      const context = await browser.newContext({ viewport: { width: 480, height: 900 } });
      const page = await context.newPage();
      const waitFor = (type: Parameters<typeof waitForSdkEvent>[1]) => waitForSdkEvent(page, type, { timeoutMs: 30_000 });
      try {
        await page.goto(merchant!.checkoutUrl(session.components_sdk_key, { channel: 'BPI_DIRECT_DEBIT' }), { timeout: 15_000 });
        await waitFor('init');
        await page.locator('#pay:not([disabled])').click({ timeout: 20_000 });
        await waitFor('action-begin');
        await page.locator('[data-testid="lunas-otp-input"]').fill('222002');
        await page.locator('[data-testid="lunas-otp-submit"]').click();
        const ended = await waitFor('submission-end');
        assert.deepEqual(ended.developerErrorMessage, { type: 'FAILURE', code: 'OTP_ATTEMPT_COUNTS_EXCEEDED' });
        assert.match(String(ended.userErrorMessage), /Too many wrong one-time passwords/);
        await waitFor('payment-request-discarded');
        assert.equal((await call(lunas.url, KEY, 'GET', `/sessions/${session.payment_session_id}`)).body.status, 'ACTIVE');

        await page.locator('#pay:not([disabled])').click({ timeout: 20_000 });
        await page.locator('[data-testid="lunas-otp-input"]').fill('222000');
        await page.locator('[data-testid="lunas-otp-submit"]').click();
        const complete = await waitFor('session-complete');
        assert.equal(complete.succeededChannel, 'BPI_DIRECT_DEBIT');
        assert.equal((await call(lunas.url, KEY, 'GET', `/sessions/${session.payment_session_id}`)).body.status, 'COMPLETED');
      } finally {
        await context.close();
      }
    });
  });
}
