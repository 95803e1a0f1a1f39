import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { hasChromium, launchBrowser, SCREENSHOT_DIR } from '../helpers/browser.ts';
import { card } from '../helpers/payments.ts';
import { freePort } from '../helpers/ports.ts';
import { call, startLunas, type LunasProcess } from '../helpers/process.ts';
import { freshStoreTarget, type StoreTarget } from '../helpers/stores.ts';

const KEY = 'xnd_development_browser_sim_key_01';

/** The simulator pages as a customer meets them: a started Lunas, real Chromium, clicks. */
for (const dialect of ['sqlite', 'postgres'] as const) {
  describe(`simulator pages in Chromium [${dialect}]`, { skip: hasChromium() ? false : 'Chromium not installed' }, () => {
    let lunas: LunasProcess;
    let target: StoreTarget;
    let browser: Browser;
    before(async () => {
      target = await freshStoreTarget(dialect);
      const port = await freePort();
      lunas = await startLunas({ LUNAS_PORT: String(port), LUNAS_PUBLIC_URL: `http://127.0.0.1:${port}`, LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, LUNAS_SECRET_KEY: KEY });
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await lunas?.stop();
      await target?.dispose();
    });

    const session = async (changes: Record<string, unknown> = {}) => (await call(lunas.url, KEY, 'POST', '/sessions', { ...FOUNDING_PAYLOAD, ...changes })).body;
    const pay = async (sessionId: string, body: Record<string, unknown>) => (await call(lunas.url, KEY, 'POST', `/sessions/${sessionId}/payment_requests`, body)).body;
    const webUrl = (pr: { actions: { descriptor: string; value: string }[] }) => pr.actions.find((a) => a.descriptor === 'WEB_URL')!.value;

    test('3DS: the ACS page comes pre-filled with the test OTP; approving completes the session and lands on the return URL', async () => {
      const s = await session();
      const pr = await pay(s.payment_session_id, { channel_code: 'CARDS', channel_properties: { ...card('4000000000001091'), success_return_url: 'https://shop.example.test/paid' } });
      const page = await browser.newPage();
      await page.goto(webUrl(pr));
      assert.match(await page.textContent('body') ?? '', /test-mode simulator/i);
      assert.equal(await page.inputValue('[data-testid="lunas-otp"]'), '123456');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `flow-3ds-${dialect}.png`) });
      // The merchant's shop is not reachable from the test machine: seeing the browser ask for it is the proof.
      const redirected = page.waitForRequest('https://shop.example.test/paid');
      await page.click('[data-testid="lunas-approve"]');
      await redirected;
      await page.close();
      const after = (await call(lunas.url, KEY, 'GET', `/sessions/${s.payment_session_id}`)).body;
      assert.equal(after.status, 'COMPLETED');
      assert.match(after.payment_id, /^py-/);
    });

    test('3DS with a wrong OTP fails, and the selectable-outcome card posts the chosen outcome', async () => {
      const s = await session();
      const wrong = await pay(s.payment_session_id, { channel_code: 'CARDS', channel_properties: card('5200000000002151') });
      const page = await browser.newPage();
      await page.goto(webUrl(wrong));
      await page.fill('[data-testid="lunas-otp"]', '000000');
      await Promise.all([page.waitForLoadState(), page.click('[data-testid="lunas-approve"]')]);
      assert.match(await page.textContent('[data-testid="lunas-result"]') ?? '', /failed/i);
      assert.equal((await call(lunas.url, KEY, 'GET', `/v3/payment_requests/${wrong.payment_request_id}`)).body.failure_code, 'AUTHENTICATION_FAILED');

      const selectable = await pay(s.payment_session_id, { channel_code: 'CARDS', channel_properties: card('5123450000000008') });
      await page.goto(webUrl(selectable));
      await page.selectOption('[data-testid="lunas-outcome"]', 'AUTHENTICATION_REJECTED');
      await Promise.all([page.waitForLoadState(), page.click('[data-testid="lunas-approve"]')]);
      assert.equal((await call(lunas.url, KEY, 'GET', `/v3/payment_requests/${selectable.payment_request_id}`)).body.status, 'FAILED');
      assert.equal((await call(lunas.url, KEY, 'GET', `/sessions/${s.payment_session_id}`)).body.status, 'ACTIVE');
      await page.close();
    });

    test('at 375×667 each simulator page shows its primary action without scrolling (3DS with an outcome choice, e-wallet, result)', async () => {
      const context = await browser.newContext({ viewport: { width: 375, height: 667 } });
      const page = await context.newPage();
      const primaryVisible = async (testId: string, label: string) => {
        const box = (await page.locator(`[data-testid="${testId}"]`).boundingBox())!;
        assert.ok(box.y + box.height <= 667, `${label}: ${testId} ends at y=${box.y + box.height}, below the 667 px screen`);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `sim-375-${label}-${dialect}.png`) });
      };
      const s = await session();
      const selectable = await pay(s.payment_session_id, { channel_code: 'CARDS', channel_properties: card('5123450000000008') });
      await page.goto(webUrl(selectable));
      await primaryVisible('lunas-approve', '3ds-outcome');
      const wallet = await pay((await session()).payment_session_id, { channel_code: 'SHOPEEPAY' });
      await page.goto(webUrl(wallet));
      await primaryVisible('lunas-approve', 'ewallet');
      await Promise.all([page.waitForLoadState(), page.click('[data-testid="lunas-approve"]')]);
      await page.locator('[data-testid="lunas-result"]').waitFor();
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `sim-375-result-${dialect}.png`) });
      await context.close();
    });

    test('an e-wallet approved on its simulator page, with JavaScript disabled', async () => {
      const s = await session();
      const pr = await pay(s.payment_session_id, { channel_code: 'SHOPEEPAY' });
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 } });
      const page = await context.newPage();
      await page.goto(webUrl(pr));
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `flow-ewallet-${dialect}.png`) });
      await Promise.all([page.waitForLoadState(), page.click('[data-testid="lunas-approve"]')]);
      assert.match(await page.textContent('[data-testid="lunas-result"]') ?? '', /successful/i);
      await context.close();
      assert.equal((await call(lunas.url, KEY, 'GET', `/sessions/${s.payment_session_id}`)).body.status, 'COMPLETED');
    });

    test('a VA paid by simulate completes the session through the worker of the started server', async () => {
      const s = await session();
      const pr = await pay(s.payment_session_id, { channel_code: 'BNI_VIRTUAL_ACCOUNT' });
      const sim = await call(lunas.url, KEY, 'POST', `/v3/payment_requests/${pr.payment_request_id}/simulate`, { amount: 10000 });
      assert.equal(sim.body.status, 'PENDING');
      let status = 'ACTIVE';
      for (let i = 0; i < 50 && status === 'ACTIVE'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await call(lunas.url, KEY, 'GET', `/sessions/${s.payment_session_id}`)).body.status;
      }
      assert.equal(status, 'COMPLETED');
    });
  });
}
