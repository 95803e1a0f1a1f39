import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ACTION_COMPLETE_SCRIPT, ACTION_COMPLETE_SCRIPT_HASH } from '../src/channels/action-complete.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { formatMajorAmount, formatMoney } from '@lunas/protocol/format';
import { ACS_OUTCOMES, SIMULATOR_CSP } from '../src/channels/simulator/pages.ts';
import { renderAcsPage, renderProviderPage, renderResultPage } from '../src/channels/simulator/pages.ts';
import { CHROMIUM_PATH, hasChromium, launchBrowser, SCREENSHOT_DIR, reviewScreenshot } from './helpers/browser.ts';

type AcsInput = Parameters<typeof renderAcsPage>[0];
type ProviderInput = Parameters<typeof renderProviderPage>[0];

const OTP = '123456';
const HOSTILE = '<script>alert(1)</script>';

const acs = (name: string, o: Partial<AcsInput> = {}) =>
  renderAcsPage({
    formAction: `/submit/${name}`,
    merchantName: 'Toko Kopi Nusantara',
    amount: formatMoney(10000, 'IDR', 'en', 'ID'),
    maskedCardNumber: '4000 00•• •••• 1091',
    network: 'VISA',
    testOtp: OTP,
    selectableOutcome: false,
    ...o,
  });
const provider = (name: string, o: Partial<ProviderInput> = {}) =>
  renderProviderPage({
    formAction: `/submit/${name}`,
    merchantName: 'Toko Kopi Nusantara',
    amount: formatMoney(1000001, 'PHP', 'en', 'PH'),
    channelName: 'GCash',
    family: 'EWALLET',
    push: false,
    ...o,
  });

describe('formatMoney (the one formatter of the checkout, the SDK and the simulator pages)', () => {
  test('minor units with the currency exponent, in the locale and country of the session', () => {
    const plain = (text: string) => text.replace(/\s/g, ' ');
    assert.equal(plain(formatMoney(1000000, 'IDR', 'en', 'ID')), 'Rp 1.000.000');
    assert.equal(plain(formatMoney(1000000, 'IDR', 'id', 'ID')), 'Rp 1.000.000');
    assert.equal(plain(formatMoney(1000001, 'PHP', 'en', 'PH')), '₱10,000.01');
    assert.equal(plain(formatMoney(10000, 'VND', 'vi', 'VN')), '10.000 ₫');
    assert.equal(plain(formatMoney(5, 'THB', 'th', 'TH')), '฿0.05');
    assert.equal(plain(formatMoney(Number.MAX_SAFE_INTEGER, 'MYR', 'en', 'MY')), 'RM 90,071,992,547,409.91');
    assert.equal(plain(formatMoney(-250, 'SGD', 'en', 'SG')), '-$2.50');
  });
  test('the SDK formats its major-unit amounts to the same text', () => {
    assert.equal(formatMajorAmount(10000, 'IDR', 'en', 'ID'), formatMoney(10000, 'IDR', 'en', 'ID'));
    assert.equal(formatMajorAmount(1234.5, 'THB', 'th', 'TH'), formatMoney(123450, 'THB', 'th', 'TH'));
  });
});

