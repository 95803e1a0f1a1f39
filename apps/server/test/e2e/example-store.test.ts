/**
 * The example shop (examples/store), started the way a developer starts it: `npm run store`'s
 * command as a child process, which starts Lunas itself. Ports 0 and a fresh data dir (SQLite
 * for Lunas and for the shop's orders).
 *
 * What is checked is what a merchant or a customer would notice: "Pay" makes an order and a
 * Lunas session of the founding shape for the shop's own origin; a payment turns the order PAID
 * with its capture details (through Lunas's webhooks only); forged webhooks change nothing and
 * redelivered ones change nothing either; a customer pays in Chromium with a 3DS card; orders
 * survive a restart; SIGTERM stops both processes.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { hasChromium, launchBrowser, reviewScreenshot, SCREENSHOT_DIR } from '../helpers/browser.ts';
import { call } from '../helpers/process.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const COMMAND = 'node examples/store/bin/start.js';
const KEY = 'xnd_development_example_store_test_01';
const CALLBACK_TOKEN = 'example-store-test-callback-token';
const READY = /Shop ready at (http:\/\/127\.0\.0\.1:\d+) \(Lunas at (http:\/\/127\.0\.0\.1:\d+)\)/;

interface RunningStore {
  shop: string;
  lunas: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** Runs the root `store` script's command with ports 0 and the given data dir; waits for its ready line. */
async function startStore(dataDir: string): Promise<RunningStore> {
  const [program, ...args] = COMMAND.split(' ');
  const child = spawn(program === 'node' ? process.execPath : program!, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      STORE_PORT: '0',
      LUNAS_PORT: '0',
      STORE_DATA_DIR: dataDir,
      LUNAS_SECRET_KEY: KEY,
      STORE_CALLBACK_TOKEN: CALLBACK_TOKEN,
      LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s,2s,4s',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const [shop, lunas] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the store did not print its ready line in 30 s:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const match = READY.exec(output);
      if (match) (clearTimeout(timer), resolve([match[1]!, match[2]!]));
    });
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`the store exited with ${code} before it was ready:\n${output}`))));
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    shop,
    lunas,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Polls `read` until `done` holds for its value; the error names what was awaited and the last value. */
async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const cardIframe = (field: 'credit_card_number' | 'credit_card_expiry' | 'credit_card_cvn') => `iframe[src*="input_type=${field}"]`;

