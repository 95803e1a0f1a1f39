import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, SCREENSHOT_DIR } from './browser.ts';
import { freePort } from './ports.ts';
import { startLunas, type LunasProcess } from './process.ts';
import { startReceiver, type Receiver } from './receiver.ts';
import { freshStoreTarget, type StoreTarget } from './stores.ts';

/** The dashboard's page checks in Chromium (test/e2e/dashboard*.test.ts): axe-core, 375 px, screenshots. */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const DOCS_SHOTS = fileURLToPath(new URL('../../../../docs/dashboard/', import.meta.url));
export const WIDTH = 375;

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await (window as any).axe.run(document, { resultTypes: ['violations'] })).violations);
  return violations
    .filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: { id: string; impact: string; nodes: { target: string[] }[] }) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Readable at 375 px: nothing wider than the screen, no axe violation of note. */
export async function checkPage(page: Page, name: string, shots: boolean): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `axe on ${name}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= WIDTH, `${name} is ${overflow} px wide at ${WIDTH} px`);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `dashboard-${name}.png`), fullPage: true });
  if (shots && name !== 'sign-in') {
    // The docs show the desktop layout; the checks above ran at 375 px.
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: path.join(DOCS_SHOTS, `${name}.png`) });
    await page.setViewportSize({ width: WIDTH, height: 800 });
  }
}

export interface DashboardStack {
  lunas: LunasProcess;
  receiver: Receiver;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A started Lunas (the package build) on a fresh store with `key` as its business's key, its
 * webhooks going to a local receiver on `retrySchedule`, and Chromium at 375 px. bypassCSP only
 * lets the tests inject axe-core; the pages' own CSP is checked in test/dashboard.test.ts.
 */
export async function startDashboardStack(dialect: 'sqlite' | 'postgres', key: string, retrySchedule: string, shots: boolean): Promise<DashboardStack> {
  if (shots) mkdirSync(DOCS_SHOTS, { recursive: true });
  const target: StoreTarget = await freshStoreTarget(dialect);
  const receiver = await startReceiver();
  const port = await freePort();
  const lunas = await startLunas({
    LUNAS_PORT: String(port),
    LUNAS_PUBLIC_URL: `http://127.0.0.1:${port}`,
    LUNAS_DATA_DIR: target.dataDir,
    DATABASE_URL: target.databaseUrl,
    LUNAS_SECRET_KEY: key,
    LUNAS_WEBHOOK_URL: receiver.url,
    LUNAS_WEBHOOK_RETRY_SCHEDULE: retrySchedule,
  });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  return {
    lunas,
    receiver,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await lunas.stop();
      await receiver.close();
      await target.dispose();
    },
  };
}
