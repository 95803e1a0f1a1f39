import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { EVENT_TYPES } from '../../src/modules/events/types.ts';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { hasChromium } from '../helpers/browser.ts';
import { checkPage, startDashboardStack, type DashboardStack } from '../helpers/dashboard-browser.ts';
import { call, type LunasProcess } from '../helpers/process.ts';
import type { Receiver } from '../helpers/receiver.ts';

/**
 * The dashboard as a developer meets it: a started Lunas (the package build), real Chromium at
 * 375 px, clicks and keys. On each store: a wrong key is refused; sign in; a session created
 * through the API appears live; the simulator action pays it; its timeline shows both webhooks
 * and their attempts; a failing receiver's delivery is resent from the log; a signing secret is
 * rotated and a test event sent; a state change without the CSRF token gets 403; another
 * business's session id gives 404. axe-core finds no serious or critical violation on any page.
 * LUNAS_DASHBOARD_SCREENSHOTS=1 writes the docs' screenshots (docs/dashboard/) from the SQLite run.
 */
const KEY = 'xnd_development_dashboard_e2e_key_01';
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`dashboard in Chromium [${dialect}]`, { skip: hasChromium() ? false : 'Chromium not installed' }, () => {
    let stack: DashboardStack;
    let lunas: LunasProcess;
    let context: BrowserContext;
    let page: Page;
    let receiver: Receiver;
    const shots = dialect === 'sqlite' && process.env.LUNAS_DASHBOARD_SCREENSHOTS === '1';
    const api = (method: string, url: string, body?: unknown) => call(lunas.url, KEY, method, url, body);

    before(async () => {
      // Failed deliveries wait for their retry: only Resend sends them again during the test.
      stack = await startDashboardStack(dialect, KEY, '30m,1h', shots);
      ({ lunas, context, page, receiver } = stack);
    });
    after(() => stack?.close());

    test('a wrong key is refused on the sign-in page; the right one, typed and submitted with the keyboard, signs in', async () => {
      await page.goto(`${lunas.url}/dashboard`);
      assert.match(page.url(), /\/dashboard\/sign-in$/);
      await checkPage(page, 'sign-in', shots);
      await page.fill('[data-testid="secret-key"]', 'xnd_development_wrong_key');
      await Promise.all([page.waitForLoadState(), page.click('[data-testid="sign-in"]')]);
      assert.equal((await page.textContent('[data-testid="sign-in-error"]'))?.trim(), 'invalid key');

      await page.focus('[data-testid="secret-key"]');
      await page.keyboard.type(KEY);
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid), 'sign-in', 'Tab reaches Sign in');
      await Promise.all([page.waitForURL(`${lunas.url}/dashboard`), page.keyboard.press('Enter')]);
      await page.waitForSelector('[data-testid="sessions-table"]');
      const cookies = await context.cookies();
      const cookie = cookies.find((c) => c.name === 'lunas_dashboard')!;
      assert.ok(cookie.httpOnly && cookie.sameSite === 'Strict', 'HttpOnly, SameSite=Strict');
      assert.ok(!(await page.content()).includes(KEY), 'the key is nowhere in the page');
      assert.equal(await page.evaluate(() => document.cookie), '', 'no script can read the cookie');
    });

    test('a session created through the API appears in the list without a reload', async () => {
      await page.waitForSelector('[data-testid="live-state"]:has-text("Live")');
      const marker = await page.evaluate(() => ((window as any).__notReloaded = true));
      const created = await api('POST', '/sessions', { ...FOUNDING_PAYLOAD, reference_id: `live-${dialect}` });
      await page.waitForSelector(`[data-session-id="${created.body.payment_session_id}"]`, { timeout: 10_000 });
      assert.equal(await page.evaluate(() => (window as any).__notReloaded), marker, 'the page was not reloaded');
      await checkPage(page, 'sessions', shots);
    });

    test('the simulator action pays the session; the timeline shows both webhooks and their attempts, then a refund', async () => {
      const before = receiver.received.length;
      await page.click('[data-testid="session-row"] a');
      await page.waitForSelector('[data-testid="start-attempt"]');
      await page.fill('[data-testid="attempt-channel"]', 'DANA');
      await page.click('[data-testid="start-attempt"]');
      await page.waitForSelector('[data-testid="timeline-attempt"][data-status="REQUIRES_ACTION"]');
      await page.click('[data-testid="simulate-pay"]');
      await page.waitForSelector('[data-testid="session-status"]:has-text("COMPLETED")');
      await receiver.waitFor(before + 2);
      const types = receiver.received.slice(before).map((r) => r.json.event).sort();
      assert.deepEqual(types, ['payment.capture', 'payment_session.completed']);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline-event"] [data-testid="delivery"][data-delivery-status="DELIVERED"]').length === 2, undefined, { timeout: 10_000 });
      const timeline = await page.textContent('[data-testid="timeline"]');
      assert.match(timeline!, /Payment attempt\s*DANA/);
      assert.match(timeline!, /Event payment\.capture/);
      assert.match(timeline!, /Event payment_session\.completed/);
      assert.equal(await page.locator('[data-testid="delivery-attempt"]').count(), 2);
      assert.match(timeline!, /HTTP 200 in \d+ ms/);
      await checkPage(page, 'session', shots);

      // A refund through the API joins the timeline when its outcome commits (the event stream tells the page).
      const paid = (await api('GET', `/sessions/${new URL(page.url()).pathname.split('/').at(-1)}`)).body;
      const refund = await api('POST', '/refunds', { payment_request_id: paid.payment_request_id, reason: 'OTHERS', amount: 1000 });
      assert.equal(refund.status, 200, JSON.stringify(refund.body));
      await page.waitForSelector('[data-testid="timeline-refund"]:has-text("SUCCEEDED")', { timeout: 10_000 });
      await page.waitForSelector('[data-testid="timeline-event"][data-event-type="refund.succeeded"]');
    });

    test('a failing receiver: the delivery log shows the failed attempt, and Resend delivers it', async () => {
      receiver.respond = () => ({ status: 500, body: 'receiver down' });
      const before = receiver.received.length;
      const s = (await api('POST', '/sessions', { ...FOUNDING_PAYLOAD, reference_id: `fail-${dialect}` })).body;
      const attempt = (await api('POST', `/sessions/${s.payment_session_id}/payment_requests`, { channel_code: 'DANA' })).body;
      await api('POST', `/v3/payment_requests/${attempt.payment_request_id}/cancel`);
      await api('POST', `/sessions/${s.payment_session_id}/cancel`);
      const expired = (await api('POST', '/sessions', { ...FOUNDING_PAYLOAD, reference_id: `expire-${dialect}` })).body;
      await api('POST', `/sessions/${expired.payment_session_id}/expire`);
      await receiver.waitFor(before + 1);

      await page.click('[data-testid="nav-deliveries"]');
      // The filter offers every type Lunas records, the recurring.* ones too.
      const offered = await page.$$eval('[data-testid="filter-event-type"] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
      assert.deepEqual(offered, ['', ...EVENT_TYPES]);
      await page.selectOption('[data-testid="filter-event-type"]', 'payment_session.expired');
      const row = page.locator('[data-testid="event-row"][data-event-type="payment_session.expired"]').first();
      await row.locator('[data-testid="delivery-attempt"]:has-text("HTTP 500")').waitFor();
      // The answer's excerpt is kept for public receivers only (webhooks/http.ts): this one is on loopback.
      assert.match((await row.textContent())!, /next retry/);

      receiver.respond = () => ({ status: 200, body: 'ok' });
      await row.locator('[data-testid="resend"]').click();
      await row.locator('[data-testid="delivery"][data-delivery-status="DELIVERED"]').waitFor({ timeout: 10_000 });
      await checkPage(page, 'deliveries', shots);
    });

    test('webhook endpoints: rotate the signing secret, send a marked test event', async () => {
      await page.click('[data-testid="nav-webhooks"]');
      const row = page.locator('[data-testid="endpoint-row"]').first();
      await row.waitFor();
      const endpointId = await row.getAttribute('data-endpoint-id');
      const secretBefore = (await api('GET', `/webhooks/endpoints/${endpointId}`)).body.signing_secret;
      await row.locator('[data-testid="rotate-secret"]').click();
      await page.waitForSelector('[data-testid="notice"]:has-text("rotated")');
      const secretAfter = (await api('GET', `/webhooks/endpoints/${endpointId}`)).body.signing_secret;
      assert.notEqual(secretAfter, secretBefore);

      const before = receiver.received.length;
      await row.locator('[data-testid="send-test-event"]').click();
      await receiver.waitFor(before + 1);
      const test = receiver.received.at(-1)!.json;
      assert.equal(test.event, 'payment_session.completed');
      assert.equal(test.data.metadata.lunas_test_event, 'true');
      assert.equal((await api('GET', `/sessions/${test.data.payment_session_id}`)).status, 404, 'no real session behind it');
      await checkPage(page, 'webhooks', shots);
    });

    test('a state change without the CSRF token gets 403; another business\'s session id gives 404', async () => {
      const mine = (await api('POST', '/sessions', { ...FOUNDING_PAYLOAD, reference_id: `csrf-${dialect}` })).body.payment_session_id;
      const status = await page.evaluate(async (id) => (await fetch(`/sessions/${id}/cancel`, { method: 'POST' })).status, mine);
      assert.equal(status, 403);
      assert.equal((await api('GET', `/sessions/${mine}`)).body.status, 'ACTIVE');

      const other = await call(lunas.url, KEY, 'POST', '/v2/accounts', { email: `other-${dialect}@example.com`, type: 'OWNED', public_profile: { business_name: 'Other' } });
      const theirs = (await fetch(`${lunas.url}/sessions`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}`, 'for-user-id': other.body.id, 'content-type': 'application/json' },
        body: JSON.stringify({ ...FOUNDING_PAYLOAD, reference_id: 'theirs' }),
      }).then((r) => r.json())) as { payment_session_id: string };
      assert.equal(await page.evaluate(async (id) => (await fetch(`/sessions/${id}`)).status, theirs.payment_session_id), 404);
      await page.goto(`${lunas.url}/dashboard/sessions/${theirs.payment_session_id}`);
      await page.waitForSelector('[data-testid="session-missing"]');
    });

    test('sign-out ends the sign-in', async () => {
      await page.goto(`${lunas.url}/dashboard`);
      await Promise.all([page.waitForURL(/\/dashboard\/sign-in$/), page.click('[data-testid="sign-out"]')]);
      assert.equal(await page.evaluate(async () => (await fetch('/sessions')).status), 401);
    });
  });
}
