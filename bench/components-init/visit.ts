/**
 * One measured visit pair: a fresh browser context (empty HTTP cache, no open connections, as a
 * first visit) loads a page with one session's key (the cold figure), then the same tab loads it
 * again, via about:blank, with a second session's key (the warm figure: the SDK comes from the
 * HTTP cache, which Lunas allows for 5 minutes, and the connections are still open).
 * The sessions are created before the first navigation, so nothing else runs between the visits.
 *
 * The figures are read inside the page (`performance.now()` at the moment the page says it is
 * ready); the harness only waits for them, so its own round trips to Chromium are not counted.
 */
import type { Browser, Page } from 'playwright-core';
import { FOUNDING_PAYLOAD } from '../../apps/server/test/helpers/app.ts';
import { call } from '../../apps/server/test/helpers/process.ts';
import { SECRET_KEY } from '../lib/stores.ts';
import type { MerchantSite } from './pages.ts';
import { VISIT_TIMEOUT_MS, type PageKind } from './settings.ts';

/** ms since navigation start: ready (`at`) and, for the breakdown, when each response had arrived. */
export interface Visit {
  at: number;
  html?: number;
  script?: number;
  sessionSent?: number;
  session?: number;
}

/** The founding payload, with this run's merchant origin and a reference per session. */
let created = 0;
export async function createSession(lunasUrl: string, origin: string): Promise<string> {
  const res = await call(lunasUrl, SECRET_KEY, 'POST', '/sessions', {
    ...structuredClone(FOUNDING_PAYLOAD),
    reference_id: `components-init-${++created}`,
    components_configuration: { origins: [origin] },
  });
  if (res.status !== 201 || typeof res.body?.components_sdk_key !== 'string') throw new Error(`POST /sessions answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.components_sdk_key as string;
}

async function visit(page: Page, url: string, diagnostics: string[]): Promise<Visit> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: VISIT_TIMEOUT_MS });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${VISIT_TIMEOUT_MS} ms`)), VISIT_TIMEOUT_MS);
  });
  try {
    const result = (await Promise.race([page.evaluate(() => (window as unknown as { __result: Promise<unknown> }).__result), timeout])) as Visit & { error?: string };
    if (result.error !== undefined || typeof result.at !== 'number') throw new Error(result.error ?? 'the page gave no time');
    return { at: result.at, html: result.html, script: result.script, sessionSent: result.sessionSent, session: result.session };
  } catch (error) {
    throw new Error(`${url}: ${(error as Error).message}${diagnostics.length ? `\nbrowser:\n${diagnostics.join('\n')}` : ''}`);
  } finally {
    clearTimeout(timer);
  }
}

export async function visitPair(browser: Browser, site: MerchantSite, lunasUrl: string, kind: PageKind): Promise<{ cold: Visit; warm: Visit }> {
  const keys = [await createSession(lunasUrl, site.origin), await createSession(lunasUrl, site.origin)];
  const context = await browser.newContext({ viewport: { width: 480, height: 900 } });
  try {
    const page = await context.newPage();
    const diagnostics: string[] = [];
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && diagnostics.push(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => diagnostics.push(`pageerror: ${e.message}`));
    const cold = await visit(page, site.url(kind, keys[0]!), diagnostics);
    // Leave the first page before the second visit starts, so the first page's unload (and any
    // work it still had after init) is not counted in the second visit's navigation.
    await page.goto('about:blank');
    const warm = await visit(page, site.url(kind, keys[1]!), diagnostics);
    return { cold, warm };
  } finally {
    await context.close();
  }
}