describe('simulator page markup', () => {
  const all = [acs('a'), provider('p'), renderResultPage({ title: 'Done', message: 'Paid.', outcome: 'success' })];

  test('pages are complete, self-contained documents with one h1 and a main landmark', () => {
    for (const html of all) {
      assert.match(html, /^<!doctype html>\n<html lang="en">/);
      assert.equal(html.match(/<h1[\s>]/g)?.length, 1);
      assert.equal(html.match(/<main[\s>]/g)?.length, 1);
      assert.match(html, /TEST-MODE SIMULATOR/);
      assert.doesNotMatch(html, /<script|<link|<img|\ssrc=|url\(|@import|\son[a-z]+=/i);
    }
  });
  test('lang is honoured when it is a language tag and ignored otherwise', () => {
    assert.match(acs('a', { lang: 'id-ID' }), /<html lang="id-ID">/);
    assert.match(acs('a', { lang: '"><x' }), /<html lang="en">/);
  });
  test('values are escaped in element and attribute contexts', () => {
    const html = acs('a', { merchantName: HOSTILE, formAction: '/x" onclick="alert(1)', testOtp: `"><b>&` });
    assert.ok(!html.includes('<script>alert(1)'));
    assert.ok(html.includes('&lt;script>alert(1)&lt;/script>'));
    assert.ok(html.includes('action="/x&quot; onclick=&quot;alert(1)"'));
    assert.ok(html.includes('value="&quot;>&lt;b>&amp;"'));
    assert.doesNotMatch(html, /\son[a-z]+="/);
  });
  test('the result page links back only to http(s) return URLs', () => {
    const page = (returnUrl: string) => renderResultPage({ title: 'T', message: 'M', outcome: 'canceled', returnUrl });
    assert.match(page('https://shop.example/back?a=1&b=2'), /href="https:\/\/shop\.example\/back\?a=1&amp;b=2"/);
    assert.doesNotMatch(page('javascript:alert(1)'), /href=/);
    assert.doesNotMatch(page('not a url'), /href=/);
  });
  test('the CSP allows only the one hashed action-complete script and only same-origin or https form targets', () => {
    assert.match(SIMULATOR_CSP, /default-src 'none'/);
    assert.match(SIMULATOR_CSP, /form-action 'self' https:/);
    assert.equal(SIMULATOR_CSP.match(/script-src '([^']+)'/)?.[1], ACTION_COMPLETE_SCRIPT_HASH);
    assert.match(SIMULATOR_CSP.match(/script-src [^;]+/)![0], /^script-src '[^']+'$/, 'exactly one source');
  });

  test('only a result page asked to notify its embedder carries a script, and it is the hashed one', () => {
    const notifying = renderResultPage({ title: 'T', message: 'M', outcome: 'success', notifyEmbedder: true });
    const scripts = [...notifying.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert.deepEqual(scripts, [ACTION_COMPLETE_SCRIPT]);
    assert.equal(`sha256-${createHash('sha256').update(scripts[0]!).digest('base64')}`, ACTION_COMPLETE_SCRIPT_HASH);
  });
});

describe('simulator pages in Chromium', { skip: hasChromium() ? false : `no Chromium at ${CHROMIUM_PATH}` }, () => {
  let browser: Browser;
  let server: Server;
  let base: string;
  let ctx: BrowserContext;
  const pages = new Map<string, string>();
  const origins: Array<string | undefined> = [];
  /** CSP violations and script errors show up as console errors: none is ever expected. */
  const problems: string[] = [];
  afterEach(() => assert.deepEqual(problems.splice(0), []));

  before(async () => {
    server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://local');
      const html = pages.get(url.pathname.slice('/page/'.length));
      if (req.method === 'GET' && url.pathname.startsWith('/page/') && html) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': SIMULATOR_CSP });
        res.end(html);
      } else if (req.method === 'GET' && url.pathname === '/embed') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        const frame = h('iframe', { src: url.searchParams.get('src') ?? '', title: 'Pay', width: 420, height: 900 });
        res.end(`<!doctype html><title>Merchant</title>${renderToString(frame)}`);
      } else if (req.method === 'POST' && url.pathname.startsWith('/submit/')) {
        origins.push(req.headers.origin);
        let body = '';
        for await (const chunk of req) body += chunk;
        const fields = Object.fromEntries(new URLSearchParams(body));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(fields));
      } else if (url.pathname === '/favicon.ico') {
        res.writeHead(204).end(); // Chromium asks every new origin for one
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: { width: 375, height: 800 } });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Opens a page, recording any CSP violation, script error or dialog it produces. */
  async function open(html: string, context = ctx): Promise<Page> {
    const name = `p${pages.size}`;
    pages.set(name, html.replaceAll('/submit/__', `/submit/${name}`));
    const page = await context.newPage();
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console error: ${m.text()}`)));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => void (problems.push(`dialog: ${d.message()}`), d.dismiss()));
    await page.goto(`${base}/page/${name}`);
    return page;
  }
  /** Clicks and returns the form fields the echo server received. */
  async function submit(page: Page, click: () => Promise<unknown>): Promise<Record<string, string>> {
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), click()]);
    return (await response.json()) as Record<string, string>;
  }

  test('a visible banner says this is the test-mode simulator', async () => {
    for (const html of [acs('__'), provider('__'), renderResultPage({ title: 'Paid', message: 'OK', outcome: 'success' })]) {
      const page = await open(html);
      assert.ok(await page.getByText('TEST-MODE SIMULATOR').isVisible());
      await page.close();
    }
  });

  test('the OTP is labelled and pre-filled, so approving alone posts approve with the test OTP', async () => {
    const page = await open(acs('__'));
    const otp = page.getByLabel('One-time password');
    assert.equal(await otp.getAttribute('data-testid'), 'lunas-otp');
    assert.equal(await otp.inputValue(), OTP);
    assert.equal((await page.getByTestId('lunas-amount').textContent())?.replace(/\s/g, ' '), 'Rp 10.000');
    assert.equal(await page.getByTestId('lunas-outcome').count(), 0);
    assert.deepEqual(await submit(page, () => page.getByTestId('lunas-approve').click()), { otp: OTP, decision: 'approve' });
    assert.notEqual(origins.at(-1), 'null', 'same-origin posts keep their Origin header');
    await page.close();
  });

  test('Enter in the OTP field approves with the typed code', async () => {
    const page = await open(acs('__'));
    await page.getByTestId('lunas-otp').fill('000000');
    const fields = await submit(page, () => page.getByTestId('lunas-otp').press('Enter'));
    assert.deepEqual(fields, { otp: '000000', decision: 'approve' });
    await page.close();
  });

  test('the ACS outcome select appears only for selectable cards and posts the chosen value', async () => {
    const page = await open(acs('__', { selectableOutcome: true }));
    const select = page.getByLabel('Authentication result');
    assert.equal(await select.getAttribute('data-testid'), 'lunas-outcome');
    assert.deepEqual(await select.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), [...ACS_OUTCOMES]);
    assert.equal(await select.inputValue(), 'AUTHENTICATED');
    await select.selectOption('AUTHENTICATION_REJECTED');
    const fields = await submit(page, () => page.getByTestId('lunas-approve').click());
    assert.deepEqual(fields, { otp: OTP, acs_outcome: 'AUTHENTICATION_REJECTED', decision: 'approve' });
    await page.close();
  });

  test('decline and cancel post their decisions on the ACS and provider pages', async () => {
    for (const html of [acs('__'), provider('__'), provider('__', { push: true, family: 'DIRECT_DEBIT' })]) {
      for (const decision of ['decline', 'cancel']) {
        const page = await open(html);
        const fields = await submit(page, () => page.getByTestId(`lunas-${decision}`).click());
        assert.equal(fields.decision, decision);
        await page.close();
      }
    }
  });

  test('the push page says to approve in the provider app', async () => {
    const page = await open(provider('__', { push: true, channelName: 'OVO' }));
    assert.equal(await page.locator('h1').textContent(), 'Approve the payment in the OVO app');
    assert.equal(await page.getByTestId('lunas-amount').textContent(), '₱10,000.01');
    assert.deepEqual(await submit(page, () => page.getByTestId('lunas-approve').click()), { decision: 'approve' });
    await page.close();
  });

  test('the forms work with JavaScript disabled', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await open(acs('__', { selectableOutcome: true }), noJs);
      await page.getByTestId('lunas-outcome').selectOption('UNAUTHENTICATED');
      const fields = await submit(page, () => page.getByTestId('lunas-approve').click());
      assert.deepEqual(fields, { otp: OTP, acs_outcome: 'UNAUTHENTICATED', decision: 'approve' });
      const other = await open(provider('__'), noJs);
      assert.equal((await submit(other, () => other.getByTestId('lunas-decline').click())).decision, 'decline');
    } finally {
      await noJs.close();
    }
  });

  test('user-supplied strings are rendered as text, never as markup', async () => {
    const hostileAmount = 'IDR <b>1</b>';
    const page = await open(
      acs('__', { merchantName: HOSTILE, amount: hostileAmount, network: '<img src=x>', testOtp: `"><script>x</script>`, error: HOSTILE }),
    );
    assert.equal(await page.locator('script, img, b').count(), 0);
    assert.equal(await page.getByTestId('lunas-amount').textContent(), hostileAmount);
    assert.ok(await page.locator('.summary dd').getByText(HOSTILE, { exact: true }).isVisible());
    assert.equal(await page.getByTestId('lunas-otp').inputValue(), `"><script>x</script>`);
    for (const html of [
      provider('__', { channelName: HOSTILE, merchantName: HOSTILE, push: true }),
      renderResultPage({ title: HOSTILE, message: HOSTILE, outcome: 'failure', returnUrl: 'javascript:alert(1)' }),
    ]) {
      const other = await open(html);
      assert.equal(await other.locator('script').count(), 0);
      assert.equal(await other.locator('a[href]').count(), 0);
      assert.ok((await other.locator('h1').textContent())?.includes(HOSTILE));
      await other.close();
    }
    await page.close();
  });

  test('errors are announced in role=alert and tied to the OTP input', async () => {
    const page = await open(acs('__', { error: 'The code is not valid.' }));
    assert.equal(await page.getByRole('alert').textContent(), 'The code is not valid.');
    const otp = page.getByTestId('lunas-otp');
    assert.equal(await otp.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByRole('textbox', { name: 'One-time password' }).count(), 1);
    assert.match((await otp.getAttribute('aria-describedby')) ?? '', /lunas-error/);
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.locator('h1').count(), 1);
    assert.equal(await page.getByRole('main').count(), 1);
    await page.close();
  });

  test('Tab from the top reaches the OTP input, then the outcome, then the buttons', async () => {
    const page = await open(acs('__', { selectableOutcome: true }));
    const order: Array<string | null> = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null));
    }
    assert.deepEqual(order, ['lunas-otp', 'lunas-outcome', 'lunas-approve', 'lunas-decline', 'lunas-cancel']);
    await page.close();
  });

  test('the pages run inside a cross-origin iframe (frame-ancestors *)', async () => {
    const page = await open(acs('__'));
    const src = page.url();
    await page.goto(`${base.replace('127.0.0.1', 'localhost')}/embed?src=${encodeURIComponent(src)}`);
    const frame = page.frameLocator('iframe');
    assert.equal(await frame.getByTestId('lunas-otp').inputValue(), OTP);
    assert.deepEqual(await submit(page, () => frame.getByTestId('lunas-approve').click()), { otp: OTP, decision: 'approve' });
    await page.close();
  });

  test('every page fits a 375px phone without horizontal scroll; screenshots at 375 and 1280', async () => {
    const longName = 'PT Toko Serba Ada Sejahtera Makmur Abadi Indonesia Tbk';
    const variants: Array<[string, string]> = [
      ['acs', acs('__')],
      ['acs-outcome-error', acs('__', { selectableOutcome: true, error: 'The one-time password is not valid. Try again.' })],
      ['acs-long-values', acs('__', { merchantName: 'X'.repeat(90), amount: formatMoney(999999999999999, 'IDR', 'en', 'ID') })],
      ['provider-ewallet-push', provider('__', { channelName: 'OVO', push: true, amount: formatMoney(25000, 'IDR', 'en', 'ID') })],
      ['provider-direct-debit', provider('__', { channelName: 'BRI Direct Debit', family: 'DIRECT_DEBIT', merchantName: longName })],
      ['provider-online-banking', provider('__', { channelName: 'BPI', family: 'ONLINE_BANKING' })],
      ['provider-paylater-error', provider('__', { channelName: 'Akulaku', family: 'PAYLATER', error: 'Credit limit exceeded.' })],
      ['result-success', renderResultPage({ title: 'Payment approved', message: 'You can close this window.', outcome: 'success', returnUrl: 'https://shop.example/done' })],
      ['result-failure', renderResultPage({ title: 'Payment declined', message: 'The simulated issuer declined the payment.', outcome: 'failure' })],
      ['result-canceled', renderResultPage({ title: 'Payment canceled', message: 'You canceled the payment.', outcome: 'canceled' })],
      ['result-info', renderResultPage({ title: 'Link expired', message: 'This simulation link is unknown or has expired.', outcome: 'info' })],
    ];
    const wide = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const dark = await browser.newContext({ viewport: { width: 375, height: 800 }, colorScheme: 'dark' });
    try {
      for (const [name, html] of variants) {
        const page = await open(html);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(scrollWidth <= 375, `${name}: scrollWidth ${scrollWidth} > 375`);
        await reviewScreenshot(page, path.join(SCREENSHOT_DIR, `${name}-375.png`));
        const desktop = await open(html, wide);
        await reviewScreenshot(desktop, path.join(SCREENSHOT_DIR, `${name}-1280.png`));
        await Promise.all([page.close(), desktop.close()]);
      }
      const night = await open(variants[1]![1], dark);
      await reviewScreenshot(night, path.join(SCREENSHOT_DIR, 'acs-outcome-error-375-dark.png'));
    } finally {
      await Promise.all([wide.close(), dark.close()]);
    }
  });
});
