import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium by default: playwright-core ships no browser and we download none. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots for humans to look at; test-results/ is git-ignored. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
mkdirSync(SCREENSHOT_DIR, { recursive: true });

/**
 * Lets browser suites skip with a clear reason on a developer machine without Chromium. In CI
 * (CI=true) they never skip: a missing browser must fail the run, not hide the tests.
 */
export const hasChromium = (): boolean => existsSync(CHROMIUM_PATH) || process.env.CI === 'true';

export async function launchBrowser(): Promise<Browser> {
  if (!hasChromium()) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // No sandbox because tests run as root in containers; the rest keeps Chromium from
    // phoning home (updates, sync, QUIC probes), which would slow or flake offline runs.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A review screenshot. Chromium occasionally answers "Unable to capture screenshot" when the
 * machine is busy; that is not what the test checks, so it tries again before giving up.
 * A full-page screenshot resizes the viewport for a moment and the page lays out again after
 * it; waiting two frames keeps the test's next click from being aimed at the old layout.
 */
export async function reviewScreenshot(page: Page, file: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path: file, fullPage: true });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      return;
    } catch (error) {
      if (attempt >= 3 || !/Unable to capture screenshot/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** The `data-testid` of the element that holds focus in `page`'s top document (an iframe when focus is inside one). */
export function focusedTestId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid);
}

/**
 * Presses Tab until `testId` holds focus, at most `maxPresses` times, and says whether it got there.
 * Tabbing into a cross-site iframe (the secure card fields, on Lunas's origin, inside a merchant
 * page on another site) hands focus to another renderer process: for a moment the top document's
 * activeElement is <body>. Each press therefore waits for focus to land before it is read.
 */
export async function tabTo(page: Page, testId: string, maxPresses: number): Promise<boolean> {
  for (let press = 0; press < maxPresses; press++) {
    if ((await focusedTestId(page)) === testId) return true;
    await page.keyboard.press('Tab');
    await page
      .waitForFunction(() => document.activeElement !== null && document.activeElement !== document.body, undefined, { timeout: 2_000 })
      .catch(() => undefined); // focus may really be on <body>: the caller's assertion says so
  }
  return (await focusedTestId(page)) === testId;
}
