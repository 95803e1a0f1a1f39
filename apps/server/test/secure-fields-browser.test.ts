/**
 * The secure card-field page in Chromium where the Xendit Components SDK puts it: a cross-origin
 * iframe inside a merchant page, served with secureIframeCsp. The embedder page plays the SDK's
 * side of components-protocol.md §3.1–3.2 (iframe URL, origin + source checked messages); the
 * test joins change messages into envelopes exactly as the SDK does and opens them in Node.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildSecureIframe, secureIframeCsp } from '@lunas/secure-fields/build';
import { decryptEnvelope } from '@lunas/secure-fields/decrypt';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_PATH, hasChromium, launchBrowser, SCREENSHOT_DIR } from './helpers/browser.ts';

const SESSION = 'ps-6756b5c21a1bd3f8b21a91f3';
const p384 = () => generateKeyPairSync('ec', { namedCurve: 'P-384' });
const pinning = p384();
const serverKeys = p384();
const spki = serverKeys.publicKey.export({ type: 'spki', format: 'der' });
const signWith = (key: typeof pinning.privateKey, data: Buffer) => sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }).toString('base64');
const PK = spki.toString('base64');
const SIG = signWith(pinning.privateKey, spki);

type Change = { valid: boolean; empty: boolean; validationErrorCodes: { localeKey: string }[]; cardBrand: string | null };
type Data = { type: string; ecdhPublicKey?: string; encrypted?: { iv: string; value: string }[] } & Partial<Change>;
type Recorded = { field: string; origin: string; data: Data };
type TestWindow = Window & { __messages: Recorded[]; __foreign: unknown[] } & {
  addField(name: string, label: string, params: Record<string, string>): void;
  sendToField(name: string, message: unknown, targetOrigin: string): void;
};

/** The merchant page: no CSP of its own, records what the iframes send (with origin checks). */
const EMBEDDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title><style>
body{font:14px system-ui,sans-serif;margin:24px;background:#f1f5f9;color:#0f172a}
.field{display:block;margin-bottom:14px;width:340px}.field span{display:block;margin-bottom:4px;font-weight:600}
.box{height:44px;border:1px solid #94a3b8;border-radius:6px;background:#fff;overflow:hidden}
.box iframe{display:block;border:0;width:100%;height:100%}
</style></head><body><h1>Pay with card</h1><form id="fields"></form><script>
const IFRAME_URL = new URL(new URLSearchParams(location.search).get('iframe'));
const frames = new Map();
Object.assign(window, { __messages: [], __foreign: [] });
window.addEventListener('message', (e) => {
  for (const [field, iframe] of frames) {
    if (e.source !== iframe.contentWindow) continue;
    (e.origin === IFRAME_URL.origin ? __messages : __foreign).push({ field, origin: e.origin, data: e.data });
  }
});
window.addField = (name, label, params) => {
  const [wrap, text, box, iframe] = ['label', 'span', 'div', 'iframe'].map((t) => document.createElement(t));
  Object.assign(wrap, { className: 'field' }), Object.assign(box, { className: 'box' });
  Object.assign(text, { textContent: label }), Object.assign(iframe, { id: 'frame-' + name, title: label });
  iframe.setAttribute('sandbox', 'allow-scripts allow-same-origin'); // as the SDK does
  const url = new URL(IFRAME_URL);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  iframe.src = url.toString();
  frames.set(name, iframe);
  box.append(iframe);
  wrap.append(text, box);
  document.getElementById('fields').append(wrap);
};
window.sendToField = (name, message, targetOrigin) => frames.get(name).contentWindow.postMessage(message, targetOrigin);
</script></body></html>`;

describe('secure fields in Chromium', { skip: hasChromium() ? false : `no Chromium at ${CHROMIUM_PATH}` }, () => {
  let browser: Browser, ctx: BrowserContext, server: Server;
  // The iframe on 127.0.0.1, the merchant on localhost: different origins and sites, both secure contexts.
  let port = 0, iframeUrl = '', embedderOrigin = '', scriptHash = '';

  before(async () => {
    const built = await buildSecureIframe({ pinningJwks: [pinning.publicKey.export({ format: 'jwk' })] });
    scriptHash = built.scriptHash;
    server = createServer((req, res) => {
      const route = new URL(req.url ?? '/', 'http://x').pathname;
      const html = { 'content-type': 'text/html; charset=utf-8' };
      const csp = secureIframeCsp(built.scriptHash, [`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
      if (route === '/iframe.html') res.writeHead(200, { ...html, 'content-security-policy': csp }).end(built.html);
      else if (route === '/') res.writeHead(200, html).end(EMBEDDER);
      else res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    iframeUrl = `http://127.0.0.1:${port}/iframe.html`;
    embedderOrigin = `http://localhost:${port}`;
    browser = await launchBrowser();
    ctx = await browser.newContext({ viewport: { width: 420, height: 360 } });
    ctx.setDefaultTimeout(10_000);
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Opens the merchant page; `problems` collects console errors (CSP violations included) from all frames. */
  async function openEmbedder(origin = embedderOrigin): Promise<{ page: Page; problems: string[] }> {
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    await page.goto(`${origin}/?iframe=${encodeURIComponent(iframeUrl)}`);
    return { page, problems };
  }

  const params = (input_type: string, extra: Record<string, string> = {}) =>
    ({ input_type, embedder: embedderOrigin, session_id: SESSION, pk: PK, sig: SIG, ...extra });
  const addField = (page: Page, name: string, label: string, p: Record<string, string>) =>
    page.evaluate(([n, l, q]) => (window as unknown as TestWindow).addField(n, l, q), [name, label, p] as const);
  const messages = (page: Page) => page.evaluate(() => (window as unknown as TestWindow).__messages);
  const waitForMessage = (page: Page, field: string, type: string) =>
    page.waitForFunction(([f, t]) => (window as unknown as TestWindow).__messages.some((m) => m.field === f && m.data?.type === t), [field, type] as const);
  const input = (page: Page, field: string) => page.frameLocator(`#frame-${field}`).locator('input');
  const send = (page: Page, field: string, message: unknown, targetOrigin: string) =>
    page.evaluate(([f, m, o]) => (window as unknown as TestWindow).sendToField(f, m, o), [field, message, targetOrigin] as const);

  async function readyKey(page: Page, field: string): Promise<string> {
    await waitForMessage(page, field, 'xendit-iframe-ready');
    const ready = (await messages(page)).find((m) => m.field === field && m.data.type === 'xendit-iframe-ready')!;
    assert.equal(ready.origin, `http://127.0.0.1:${port}`);
    return ready.data.ecdhPublicKey!;
  }

  /** The SDK's hidden-input value for one change entry, opened on the "server". */
  const open = (ecdhPublicKey: string, e: { iv: string; value: string }) =>
    decryptEnvelope(`xendit-encrypted-1-${ecdhPublicKey}-${e.iv}-${e.value}`, SESSION, serverKeys.privateKey);

  /** Polls until the field's latest change message decrypts to `expected`; returns that message. */
  async function lastChange(page: Page, field: string, key: string, expected: string[]): Promise<Recorded['data']> {
    const deadline = Date.now() + 10_000;
    let seen: string[] = [];
    for (;;) {
      const last = (await messages(page)).filter((m) => m.field === field && m.data.type === 'xendit-iframe-change').at(-1);
      if (last) {
        seen = last.data.encrypted!.map((e) => open(key, e));
        if (JSON.stringify(seen) === JSON.stringify(expected)) return last.data;
      }
      if (Date.now() > deadline) assert.fail(`${field}: last change decrypts to ${JSON.stringify(seen)}, wanted ${JSON.stringify(expected)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test('the three fields start, encrypt what is typed for the pinned server key, and report validity', async () => {
    const { page, problems } = await openEmbedder();
    await addField(page, 'number', 'Card number', params('credit_card_number'));
    await addField(page, 'expiry', 'Expiry', params('credit_card_expiry'));
    await addField(page, 'cvn', 'CVN', params('credit_card_cvn'));
    const keys = { number: await readyKey(page, 'number'), expiry: await readyKey(page, 'expiry'), cvn: await readyKey(page, 'cvn') };
    for (const k of Object.values(keys)) assert.ok(Buffer.from(k, 'base64').subarray(0, 23).equals(spki.subarray(0, 23)), 'a P-384 SPKI');
    assert.equal(new Set(Object.values(keys)).size, 3, 'one ephemeral key per field');

    await input(page, 'number').pressSequentially('4000 0000 0000 1091');
    assert.equal(await input(page, 'number').inputValue(), '4000 0000 0000 1091');
    const number = await lastChange(page, 'number', keys.number, ['4000000000001091']);
    const { encrypted, ...rest } = number;
    assert.deepEqual(rest, { type: 'xendit-iframe-change', empty: false, valid: true, validationErrorCodes: [], cardBrand: 'VISA' });
    assert.equal(Buffer.from(encrypted![0]!.iv, 'base64').length, 48);

    await input(page, 'expiry').pressSequentially('1/');
    assert.equal(await input(page, 'expiry').inputValue(), '01/', '"1/" is zero-padded');
    await input(page, 'expiry').fill('');
    await input(page, 'expiry').pressSequentially('1230');
    assert.equal(await input(page, 'expiry').inputValue(), '12/30');
    const expiry = await lastChange(page, 'expiry', keys.expiry, ['12', '2030']);
    assert.deepEqual([expiry.valid, expiry.cardBrand], [true, null]);

    await input(page, 'cvn').pressSequentially('123');
    assert.equal(await input(page, 'cvn').getAttribute('type'), 'password');
    assert.equal((await lastChange(page, 'cvn', keys.cvn, ['123'])).valid, true);

    // focus/blur are reported for the SDK's styling; every message came from the iframe origin.
    const all = await messages(page);
    assert.ok(all.some((m) => m.field === 'number' && m.data.type === 'xendit-iframe-focus'));
    assert.ok(all.some((m) => m.field === 'number' && m.data.type === 'xendit-iframe-blur'));
    assert.ok(all.every((m) => m.origin === `http://127.0.0.1:${port}`));
    assert.deepEqual(await page.evaluate(() => (window as unknown as TestWindow).__foreign), []);
    assert.equal(await page.frameLocator('#frame-number').getByLabel('Card number').count(), 1, 'accessible name');
    assert.deepEqual(await input(page, 'number').evaluate((el: HTMLInputElement) => [el.inputMode, el.autocomplete, el.maxLength]), ['numeric', 'cc-number', 23]);

    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'secure-fields.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('an invalid number is reported invalid with validation.card_number_invalid', async () => {
    const { page, problems } = await openEmbedder();
    await addField(page, 'number', 'Card number', params('credit_card_number'));
    const key = await readyKey(page, 'number');
    await input(page, 'number').pressSequentially('4000000000001092');
    const change = await lastChange(page, 'number', key, ['4000000000001092']);
    const { valid, empty, validationErrorCodes } = change;
    assert.deepEqual({ valid, empty, validationErrorCodes }, { valid: false, empty: false, validationErrorCodes: [{ localeKey: 'validation.card_number_invalid' }] });
    // The SDK would submit it with the suffix; the server still opens it (card_info strips it anyway).
    const e = change.encrypted![0]!;
    const suffixed = `xendit-encrypted-1-${key}-${e.iv}-${e.value}-invalid-${btoa('validation.card_number_invalid')}`;
    assert.equal(decryptEnvelope(suffixed, SESSION, serverKeys.privateKey), '4000000000001092');
    // Backspace over the group separator deletes a digit instead of getting stuck.
    await input(page, 'number').fill('');
    await input(page, 'number').pressSequentially('40000');
    await input(page, 'number').press('Backspace');
    await input(page, 'number').press('Backspace');
    assert.equal(await input(page, 'number').inputValue(), '400');
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('a server key not signed by a pinning key, or a missing parameter, fails closed', async () => {
    const { page, problems } = await openEmbedder();
    await addField(page, 'forged', 'Card number', params('credit_card_number', { sig: signWith(p384().privateKey, spki) }));
    const attacker = p384().publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    await addField(page, 'swapped', 'Card number', params('credit_card_number', { pk: attacker })); // genuine sig, other key
    await addField(page, 'nosig', 'Card number', params('credit_card_number', { sig: '' }));
    for (const field of ['forged', 'swapped', 'nosig']) await waitForMessage(page, field, 'xendit-iframe-failed-init');
    await page.waitForTimeout(300);
    assert.ok(!(await messages(page)).some((m) => m.data.type === 'xendit-iframe-ready'), 'no ready without a pinned key');
    for (const [field, code] of [['forged', 'key_not_pinned'], ['swapped', 'key_not_pinned'], ['nosig', 'missing_sig']]) {
      assert.equal(await page.frameLocator(`#frame-${field}`).locator('[role=alert]').textContent(), `✕ ${code}`);
    }
    assert.equal(await page.frameLocator('#frame-forged').locator('input').count(), 0, 'no field to type a card into');
    assert.deepEqual(problems.map((p) => p.startsWith('Lunas secure field could not start')), [true, true, true], problems.join('\n'));
    await page.close();
  });

  test('the parent can focus and populate the field; messages from another window or origin are ignored', async () => {
    const scenario = { type: 'xendit-iframe-populate-for-simulation', scenario: '3_ds_frictionless_authentication_is_successful_visa' };
    const iframeOrigin = `http://127.0.0.1:${port}`;

    // 1. Right window, wrong origin: the parent is 127.0.0.1 but the field was told its embedder is localhost.
    const wrong = await openEmbedder(iframeOrigin);
    await addField(wrong.page, 'number', 'Card number', params('credit_card_number'));
    await input(wrong.page, 'number').waitFor();
    await send(wrong.page, 'number', scenario, iframeOrigin);
    await wrong.page.waitForTimeout(500);
    assert.equal(await input(wrong.page, 'number').inputValue(), '');
    // The field's own posts target the embedder it was given, so this parent never hears from it.
    assert.deepEqual(await messages(wrong.page), []);
    assert.ok(wrong.problems.every((p) => /target origin provided \('http:\/\/localhost:\d+'\) does not match/.test(p)), wrong.problems.join('\n'));
    await wrong.page.close();

    // 2. Right origin, wrong window: a sibling frame on the embedder's own origin, and the field
    //    messaging itself — neither is window.parent.
    const { page, problems } = await openEmbedder();
    await addField(page, 'number', 'Card number', params('credit_card_number'));
    await addField(page, 'expiry', 'Expiry', params('credit_card_expiry'));
    const keys = { number: await readyKey(page, 'number'), expiry: await readyKey(page, 'expiry') };
    await page.evaluate(() => {
      const sibling = document.createElement('iframe');
      sibling.name = 'sibling';
      sibling.srcdoc = '<!doctype html><title>sibling</title>'; // inherits the embedder origin
      document.body.append(sibling);
      return new Promise((resolve) => sibling.addEventListener('load', resolve));
    });
    const sibling = page.frame({ name: 'sibling' })!;
    assert.equal(await sibling.evaluate(() => origin), embedderOrigin);
    await sibling.evaluate(([m, o]) => parent.document.querySelector<HTMLIFrameElement>('#frame-number')!.contentWindow!.postMessage(m, o), [scenario, iframeOrigin] as const);
    const frame = page.frames().find((f) => f.url().startsWith(iframeUrl) && f.url().includes('credit_card_number'))!;
    await frame.evaluate((m) => window.postMessage(m, '*'), scenario);
    await page.waitForTimeout(400);
    assert.equal(await input(page, 'number').inputValue(), '');

    // 3. The SDK itself: populate-for-simulation fills the test card, focus focuses the input.
    for (const field of ['number', 'expiry']) await send(page, field, scenario, iframeOrigin);
    // A frictionless Visa scenario fills the frictionless Visa test card.
    assert.equal((await lastChange(page, 'number', keys.number, ['4000000000001000'])).cardBrand, 'VISA');
    assert.equal((await lastChange(page, 'expiry', keys.expiry, ['12', '2030'])).valid, true);
    assert.equal(await input(page, 'number').inputValue(), '4000 0000 0000 1000');
    await send(page, 'expiry', { type: 'xendit-iframe-focus' }, iframeOrigin);
    await waitForMessage(page, 'expiry', 'xendit-iframe-focus');
    assert.equal(await input(page, 'expiry').evaluate((el) => el === document.activeElement), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('appearance: allowed, harmless styles apply; resources and unknown properties are dropped', async () => {
    const { page, problems } = await openEmbedder();
    const inputStyles = { color: 'red', background: 'url(x)', backgroundColor: 'url(https://x.example/bg.png)', fontSize: '18px', fontWeight: 'nonsense', letterSpacing: '2px' };
    const appearance = { inputStyles, placeholderStyles: { color: 'rgb(0, 128, 0)' } };
    await addField(page, 'number', 'Card number', params('credit_card_number', { appearance: JSON.stringify(appearance) }));
    await readyKey(page, 'number');
    const style = await input(page, 'number').evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, image: s.backgroundImage, bg: s.backgroundColor, size: s.fontSize, weight: s.fontWeight, spacing: s.letterSpacing, placeholder: getComputedStyle(el, '::placeholder').color, inline: el.getAttribute('style') };
    });
    assert.deepEqual({ ...style, inline: undefined }, {
      color: 'rgb(255, 0, 0)', image: 'none', bg: 'rgba(0, 0, 0, 0)', size: '18px', weight: '400', spacing: '2px', placeholder: 'rgb(0, 128, 0)', inline: undefined,
    });
    assert.doesNotMatch(style.inline ?? '', /url|background/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test('the page that ran above is served under a hash-only script CSP', async () => {
    const res = await fetch(iframeUrl);
    const script = /<script>([\s\S]*)<\/script>/.exec(await res.text())![1]!;
    assert.equal(`sha256-${createHash('sha256').update(script).digest('base64')}`, scriptHash);
    assert.ok(res.headers.get('content-security-policy')?.includes(`script-src '${scriptHash}';`));
  });
});
