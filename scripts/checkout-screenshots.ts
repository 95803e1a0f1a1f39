/**
 * `npm run screenshots [-- <folder>]`: what a customer sees, page by page, at 375×667 and at
 * 1280×800, in each locale (en, id, th, vi): the hosted checkout's channel picker, its VA
 * instructions, the 3-D Secure and e-wallet simulator pages, and a paid and an expired link.
 * Starts its own Lunas (SQLite, from dist/: run `npm run build` first) and Chromium; writes PNGs
 * to test-results/checkout-screenshots/ (git-ignored) unless told another folder. Thai needs a
 * Thai font (Debian: fonts-thai-tlwg). A few representative shots live in docs/checkout/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { FOUNDING_PAYLOAD } from '../apps/server/test/helpers/app.ts';
import { launchBrowser } from '../apps/server/test/helpers/browser.ts';
import { freePort } from '../apps/server/test/helpers/ports.ts';
import { call, startLunas } from '../apps/server/test/helpers/process.ts';
import { freshStoreTarget } from '../apps/server/test/helpers/stores.ts';

const KEY = 'xnd_development_checkout_screenshots_01';
const LOCALES = ['en', 'id', 'th', 'vi'] as const;
const SIZES = { phone: { width: 375, height: 667 }, desktop: { width: 1280, height: 800 } } as const;
const SHOP = 'https://shop.example.test';

const out = path.resolve(process.argv[2] ?? fileURLToPath(new URL('../test-results/checkout-screenshots/', import.meta.url)));
mkdirSync(out, { recursive: true });

const target = await freshStoreTarget('sqlite');
const port = await freePort();
const lunas = await startLunas({ LUNAS_PORT: String(port), LUNAS_PUBLIC_URL: `http://127.0.0.1:${port}`, LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, LUNAS_SECRET_KEY: KEY });
const browser: Browser = await launchBrowser();
const api = async (method: string, url: string, body?: unknown) => (await call(lunas.url, KEY, method, url, body)).body;
const webUrl = (pr: { actions: { descriptor: string; value: string }[] }) => pr.actions.find((a) => a.descriptor === 'WEB_URL')!.value;
const link = (locale: string) => api('POST', '/sessions', { ...structuredClone(FOUNDING_PAYLOAD), components_configuration: undefined, mode: 'PAYMENT_LINK', locale, success_return_url: `${SHOP}/thanks`, cancel_return_url: `${SHOP}/cart` });

let count = 0;
try {
  for (const locale of LOCALES) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      const context = await browser.newContext({ viewport, locale });
      const page = await context.newPage();
      const shot = async (name: string) => {
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: path.join(out, `${name}-${locale}-${size}.png`) });
        count++;
      };
      const picker = await link(locale);
      await page.goto(picker.payment_link_url);
      await page.locator('[data-testid="lunas-channel-picker"]').waitFor({ timeout: 15_000 });
      await shot('checkout-picker');
      await openVa(page);
      await shot('checkout-va');

      const card = await link(locale);
      const acs = await api('POST', `/sessions/${card.payment_session_id}/payment_requests`, {
        channel_code: 'CARDS',
        channel_properties: { card_details: { card_number: '4000000000001091', expiry_month: '12', expiry_year: '2030', cvn: '123' } },
      });
      await page.goto(webUrl(acs));
      await shot('simulator-3ds');
      const wallet = await link(locale);
      await page.goto(webUrl(await api('POST', `/sessions/${wallet.payment_session_id}/payment_requests`, { channel_code: 'SHOPEEPAY' })));
      await shot('simulator-ewallet');
      await Promise.all([page.waitForLoadState(), page.click('[data-testid="lunas-approve"]')]);
      await page.goto(wallet.payment_link_url);
      await page.locator('[data-testid="checkout-result"]').waitFor();
      await shot('checkout-success');
      const ended = await link(locale);
      await api('POST', `/sessions/${ended.payment_session_id}/expire`);
      await page.goto(ended.payment_link_url);
      await shot('checkout-expired');
      await context.close();
    }
  }
  console.log(`${count} screenshots in ${out}`);
} finally {
  await browser.close();
  await lunas.stop();
  await target.dispose();
}

/** Bank transfer → BNI → Pay: the VA number and instructions in the action dialog. */
async function openVa(page: Page): Promise<void> {
  await page.locator('[data-testid="lunas-group-virtual_account"]').click();
  await page.locator('[data-testid="lunas-channel-BNI_VIRTUAL_ACCOUNT"]').click();
  await page.locator('[data-testid="checkout-pay"]:not([disabled])').click({ timeout: 20_000 });
  await page.locator('[data-testid="lunas-action"]').waitFor({ timeout: 15_000 });
}
