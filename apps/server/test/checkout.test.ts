/**
 * The hosted checkout behind payment_link_url, in process (app.inject) on SQLite and
 * PostgreSQL: what a link shows in each state, its security headers, the page's Cancel, the
 * PAYMENT_LINK origin rule of the gateway and the secure iframe, and the branding API.
 * The page in a browser, around the real SDK, is test/e2e/hosted-checkout.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eventsFor } from '../src/modules/events/outbox.ts';
import { accentOnWhite, contrast, onBrand } from '../src/modules/checkout/theme.ts';
import { FOUNDING_PAYLOAD } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { attempt, card, decide, getSession, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

const ACTIVE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; form-action 'self' https://shop.example; base-uri 'none'; frame-ancestors 'none'";
const RESULT_CSP = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; connect-src 'none'; frame-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const URLS = { success_return_url: 'https://shop.example/orders/42/thanks', cancel_return_url: 'https://shop.example/orders/42/cart' };
const ITEMS = [
  { reference_id: 'sku-1', type: 'PHYSICAL_PRODUCT', name: 'Kopi susu', net_unit_amount: 3000, quantity: 2, category: 'drinks' },
  { reference_id: 'sku-2', type: 'PHYSICAL_PRODUCT', name: 'Roti bakar', net_unit_amount: 4000, quantity: 1, category: 'food' },
];
/** A 1×1 transparent PNG. */
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const linkPath = (session: Record<string, any>) => new URL(session.payment_link_url).pathname;
const config = (html: string) => JSON.parse(/<script type="application\/json" id="checkout-config">(.*?)<\/script>/s.exec(html)![1]!);
/** The text of the element with this test id, with Intl's no-break spaces read as spaces. */
const text = (html: string, testId: string) => new RegExp(`data-testid="${testId}"[^>]*>([^<]*)<`).exec(html)?.[1]?.replace(/[\u00a0\u202f]/g, ' ');