/** The frame (the SDK's action iframe, or the page itself) that shows `selector`. */
async function frameShowing(page: Page, selector: string, timeoutMs = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`no frame shows ${selector} within ${timeoutMs} ms; frames: ${page.frames().map((f) => f.url().slice(0, 80)).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Waits until a frame's iframe element has stopped moving (the SDK's modal animates in). */
async function waitUntilStill(frame: Frame): Promise<void> {
  const element = await frame.frameElement().catch(() => null);
  if (!element) return;
  let last = '';
  for (let still = 0, tries = 0; still < 3 && tries < 50; tries++) {
    const box = JSON.stringify(await element.boundingBox());
    still = box === last ? still + 1 : 0;
    last = box;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('example shop: npm run store', { timeout: 300_000 }, () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lunas-example-store-'));
  let store: RunningStore;
  const paidOrders: string[] = [];

  const lunasApi = (method: string, url: string, body?: unknown) => call(store.lunas, KEY, method, url, body);
  const shopJson = async (url: string) => {
    const res = await fetch(store.shop + url);
    return { status: res.status, body: (await res.json()) as any };
  };
  const shopHtml = async (url: string) => (await fetch(store.shop + url)).text();

  /** Clicks "Pay" on the product page, as the form does; returns the new order. */
  async function buy(): Promise<Record<string, any>> {
    const res = await fetch(`${store.shop}/pay`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '', redirect: 'manual' });
    assert.equal(res.status, 303, await res.text());
    const location = res.headers.get('location') ?? '';
    const match = /^\/checkout\/(order-[0-9a-f]{12})$/.exec(location);
    assert.ok(match, `redirected to the order's checkout, got "${location}"`);
    const order = await shopJson(`/api/orders/${match[1]}`);
    assert.equal(order.status, 200);
    return order.body;
  }

  before(async () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.equal(scripts.store, COMMAND, 'this test runs what `npm run store` runs');
    store = await startStore(dataDir);
  });

  after(async () => {
    await store?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('Pay creates an order and its founding-shape COMPONENTS session for the shop origin; a payment makes it PAID with the capture', async () => {
    const page = await shopHtml('/');
    assert.match(page, /Kopi Toraja/);
    assert.match(page, /<form method="post" action="\/pay">/);

    const order = await buy();
    assert.equal(order.status, 'PENDING');
    assert.match(order.session_id, /^ps-/);

    const session = (await lunasApi('GET', `/sessions/${order.session_id}`)).body;
    const { customer: _customer, ...founding } = FOUNDING_PAYLOAD;
    for (const [field, value] of Object.entries({ ...founding, reference_id: order.id, components_configuration: { origins: [store.shop] } })) {
      assert.deepEqual(session[field], value, `session.${field}`);
    }
    assert.equal(session.status, 'ACTIVE');
    assert.equal(session.components_sdk_key, order.sdk_key);
    assert.match(session.customer_id, /^cust-/);
    assert.equal(session.items[0].net_unit_amount, 10000);

    const checkout = await shopHtml(`/checkout/${order.id}`);
    assert.ok(checkout.includes(`<script src="${store.lunas}/sdk/lunas-components.umd.js"></script>`), 'the checkout loads @lunas/components from Lunas');
    assert.ok(checkout.includes(order.sdk_key), 'the checkout hands the session key to the SDK');
    assert.ok(!checkout.includes(KEY), 'the secret key never reaches the browser');
    const listed = (await shopJson('/api/orders')).body.data.find((o: { id: string }) => o.id === order.id);
    assert.equal(listed?.status, 'PENDING');

    const attempt = await lunasApi('POST', `/sessions/${order.session_id}/payment_requests`, {
      channel_code: 'CARDS',
      channel_properties: { card_details: { card_number: '4000000000001000', expiry_month: '12', expiry_year: '2030', cvn: '123' } },
    });
    assert.equal(attempt.status, 201, JSON.stringify(attempt.body));
    assert.equal(attempt.body.status, 'SUCCEEDED');

    const paid = (await until('the order turns PAID', () => shopJson(`/api/orders/${order.id}`), (r) => r.body.status === 'PAID' && r.body.capture !== null)).body;
    const completed = (await lunasApi('GET', `/sessions/${order.session_id}`)).body;
    assert.equal(completed.status, 'COMPLETED');
    assert.equal(paid.payment_id, completed.payment_id);
    assert.deepEqual(
      { payment_id: paid.capture.payment_id, amount: paid.capture.amount, currency: paid.capture.currency, channel: paid.capture.channel_code, card: paid.capture.masked_card_number, status: paid.capture.status },
      { payment_id: completed.payment_id, amount: 10000, currency: 'IDR', channel: 'CARDS', card: '400000XXXXXX1000', status: 'SUCCEEDED' },
    );
    paidOrders.push(order.id);

    // What the merchant sees.
    const orders = await shopHtml('/orders');
    const row = new RegExp(`data-order-id="${order.id}"[\\s\\S]*?</li>`).exec(orders)?.[0] ?? '';
    assert.match(row, /data-testid="order-status">PAID</);
    assert.match(row, /400000XXXXXX1000/);
    assert.ok(row.includes(completed.payment_id));
    const detail = await shopHtml(`/orders/${order.id}`);
    assert.match(detail, /Thank you!/);
    assert.match(detail, /data-testid="capture-channel">CARDS</);
    // A paid order's checkout is closed: it sends the customer to the order.
    const again = await fetch(`${store.shop}/checkout/${order.id}`, { redirect: 'manual' });
    assert.equal(again.status, 303);
    assert.equal(again.headers.get('location'), `/orders/${order.id}`);
  });

  test('a webhook without the callback token or the signature is refused and changes no order', async () => {
    const order = await buy();
    const forged = JSON.stringify({
      event: 'payment_session.completed',
      business_id: 'x',
      created: new Date().toISOString(),
      data: { payment_session_id: order.session_id, reference_id: order.id, status: 'COMPLETED', payment_id: 'py-forged' },
      api_version: 'v3',
    });
    const post = (headers: Record<string, string>) => fetch(`${store.shop}/webhooks/lunas`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: forged });
    const noToken = await post({});
    assert.equal(noToken.status, 401);
    const wrongToken = await post({ 'x-callback-token': 'not-the-token' });
    assert.equal(wrongToken.status, 401);
    // The right token alone is not enough: the shop read its signing secret from Lunas at start.
    const unsigned = await post({ 'x-callback-token': CALLBACK_TOKEN, 'webhook-id': 'evt_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' });
    assert.equal(unsigned.status, 401);
    assert.match(await unsigned.text(), /signature mismatch/);
    const after = (await shopJson(`/api/orders/${order.id}`)).body;
    assert.equal(after.status, 'PENDING');
    assert.equal(after.payment_id, null);
  });

  test('Lunas redelivering the same events is acknowledged and changes nothing', async () => {
    const orderId = paidOrders[0];
    assert.ok(orderId, 'the first test paid an order');
    const before = (await shopJson(`/api/orders/${orderId}`)).body;
    const events = (await lunasApi('GET', `/events?object_id=${before.session_id}`)).body.data as { id: string; event: string; deliveries: { attempts: { status_code?: number }[] }[] }[];
    const relevant = events.filter((e) => e.event === 'payment_session.completed' || e.event === 'payment.capture');
    assert.equal(relevant.length, 2, JSON.stringify(events.map((e) => e.event)));
    for (const event of relevant) assert.equal((await lunasApi('POST', `/events/${event.id}/resend`, {})).body.resent, 1);

    for (const event of relevant) {
      const delivered = await until(
        `${event.event} delivered twice`,
        async () => (await lunasApi('GET', `/events/${event.id}`)).body,
        (e) => e.deliveries[0]?.attempts.length >= 2,
      );
      assert.deepEqual(delivered.deliveries[0].attempts.map((a: { status_code?: number }) => a.status_code), [200, 200], `${event.event}: both deliveries acknowledged`);
    }
    const afterwards = (await shopJson(`/api/orders/${orderId}`)).body;
    assert.deepEqual(afterwards, before, 'the order, its paid_at and its capture are unchanged');
    const rows = (await shopJson('/api/orders')).body.data.filter((o: { id: string }) => o.id === orderId);
    assert.equal(rows.length, 1);
  });

  test('in Chromium: a customer buys, pays with a 3DS card in the embedded form, and the order shows PAID', { skip: hasChromium() ? false : 'Chromium not installed', timeout: 150_000 }, async () => {
    const sdk = await fetch(`${store.lunas}/sdk/lunas-components.umd.js`);
    assert.equal(sdk.status, 200, `Lunas serves @lunas/components at /sdk/lunas-components.umd.js (got ${sdk.status})`);
    assert.match(await sdk.text(), /LunasComponents/);
    const browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const diagnostics: string[] = [];
    page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && diagnostics.push(`console.${m.type()}: ${m.text()}`));
    page.on('pageerror', (error) => diagnostics.push(`pageerror: ${error.message}`));
    page.on('requestfailed', (r) => diagnostics.push(`requestfailed: ${r.method()} ${r.url().slice(0, 120)} ${r.failure()?.errorText ?? ''}`));
    const shot = (name: string) => reviewScreenshot(page, path.join(SCREENSHOT_DIR, `example-store-${name}.png`));
    try {
      await page.goto(store.shop + '/');
      assert.match(await page.getByTestId('product-price').innerText(), /Rp\s10\.000/);
      await shot('product-phone');
      await page.getByTestId('buy').click();
      await page.waitForURL(/\/checkout\/order-[0-9a-f]{12}$/, { timeout: 15_000 });
      const orderId = /order-[0-9a-f]{12}/.exec(page.url())![0];

      // The drop-in picker: open Cards unless the card form already shows.
      const cardNumber = page.locator(cardIframe('credit_card_number')).first();
      await cardNumber.or(page.getByText('Cards', { exact: true })).first().waitFor({ timeout: 20_000 });
      if (!(await cardNumber.isVisible())) await page.getByText('Cards', { exact: true }).first().click();
      await cardNumber.waitFor({ state: 'visible', timeout: 15_000 });
      assert.equal(await page.getByTestId('pay').isDisabled(), true, 'Pay waits for a complete card');
      for (const [field, value] of [['credit_card_number', '4000000000001091'], ['credit_card_expiry', '12/30'], ['credit_card_cvn', '123']] as const) {
        const input = page.frameLocator(cardIframe(field)).first().locator('input');
        await input.click({ timeout: 15_000 });
        await input.pressSequentially(value, { delay: 20 });
      }
      // The SDK flips submission-ready per keystroke: wait until Pay is enabled and stays so.
      await page.waitForFunction(() => !(document.getElementById('pay') as HTMLButtonElement).disabled, undefined, { timeout: 15_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      await page.waitForFunction(() => !(document.getElementById('pay') as HTMLButtonElement).disabled, undefined, { timeout: 5_000 });
      await shot('checkout-phone');
      await page.getByTestId('pay').click();

      // 3-D Secure in the SDK's action iframe: the customer types the OTP and approves.
      const acs = await frameShowing(page, '[data-testid="lunas-otp"]');
      await waitUntilStill(acs);
      await acs.locator('[data-testid="lunas-otp"]').fill('123456');
      await shot('3ds-phone');
      await acs.locator('[data-testid="lunas-approve"]').click({ timeout: 10_000 });

      // session-complete sends the customer to the order, which shows PAID once the webhook is in.
      await page.waitForURL(new RegExp(`/orders/${orderId}$`), { timeout: 30_000 });
      await page.locator('[data-testid="order-status"]', { hasText: 'PAID' }).waitFor({ timeout: 20_000 });
      assert.equal(await page.getByTestId('capture-card').innerText(), '400000XXXXXX1091');
      assert.equal(await page.getByTestId('capture-channel').innerText(), 'CARDS');
      await shot('order-paid-phone');

      await page.goto(`${store.shop}/orders`);
      const row = page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);
      assert.equal(await row.getByTestId('order-status').innerText(), 'PAID');
      assert.match(await row.getByTestId('order-capture').innerText(), /CARDS · 400000XXXXXX1091 · Rp\s10\.000/);
      await page.setViewportSize({ width: 1280, height: 800 });
      await shot('orders-desktop');

      const order = (await shopJson(`/api/orders/${orderId}`)).body;
      assert.equal((await lunasApi('GET', `/sessions/${order.session_id}`)).body.status, 'COMPLETED');
      paidOrders.push(orderId);
    } catch (error) {
      await reviewScreenshot(page, path.join(SCREENSHOT_DIR, 'example-store-failure.png')).catch(() => undefined);
      const events = await page.evaluate(() => JSON.stringify((window as unknown as { checkoutEvents?: unknown[] }).checkoutEvents ?? [])).catch(() => '(page gone)');
      throw new Error(
        `${(error as Error).message}\nat ${page.url()}\ncheckout events: ${events}\nbrowser:\n  ${diagnostics.join('\n  ')}\nstore output (tail):\n${store.output().split('\n').slice(-15).join('\n')}`,
      );
    } finally {
      await browser.close();
    }
  });

  test('orders survive a restart, and SIGTERM stops the shop and Lunas', async () => {
    const first = store;
    assert.equal(await first.stop(), 0, first.output());
    for (const url of [first.shop, first.lunas]) {
      await assert.rejects(fetch(`${url}/`), `${url} no longer answers`);
    }
    store = await startStore(dataDir);
    const orders = (await shopJson('/api/orders')).body.data as { id: string; status: string; capture: unknown }[];
    for (const id of paidOrders) {
      const order = orders.find((o) => o.id === id);
      assert.equal(order?.status, 'PAID', `${id} is still PAID after the restart`);
      assert.ok(order.capture, `${id} keeps its capture`);
    }
    assert.ok(orders.some((o) => o.status === 'PENDING'), 'the unpaid order is still listed');
  });
});
