/**
 * axe-core in Chromium over every page and state a customer meets: the hosted checkout (choose
 * a channel, the card form with errors, VA instructions, success, expired) and the simulator
 * pages it opens (3-D Secure, failure). No serious or critical violation may remain. The
 * framed pages (secure fields, the action iframe) are checked where they are served, on their own.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { hasChromium } from '../helpers/browser.ts';
import { typeLunasCard } from '../helpers/lunas-sdk.ts';
import { card } from '../helpers/payments.ts';
import { call, type LunasProcess } from '../helpers/process.ts';
import { startBrowserStack, type BrowserStack } from '../helpers/stack.ts';

const KEY = 'xnd_development_accessibility_key_0001';
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOP = 'https://shop.example.test';

type Violation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] };

/** Runs axe in the page's top document and answers its serious and critical violations, described. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE_SOURCE });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { iframes: false, resultTypes: ['violations'] })).violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}

describe('accessibility (axe-core in Chromium)', { skip: hasChromium() ? false : 'Chromium not installed', timeout: 300_000 }, () => {
  let stack: BrowserStack | undefined;
  let lunas: LunasProcess;
  let browser: Browser;
  before(async () => {
    stack = await startBrowserStack('sqlite', KEY);
    ({ lunas, browser } = stack as BrowserStack & { lunas: LunasProcess; browser: Browser });
  });
  after(async () => stack?.close());

  const api = (method: string, url: string, body?: unknown) => call(lunas.url, KEY, method, url, body);
  const link = async () =>
    (await api('POST', '/sessions', { ...structuredClone(FOUNDING_PAYLOAD), components_configuration: undefined, mode: 'PAYMENT_LINK', success_return_url: `${SHOP}/thanks`, cancel_return_url: `${SHOP}/cart` })).body;
  const webUrl = (pr: { actions: { descriptor: string; value: string }[] }) => pr.actions.find((a) => a.descriptor === 'WEB_URL')!.value;

  /** A page with axe allowed in: the pages' CSP admits no injected script, so the test context bypasses it. */
  async function open(url: string) {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 667 } });
    const page = await context.newPage();
    await page.goto(url);
    return { page, close: () => context.close() };
  }

  async function expectNone(page: Page, state: string) {
    const found = await seriousViolations(page);
    assert.deepEqual(found, [], `${state}: ${found.join('\n')}`);
  }

  test('the check itself sees a violation when there is one', async () => {
    const { page, close } = await open('about:blank');
    try {
      await page.setContent('<!doctype html><html lang="en"><title>t</title><main><img src="data:,"><button></button></main></html>');
      const found = await seriousViolations(page);
      assert.ok(found.some((line) => line.includes('image-alt')) && found.some((line) => line.includes('button-name')), found.join('\n'));
    } finally {
      await close();
    }
  });

  test('hosted checkout: choose a channel, the card form with errors, VA instructions', async () => {
    const session = await link();
    const { page, close } = await open(session.payment_link_url);
    try {
      await page.locator('[data-testid="lunas-channel-picker"]').waitFor({ timeout: 15_000 });
      await expectNone(page, 'choose a channel');
      await page.locator('[data-testid="lunas-group-cards"]').click();
      await typeLunasCard(page, '4000 0000 0000 0001'); // fails the Luhn check
      await page.locator('[data-testid="checkout-pay"]').focus();
      await page.locator('[data-invalid="true"]').first().waitFor({ timeout: 10_000 });
      await expectNone(page, 'card form with errors');
      await page.locator('[data-testid="lunas-group-virtual_account"]').click();
      await page.locator('[data-testid="lunas-channel-BNI_VIRTUAL_ACCOUNT"]').click();
      await page.locator('[data-testid="checkout-pay"]:not([disabled])').click({ timeout: 20_000 });
      await page.locator('[data-testid="lunas-action"]').waitFor({ timeout: 15_000 });
      await expectNone(page, 'VA instructions');
      // Focus moves into the dialog, stays in it on Tab, and Escape returns it to the page.
      const inDialog = () => page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));
      assert.ok(await inDialog(), 'focus moved into the dialog');
      await page.keyboard.press('Escape');
      await page.locator('[role="dialog"]').waitFor({ state: 'detached', timeout: 5_000 });
      assert.ok(!(await inDialog()) && (await page.evaluate(() => document.activeElement !== document.body)), 'focus came back to the page');
    } finally {
      await close();
    }
  });

  test('simulator: the 3-D Secure page, and the failure it ends on', async () => {
    const session = await link();
    const pr = (await api('POST', `/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('5200000000002151') })).body;
    const { page, close } = await open(webUrl(pr));
    try {
      await expectNone(page, '3DS');
      await page.fill('[data-testid="lunas-otp"]', '000000');
      await Promise.all([page.waitForLoadState(), page.click('[data-testid="lunas-approve"]')]);
      await page.locator('[data-testid="lunas-result"]').waitFor();
      await expectNone(page, 'failure');
    } finally {
      await close();
    }
  });

  test('hosted checkout: success and expired links', async () => {
    const paid = await link();
    const pr = (await api('POST', `/sessions/${paid.payment_session_id}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') })).body;
    assert.equal(pr.status, 'SUCCEEDED', JSON.stringify(pr));
    const success = await open(paid.payment_link_url);
    try {
      await success.page.locator('[data-testid="checkout-result"]').waitFor();
      await expectNone(success.page, 'success');
    } finally {
      await success.close();
    }
    const ended = await link();
    assert.equal((await api('POST', `/sessions/${ended.payment_session_id}/expire`)).status, 200);
    const expired = await open(ended.payment_link_url);
    try {
      await expired.page.locator('[data-testid="checkout-result"]').waitFor();
      await expectNone(expired.page, 'expired');
    } finally {
      await expired.close();
    }
  });
});