for (const dialect of DIALECTS) {
  describe(`hosted checkout [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    async function linkSession(changes: Record<string, unknown> = {}): Promise<Record<string, any>> {
      const res = await t.post('/sessions', { ...structuredClone(FOUNDING_PAYLOAD), components_configuration: undefined, mode: 'PAYMENT_LINK', ...URLS, ...changes });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    }
    const open = (path: string, headers: Record<string, string> = {}) => t.request({ method: 'GET', url: path, auth: null, headers });
    const cancelByPage = (path: string, origin: string | null = 'null') =>
      t.request({ method: 'POST', url: `${path}/cancel`, auth: null, headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) }, payload: '' });

    test('an ACTIVE link renders merchant, amount, description, items and expiry in the session language, with a Pay button', async () => {
      const session = await linkSession({ amount: 10000, description: 'Breakfast for two', items: ITEMS });
      const res = await open(linkPath(session));
      assert.equal(res.statusCode, 200);
      const html = res.body;
      assert.match(html, /^<!doctype html>\n<html lang="en-ID">/);
      assert.equal(text(html, 'checkout-merchant'), 'Online store', 'the bootstrap placeholder name is never shown: a neutral name is');
      assert.equal(text(html, 'checkout-amount'), 'Rp 10.000');
      assert.equal(text(html, 'checkout-description'), 'Breakfast for two');
      assert.match(html, /<span class="item-name">Kopi susu<\/span><span class="item-qty">Qty 2<\/span><span class="item-amount">Rp\s6\.000<\/span>/);
      assert.match(html, /<span class="item-name">Roti bakar<\/span><span class="item-qty">Qty 1<\/span><span class="item-amount">Rp\s4\.000<\/span>/);
      assert.match(html, /This link expires on <time datetime="2026-03-01T\d\d:\d\d:00\.000Z">[^<]+\(WIB\)<\/time>\./);
      assert.match(html, /<button id="checkout-pay" class="pay" type="button" data-testid="checkout-pay" disabled>Pay Rp\s10\.000<\/button>/);
      assert.match(html, new RegExp(`<form class="cancel-form" method="post" action="${linkPath(session)}/cancel">`));
      assert.match(html, /<script type="module" src="\/checkout\/assets\/checkout-[\w-]{16}\.mjs"><\/script>/);
      assert.equal((html.match(/<script/g) ?? []).length, 2, 'the module and the JSON data block, nothing else');
      // The page hands the SDK a browser credential for this session and where to go next.
      const settings = config(html);
      assert.match(settings.sdkKey, /^session-[0-9a-f]{32}-pl-/);
      assert.equal(settings.baseUrl, 'https://lunas.test');
      assert.equal(settings.completeUrl, URLS.success_return_url);
      assert.equal(settings.endedUrl, URLS.cancel_return_url);
      assert.equal(settings.locale, 'en');
      // The link never reveals the session id, and the API never shows the page's key.
      assert.ok(!session.payment_link_url.includes(session.payment_session_id.slice(3)));
      assert.ok(!html.includes(session.payment_session_id));
      assert.equal('components_sdk_key' in (await getSession(t, session.payment_session_id)), false);
    });

    test('security headers are exact: strict CSP, no framing, no referrer, no sniffing, no caching', async () => {
      const session = await linkSession();
      const res = await open(linkPath(session));
      assert.equal(res.headers['content-security-policy'], ACTIVE_CSP);
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      // Without a cancel_return_url the Cancel form can only lead back to Lunas.
      const plain = await linkSession({ cancel_return_url: undefined });
      assert.match(String((await open(linkPath(plain))).headers['content-security-policy']), /form-action 'self'; /);
      // Every URL the page loads is Lunas's own (relative), apart from inline data.
      for (const [, url] of res.body.matchAll(/(?:src|href)="([^"]+)"/g)) assert.match(url!, /^(\/|#)/, url);
    });

    test('the page speaks the session locale: id, th, vi (amounts and dates too); unknown locales read English', async () => {
      const cases = [
        { locale: 'id', country: 'ID', currency: 'IDR', amount: 10000, heading: 'Bayar ke Toko online', amountText: 'Rp 10.000', pay: 'Bayar Rp 10.000', lang: 'id-ID' },
        { locale: 'th', country: 'TH', currency: 'THB', amount: 1234.5, heading: 'ชำระเงินให้ ร้านค้าออนไลน์', amountText: '฿1,234.50', pay: 'ชำระ ฿1,234.50', lang: 'th-TH' },
        { locale: 'vi', country: 'VN', currency: 'VND', amount: 50000, heading: 'Thanh toán cho Cửa hàng trực tuyến', amountText: '50.000 ₫', pay: 'Thanh toán 50.000 ₫', lang: 'vi-VN' },
        { locale: 'fr', country: 'ID', currency: 'IDR', amount: 10000, heading: 'Pay Online store', amountText: 'Rp 10.000', pay: 'Pay Rp 10.000', lang: 'en-ID' },
      ];
      for (const c of cases) {
        const session = await linkSession({ locale: c.locale, country: c.country, currency: c.currency, amount: c.amount });
        const html = (await open(linkPath(session))).body;
        assert.match(html, new RegExp(`<html lang="${c.lang}">`), c.locale);
        assert.match(html, new RegExp(`<span class="eyebrow">${c.heading}</span>`), c.locale);
        assert.equal(text(html, 'checkout-amount'), c.amountText, c.locale);
        assert.equal(text(html, 'checkout-pay'), c.pay, c.locale);
        assert.equal(config(html).locale, c.locale === 'fr' ? 'en' : c.locale);
      }
    });

    test('a SAVE session asks to save a method: no amount, a Save button', async () => {
      const session = await linkSession({ session_type: 'SAVE', amount: 0, allowed_payment_channels: ['CARDS'] });
      const html = (await open(linkPath(session))).body;
      assert.match(html, /<span class="eyebrow">Save a payment method for Online store<\/span><\/h1>/);
      assert.equal(text(html, 'checkout-amount'), undefined);
      assert.equal(text(html, 'checkout-pay'), 'Save payment method');
    });

    test('a SUBSCRIPTION link: the cycle amount and a Subscribe button; once linked, "Subscription started" (in id too)', async () => {
      const subscription = { schedule: { anchor_date: '2031-01-05T02:00:00Z', interval: 'MONTH', interval_count: 1 } };
      const session = await linkSession({ session_type: 'SUBSCRIPTION', subscription, allowed_payment_channels: ['CARDS'] });
      const html = (await open(linkPath(session))).body;
      assert.match(html, /<span class="eyebrow">Subscribe to Online store<\/span>/);
      assert.equal(text(html, 'checkout-amount'), 'Rp 10.000');
      assert.equal(text(html, 'checkout-pay'), 'Subscribe');
      await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      const done = (await open(linkPath(session))).body;
      assert.match(done, /data-testid="checkout-result" data-status="COMPLETED"/);
      assert.equal(text(done, 'checkout-result-title'), 'Subscription started');
      assert.equal(text(done, 'checkout-result-message'), 'Your subscription with Online store is active.');
      const id = await linkSession({ session_type: 'SUBSCRIPTION', subscription, allowed_payment_channels: ['CARDS'], locale: 'id' });
      assert.equal(text((await open(linkPath(id))).body, 'checkout-pay'), 'Berlangganan');
    });

    test('merchant text is escaped, and the data block cannot close its script element', async () => {
      const session = await linkSession({ description: '</script><script>alert(1)</script>', items: [{ ...ITEMS[0], name: '<img src=x onerror=alert(1)>' }] });
      const html = (await open(linkPath(session))).body;
      assert.ok(!html.includes('<script>alert(1)'));
      assert.ok(!html.includes('<img src=x'));
      assert.match(html, /&lt;\/script>&lt;script>alert\(1\)/);
      assert.equal((html.match(/<\/script>/g) ?? []).length, 2);
    });

    test('an unknown or malformed link is a clear 404 page', async () => {
      for (const path of ['/checkout/AAAAAAAAAAAAAAAAAAAAAA', '/checkout/not-a-link']) {
        const res = await open(path);
        assert.equal(res.statusCode, 404, path);
        assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
        assert.equal(res.headers['content-security-policy'], RESULT_CSP);
        assert.equal(text(res.body, 'checkout-result-title'), 'Payment link not found');
        assert.ok(!res.body.includes('checkout-pay'));
      }
    });

    test('a COMPLETED link shows the success and the way back, and accepts no payment', async () => {
      const session = await linkSession();
      await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
      const res = await open(linkPath(session));
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-security-policy'], RESULT_CSP);
      assert.match(res.body, /data-testid="checkout-result" data-status="COMPLETED"/);
      assert.equal(text(res.body, 'checkout-result-title'), 'Payment successful');
      assert.equal(text(res.body, 'checkout-amount'), 'Rp 10.000');
      assert.match(res.body, new RegExp(`<a class="pay" href="${URLS.success_return_url}" data-testid="checkout-return">Return to Online store</a>`));
      for (const absent of ['checkout-pay', 'checkout-form', 'checkout-config', '<script', 'session-']) assert.ok(!res.body.includes(absent), absent);
      // Cancel after completion changes nothing and leads back to the result.
      const cancel = await cancelByPage(linkPath(session));
      assert.equal(cancel.statusCode, 303);
      assert.equal(cancel.headers.location, linkPath(session));
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
    });

    test('an EXPIRED link shows the expiry (persisting it, with its webhook) and a way back', async () => {
      const session = await linkSession({ locale: 'vi', country: 'VN', currency: 'VND', amount: 50000 });
      t.clock.advance(31 * 60 * 1000);
      const res = await open(linkPath(session));
      assert.match(res.body, /data-status="EXPIRED"/);
      assert.equal(text(res.body, 'checkout-result-title'), 'Liên kết thanh toán đã hết hạn');
      assert.match(res.body, new RegExp(`href="${URLS.cancel_return_url}" data-testid="checkout-return"`));
      assert.ok(!res.body.includes('checkout-pay'));
      assert.equal((await getSession(t, session.payment_session_id)).status, 'EXPIRED');
      assert.deepEqual((await eventsFor(t.store.db, session.payment_session_id)).map((e) => e.type), ['payment_session.expired']);
    });

    test('a link canceled through the API shows it; without a cancel_return_url there is no link away', async () => {
      const session = await linkSession({ cancel_return_url: undefined });
      assert.equal((await t.post(`/sessions/${session.payment_session_id}/cancel`)).statusCode, 200);
      const res = await open(linkPath(session));
      assert.match(res.body, /data-status="CANCELED"/);
      assert.equal(text(res.body, 'checkout-result-title'), 'Payment canceled');
      assert.ok(!res.body.includes('checkout-return'));
    });

    test('Cancel on the page cancels through the sessions service, then goes to cancel_return_url (or the result)', async () => {
      const session = await linkSession();
      const res = await cancelByPage(linkPath(session));
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, URLS.cancel_return_url);
      assert.equal((await getSession(t, session.payment_session_id)).status, 'CANCELED');
      assert.equal((await eventsFor(t.store.db, session.payment_session_id)).length, 0, 'cancellation sends no webhook');

      const plain = await linkSession({ cancel_return_url: undefined });
      const same = await cancelByPage(linkPath(plain), null); // a browser may send no Origin at all
      assert.equal(same.headers.location, linkPath(plain));
      assert.equal((await getSession(t, plain.payment_session_id)).status, 'CANCELED');

      const own = await linkSession();
      assert.equal((await cancelByPage(linkPath(own), 'https://lunas.test')).statusCode, 303);
      assert.equal((await getSession(t, own.payment_session_id)).status, 'CANCELED');
    });

    test('Cancel posted from another site is refused and changes nothing; an unknown link is 404', async () => {
      const session = await linkSession();
      const res = await cancelByPage(linkPath(session), 'https://evil.example');
      assert.equal(res.statusCode, 403);
      assert.equal((await getSession(t, session.payment_session_id)).status, 'ACTIVE');
      assert.equal((await cancelByPage('/checkout/AAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
    });

    test('gateway and secure iframe: a PAYMENT_LINK session admits exactly Lunas\'s own origin', async () => {
      const session = await linkSession();
      const key = /^(session-[0-9a-f]{32})-/.exec(config((await open(linkPath(session))).body).sdkKey)![1]!;
      const sdk = (origin: string) =>
        t.request({ method: 'GET', url: `/api/sessions/${key}?components_version=v0.0.24`, auth: null, headers: { 'content-type': 'application/x-www-form-urlencoded', origin } });
      const own = await sdk('https://lunas.test');
      assert.equal(own.statusCode, 200, own.body);
      assert.equal(own.headers['access-control-allow-origin'], 'https://lunas.test');
      assert.equal(own.json().session.mode, 'PAYMENT_LINK');
      for (const stranger of ['https://example.com', 'http://lunas.test', 'https://lunas.test:8443']) {
        const res = await sdk(stranger);
        assert.equal(res.statusCode, 403, stranger);
        assert.equal(res.json().error_code, 'ORIGIN_NOT_ALLOWED');
        assert.equal(res.headers['access-control-allow-origin'], undefined);
      }
      const iframe = await open(`/components/secure-iframe.html?session_id=${session.payment_session_id}`);
      assert.match(String(iframe.headers['content-security-policy']), /frame-ancestors https:\/\/lunas\.test; /);
      // A COMPONENTS session is not opened to Lunas's origin by this rule.
      const components = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      const componentsKey = /^(session-[0-9a-f]{32})-/.exec(components.components_sdk_key)![1]!;
      const res = await t.request({ method: 'GET', url: `/api/sessions/${componentsKey}`, auth: null, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://lunas.test' } });
      assert.equal(res.statusCode, 403);
    });

    test("a 3DS page of the link's attempt ends on Lunas's result page (inside the page's action iframe), not on the merchant's site", async () => {
      const session = await linkSession();
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001091') });
      const res = await decide(t, webUrl(pr), { decision: 'approve', otp: '123456' });
      assert.equal(res.statusCode, 200, `no 303 to ${res.headers.location}`);
      assert.match(res.body, /xendit-iframe-action-complete/, 'the result page tells the SDK the step is done');
      assert.equal((await getSession(t, session.payment_session_id)).status, 'COMPLETED');
    });

    test('assets: the page script and styles are served immutable; other names are 404', async () => {
      const html = (await open(linkPath(await linkSession()))).body;
      for (const [, path] of html.matchAll(/(?:src|href)="(\/checkout\/assets\/[^"]+)"/g)) {
        const res = await open(path!);
        assert.equal(res.statusCode, 200, path);
        assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.match(String(res.headers['content-type']), path!.endsWith('.mjs') ? /^text\/javascript/ : /^text\/css/);
      }
      const script = (await open(/src="(\/checkout\/assets\/[^"]+\.mjs)"/.exec(html)![1]!)).body;
      assert.match(script, /\/sdk\/lunas-components\.mjs/, 'the SDK stays a separate module');
      for (const missing of ['/checkout/assets/checkout-AAAAAAAAAAAAAAAA.mjs', '/checkout/assets/theme-12345.css', '/checkout/assets/x.css']) assert.equal((await open(missing)).statusCode, 404, missing);
    });

    test('branding: bad input is a Xendit-shaped 400 and writes nothing', async () => {
      const bad: [Record<string, unknown>, string][] = [
        [{ brand_color: 'red' }, '/body/brand_color'],
        [{ brand_color: '#12345' }, '/body/brand_color'],
        [{ display_name: 'Shop', brand_color: '#0f0f0g' }, '/body/brand_color'],
        [{ logo: 'https://cdn.example/logo.png' }, '/body/logo'],
        [{ logo: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }, '/body/logo'],
        [{ display_name: 'Shop', logo: `data:image/png;base64,${Buffer.from('not a png at all').toString('base64')}` }, '/body/logo'],
        [{ logo: `data:image/png;base64,${Buffer.concat([Buffer.from(PNG.split(',')[1]!, 'base64'), Buffer.alloc(70 * 1024)]).toString('base64')}` }, '/body/logo'],
        [{ display_name: '   ' }, '/body/display_name'],
        [{ display_name: 'x'.repeat(101) }, '/body/display_name'],
        [{ logo_url: PNG }, '/body/logo_url'],
      ];
      for (const [body, path] of bad) {
        const res = await t.request({ method: 'PATCH', url: '/checkout/branding', payload: body });
        assert.equal(res.statusCode, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.body}`);
        assert.equal(res.json().error_code, 'API_VALIDATION_ERROR');
        assert.ok(res.json().errors.some((e: { path: string }) => e.path === path), res.body);
      }
      const count = await t.store.db.selectFrom('checkout_branding').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
      assert.deepEqual((await t.get('/checkout/branding')).json(), { display_name: null, brand_color: null, logo: null, updated: null });
      assert.equal((await t.request({ method: 'GET', url: '/checkout/branding', auth: null })).statusCode, 401);
    });

    test('branding: name, logo and colour reach the page; null puts the defaults back', async () => {
      const session = await linkSession();
      const res = await t.request({ method: 'PATCH', url: '/checkout/branding', payload: { display_name: 'Toko Kopi Nusantara', brand_color: '#FFD600', logo: PNG } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { display_name: 'Toko Kopi Nusantara', brand_color: '#ffd600', logo: PNG, updated: t.clock.now().toISOString() });
      const html = (await open(linkPath(session))).body;
      assert.equal(text(html, 'checkout-merchant'), 'Toko Kopi Nusantara');
      // `alt` with no value is the empty alt text: the logo is decoration beside the name.
      assert.match(html, /<img class="logo" src="data:image\/png;base64,[^"]+" alt(="")? data-testid="checkout-logo"\/?>/);
      const theme = /href="(\/checkout\/assets\/theme-ffd600\.css)"/.exec(html)?.[1];
      assert.ok(theme, 'the theme sheet follows the brand colour');
      const css = (await open(theme)).body;
      assert.match(css, /--brand:#ffd600;--on-brand:#000000;/, 'dark text on a yellow button');
      // The 3-D Secure page the checkout opens carries the same look: name, logo, colour.
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001091') });
      const acs = (await open(new URL(webUrl(pr)).pathname)).body;
      assert.match(acs, /Toko Kopi Nusantara/);
      assert.match(acs, /<img class="logo" src="data:image\/png;base64,[^"]+" alt(="")? data-testid="lunas-brand-logo"\/?>/);
      assert.match(acs, /--accent:#[0-9a-f]{6}/);
      // Changing one field keeps the others.
      await t.request({ method: 'PATCH', url: '/checkout/branding', payload: { brand_color: '#0b5fff' } });
      assert.equal((await t.get('/checkout/branding')).json().display_name, 'Toko Kopi Nusantara');
      await t.request({ method: 'PATCH', url: '/checkout/branding', payload: { display_name: null, logo: null, brand_color: null } });
      const reset = (await open(linkPath(session))).body;
      assert.equal(text(reset, 'checkout-merchant'), 'Online store');
      assert.ok(!reset.includes('checkout-logo'));
      assert.match(reset, /theme-1d4ed8\.css/);
    });

    test('a merchant name with markup is shown as text on the page, its result page and in the data block', async () => {
      const name = '<script>alert(1)</script> & "Co"';
      await t.request({ method: 'PATCH', url: '/checkout/branding', payload: { display_name: name } });
      try {
        const session = await linkSession();
        const html = (await open(linkPath(session))).body;
        assert.ok(!html.includes('<script>alert(1)'));
        assert.equal(text(html, 'checkout-merchant'), '&lt;script>alert(1)&lt;/script> &amp; &quot;Co&quot;');
        assert.match(html, /<title>Pay &lt;script>alert\(1\)&lt;\/script> &amp; &quot;Co&quot; · Checkout<\/title>/);
        assert.ok(JSON.stringify(config(html).words).includes(JSON.stringify(name).slice(1, -1)), 'the page script gets the name as it is');
        await t.post(`/sessions/${session.payment_session_id}/cancel`);
        const result = (await open(linkPath(session))).body;
        assert.ok(!result.includes('<script'));
        assert.equal(text(result, 'checkout-merchant'), '&lt;script>alert(1)&lt;/script> &amp; &quot;Co&quot;');
      } finally {
        await t.request({ method: 'PATCH', url: '/checkout/branding', payload: { display_name: null } });
      }
    });
  });
}

describe('brand colour contrast', () => {
  test('the button label and the accent are always readable', () => {
    for (const brand of ['#ffd600', '#ffffff', '#000000', '#1d4ed8', '#22c55e', '#ff5722', '#7f7f7f', '#00e5ff']) {
      assert.ok(contrast(brand, onBrand(brand)) >= 4.5, `${brand} label`);
      assert.ok(contrast(accentOnWhite(brand), '#ffffff') >= 4.5, `${brand} accent`);
    }
    assert.equal(onBrand('#ffd600'), '#000000');
    assert.equal(onBrand('#1d4ed8'), '#ffffff');
    assert.equal(accentOnWhite('#1d4ed8'), '#1d4ed8', 'an already dark colour is kept');
  });
});
