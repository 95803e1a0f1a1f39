import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

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
 */
export async function reviewScreenshot(page: import('playwright-core').Page, file: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.screenshot({ path: file, fullPage: true });
      return;
    } catch (error) {
      if (attempt >= 3 || !/Unable to capture screenshot/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
