/**
 * @lunas/components without a browser: the pure parts of the SDK (form → channel_properties,
 * field validation, channel merging, action choice, key parsing, dictionaries) and how Lunas
 * serves the built bundles. The browser behaviour is in e2e/lunas-components.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { buildChannels } from '../../../packages/components/src/channels.ts';
import { buildChannelProperties, validateField } from '../../../packages/components/src/form/fields.ts';
import { DICTIONARIES, translator } from '../../../packages/components/src/i18n/index.ts';
import { CHECKOUT_DICTIONARIES, checkoutTranslator, INSTRUCTION_DICTIONARIES, PAGE_DICTIONARIES } from '../../../packages/components/src/i18n/server-pages.ts';
import { parseSdkKey } from '../../../packages/components/src/key.ts';
import { chooseAction } from '../../../packages/components/src/state.ts';
import type { BffChannel, BffResponse, FormField } from '../../../packages/components/src/types.ts';
import { startTestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';

const field = (channel_property: string | string[], type: FormField['type'], extra: Partial<FormField> = {}): FormField => ({ label: 'x', placeholder: '', type, channel_property, required: true, span: 2, ...extra });

describe('SDK form: channel_properties built from the form', () => {
  test('dotted paths nest, array properties spread a JSON array, a trailing [] wraps, hidden and empty fields are left out', () => {
    const form = [
      field('card_details.card_number', { name: 'credit_card_number' }),
      field(['card_details.expiry_month', 'card_details.expiry_year'], { name: 'credit_card_expiry' }),
      field('card_details.cardholder_first_name', { name: 'text', max_length: 50 }),
      field('tags[]', { name: 'text', max_length: 10 }),
      field('billing.city', { name: 'text', max_length: 10 }, { flags: { require_billing_information: true } }),
      field('promo', { name: 'text', max_length: 10 }, { display_if: [['tags[]', 'equals', 'vip']] }),
      field('note', { name: 'text', max_length: 10 }, { required: false }),
    ];
    const values = { 'card_details.card_number': 'env-number', 'card_details.expiry_month__card_details.expiry_year': ['env-mm', 'env-yyyy'], 'card_details.cardholder_first_name': '  Jane ', 'tags[]': 'regular', 'billing.city': 'Jakarta', promo: 'SAVE10', note: '' };
    assert.deepEqual(buildChannelProperties(form, values, false), {
      card_details: { card_number: 'env-number', expiry_month: 'env-mm', expiry_year: 'env-yyyy', cardholder_first_name: 'Jane' },
      tags: ['regular'],
    });
    assert.deepEqual(buildChannelProperties(form, { ...values, 'tags[]': 'vip' }, true).billing, { city: 'Jakarta' }, 'billing fields appear when card_info asks for them');
    assert.equal(buildChannelProperties(form, { ...values, 'tags[]': 'vip' }, true).promo, 'SAVE10', 'display_if shows the field');
  });

  test('every value lands at its path (property)', () => {
    const segment = fc.stringMatching(/^[a-z][a-z_]{0,8}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.array(segment, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5, selector: (p) => p[0] }), fc.string({ minLength: 1 }), (paths, value) => {
        const form = paths.map((p) => field(p.join('.'), { name: 'text', max_length: 1000 }));
        const text = value.trim() === '' ? 'x' : value;
        const built = buildChannelProperties(form, Object.fromEntries(paths.map((p) => [p.join('.'), text])), false);
        for (const p of paths) assert.equal(p.reduce<any>((node, key) => node?.[key], built), text.trim());
      }),
    );
  });
});

describe('SDK form: validation of the fields the SDK draws', () => {
  test('required, numeric, lengths, regex validators (with /…/flags), email, phone, postal code, dropdown', () => {
    const text = field('n', { name: 'text', min_length: 4, max_length: 6, numeric: true });
    assert.equal(validateField(text, '')?.key, 'validation.required');
    assert.equal(validateField({ ...text, required: false }, ''), null);
    assert.equal(validateField(text, '12a4')?.key, 'validation.numeric');
    assert.deepEqual(validateField(text, '123'), { key: 'validation.text_too_short', params: { min: 4 } });
    assert.deepEqual(validateField(text, '1234567'), { key: 'validation.text_too_long', params: { max: 6 } });
    assert.equal(validateField(text, '1234'), null);
    const named = field('name', { name: 'text', max_length: 50, regex_validators: [{ regex: '/^[a-z ]+$/i', message: 'Letters only' }] });
    assert.deepEqual(validateField(named, 'J0hn'), { key: 'Letters only', literal: true });
    assert.equal(validateField(named, 'John Doe'), null);
    assert.equal(validateField(field('e', { name: 'email' }), 'john@example')?.key, 'validation.email');
    assert.equal(validateField(field('e', { name: 'email' }), 'john@example.com'), null);
    assert.equal(validateField(field('p', { name: 'phone_number' }), '0812')?.key, 'validation.phone');
    assert.equal(validateField(field('p', { name: 'phone_number' }), '+6281234567890'), null);
    assert.equal(validateField(field('p', { name: 'phone_number' }), '+6281234567890', () => false)?.key, 'validation.phone', 'libphonenumber has the last word once loaded');
    assert.equal(validateField(field('z', { name: 'postal_code' }), '12!')?.key, 'validation.postal_code');
    const dropdown = field('d', { name: 'dropdown', options: [{ label: 'A', value: 'a' }] });
    assert.equal(validateField(dropdown, 'b')?.key, 'validation.required');
    assert.equal(validateField(dropdown, 'a'), null);
  });

  test('a malformed server regex never blocks the customer, and no input makes validation throw (property)', () => {
    assert.equal(validateField(field('x', { name: 'text', max_length: 9, regex_validators: [{ regex: '([', message: 'm' }] }), 'abc'), null);
    const types: FormField['type'][] = [{ name: 'text', max_length: 5, min_length: 2, numeric: true }, { name: 'email' }, { name: 'phone_number' }, { name: 'postal_code' }, { name: 'dropdown', options: [] }];
    fc.assert(fc.property(fc.constantFrom(...types), fc.oneof(fc.string(), fc.constant(undefined)), (type, value) => void validateField(field('x', type), value)));
  });
});

describe('SDK channels and actions', () => {
  const channel = (code: string, group: string, extra: Partial<BffChannel> = {}): BffChannel => ({ brand_name: code, brand_logo_url: '', brand_color: '#000000', ui_group: group, channel_code: code, allow_pay_without_save: true, allow_save: false, form: [], instructions: [], ...extra });

  test('a brand offered once to pay and once to save is one choice; channels of unknown groups are dropped', () => {
    const data = {
      channels: [channel('CARDS', 'cards'), channel('CARDS_SAVE', 'cards', { brand_name: 'CARDS', allow_pay_without_save: false, allow_save: true }), channel('DANA', 'ewallet'), channel('GHOST', 'nowhere')],
      channel_ui_groups: [{ id: 'cards', label: 'Cards', icon_url: '' }, { id: 'ewallet', label: 'E-wallets', icon_url: '' }],
    } as unknown as BffResponse;
    const { channels, groups } = buildChannels(data);
    assert.deepEqual(channels.map((c) => c.public.channelCode), [['CARDS', 'CARDS_SAVE'], 'DANA']);
    assert.equal(channels[0]!.payOnly?.channel_code, 'CARDS');
    assert.equal(channels[0]!.saving?.channel_code, 'CARDS_SAVE');
    assert.deepEqual(groups.map((g) => g.groupId), ['cards', 'ewallet']);
  });

  test('the action shown: deeplink only on phones, the action iframe for web pages, a full redirect when framing is refused, push for no actions, an OTP form for the OTP pair', () => {
    const web = { type: 'REDIRECT_CUSTOMER', descriptor: 'WEB_URL', value: 'https://lunas/sim', iframe_capable: true } as const;
    const deeplink = { type: 'REDIRECT_CUSTOMER', descriptor: 'DEEPLINK_URL', value: 'https://lunas/sim?via=deeplink' } as const;
    const desktop = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156';
    const phone = 'Mozilla/5.0 (Linux; Android 14) Mobile Chrome/156';
    assert.deepEqual(chooseAction([web, deeplink], desktop, false), { kind: 'iframe', url: web.value, purpose: 'redirect' });
    assert.deepEqual(chooseAction([web, deeplink], phone, false), { kind: 'deeplink', url: deeplink.value, webUrl: web.value });
    assert.deepEqual(chooseAction([{ ...web, iframe_capable: false }], desktop, false), { kind: 'redirect', url: web.value });
    assert.deepEqual(chooseAction([web], desktop, true), { kind: 'iframe', url: web.value, purpose: 'card' });
    assert.deepEqual(chooseAction([], desktop, false), { kind: 'push' });
    // The OTP pair is an OTP form (with the gateway's copy); CAPTURE_PAYMENT alone is still nothing to show.
    const otp = { type: 'API_POST_REQUEST', descriptor: 'VALIDATE_OTP', value: '/otp', otp: { title: 'Enter the OTP', instructions: 'BPI sent it' } } as const;
    assert.deepEqual(chooseAction([otp, { type: 'API_POST_REQUEST', descriptor: 'RESEND_OTP', value: '/resend' }], desktop, false), {
      kind: 'otp', title: 'Enter the OTP', instructions: 'BPI sent it', url: '/otp', resendUrl: '/resend', busy: false, error: null, resent: false,
    });
    assert.equal((chooseAction([{ type: 'API_POST_REQUEST', descriptor: 'VALIDATE_OTP', value: '/otp' }], desktop, false) as { resendUrl: string | null }).resendUrl, null);
    assert.equal(chooseAction([{ type: 'API_POST_REQUEST', descriptor: 'CAPTURE_PAYMENT', value: '/capture' }], desktop, false), null);
  });

  test('sdk keys: the auth key is the first two parts; a malformed key is refused with a message that says what to pass', () => {
    assert.deepEqual(parseSdkKey('session-abc-pl-PK-SIG'), { sessionAuthKey: 'session-abc', hostId: 'pl', publicKey: 'PK', signature: 'SIG' });
    for (const bad of [undefined, '', 'session-abc-pl', 'session--pl-PK-SIG', 42]) assert.throws(() => parseSdkKey(bad), /components_sdk_key/);
  });

  test('every language has every English key with the same placeholders: the SDK, the simulator pages, the hosted checkout, the gateway instructions', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const sources: [string, Record<string, Record<string, string>>][] = [['SDK', DICTIONARIES], ['server pages', PAGE_DICTIONARIES], ['hosted checkout', CHECKOUT_DICTIONARIES], ['gateway instructions', INSTRUCTION_DICTIONARIES]];
    for (const [source, dictionaries] of sources) {
      assert.deepEqual(Object.keys(dictionaries).sort(), ['en', 'id', 'th', 'vi'], source);
      for (const [locale, dictionary] of Object.entries(dictionaries)) {
        assert.deepEqual(Object.keys(dictionary), Object.keys(dictionaries.en!), `${source} ${locale}`);
        for (const [key, text] of Object.entries(dictionaries.en!)) {
          assert.ok(dictionary[key]!.trim().length > 0, `${source} ${locale} ${key} is not empty`);
          assert.deepEqual(placeholders(dictionary[key]!), placeholders(text), `${source} ${locale} ${key}`);
        }
      }
    }
    assert.equal(checkoutTranslator('id')('checkout.pay', { amount: 'Rp 10.000' }), 'Bayar Rp 10.000');
    assert.equal(translator('th')('va.title', { app: 'KBank' }).includes('KBank'), true);
    assert.equal(translator('fr')('action.copy'), 'Copy', 'unknown languages fall back to English');
  });
});

describe('the SDK as a workspace package', () => {
  test('a merchant bundler resolves @lunas/components from the workspace and bundles it for the browser', async () => {
    const { build } = await import('esbuild');
    const result = await build({
      stdin: { contents: "import { XenditComponents, LunasComponents } from '@lunas/components'; export const same = XenditComponents === LunasComponents;", resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'silent',
    });
    assert.deepEqual(result.errors, []);
    const code = result.outputFiles[0]!.text;
    assert.ok(code.includes('/api/sessions/payment_requests'), 'the gateway client is in the bundle');
    // Its lazy modules are fetched by their stable names from `baseUrl`/sdk/; Lunas serves them.
    const t = await startTestApp('sqlite');
    try {
      for (const name of ['qr', 'barcode', 'phone', 'mock']) {
        assert.ok(code.includes(`lunas-components-${name}.mjs`), name);
        const res = await t.app.inject({ method: 'GET', url: `/sdk/lunas-components-${name}.mjs` });
        assert.equal(res.statusCode, 200, name);
        assert.equal(res.headers['cache-control'], 'public, max-age=300, must-revalidate');
      }
    } finally {
      await t.close();
    }
  });
});

describe('Lunas serves the SDK', () => {
  const t = testAppPerSuite('sqlite');

  test('the ESM and script-tag builds, with CORS for any page, a short cache on the stable names and a year on hashed ones', async () => {
    const esm = await t.app.inject({ method: 'GET', url: '/sdk/lunas-components.mjs' });
    assert.equal(esm.statusCode, 200);
    assert.match(esm.headers['content-type'] as string, /^text\/javascript/);
    assert.equal(esm.headers['access-control-allow-origin'], '*');
    assert.equal(esm.headers['cache-control'], 'public, max-age=300, must-revalidate');
    assert.ok(/export\s*\{/.test(esm.body), 'an ES module');
    const umd = await t.app.inject({ method: 'GET', url: '/sdk/lunas-components.umd.js' });
    assert.equal(umd.statusCode, 200);
    assert.ok(/^"use strict";var LunasComponents=/.test(umd.body), 'a script defining the global');
    assert.ok(/LunasComponents=LunasComponents\.default;\s*$/.test(umd.body), 'the global is the SDK class itself');

    // The lazy modules the core names exist and are immutable.
    const chunks = [...esm.body.matchAll(/lunas-components-(qr|barcode|phone|mock)\.[0-9a-f]{12}\.mjs/g)].map((m) => m[0]);
    assert.deepEqual(new Set(chunks.map((c) => c.split('.')[0])), new Set(['lunas-components-qr', 'lunas-components-barcode', 'lunas-components-phone', 'lunas-components-mock']));
    for (const chunk of new Set(chunks)) {
      const res = await t.app.inject({ method: 'GET', url: `/sdk/${chunk}` });
      assert.equal(res.statusCode, 200, chunk);
      assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    }
  });

  test('compressed for browsers that accept it (brotli, then gzip), identical once decompressed', async () => {
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const plain = await t.app.inject({ method: 'GET', url: '/sdk/lunas-components.mjs' });
    const br = await t.app.inject({ method: 'GET', url: '/sdk/lunas-components.mjs', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const gz = await t.app.inject({ method: 'GET', url: '/sdk/lunas-components.mjs', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 3, `brotli ${br.rawPayload.length} B vs ${plain.rawPayload.length} B`);
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), plain.body);
    assert.equal(gunzipSync(gz.rawPayload).toString(), plain.body);
  });

  test('an unknown file is a 404 in the error shape, naming the files to load', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/sdk/lunas-components.min.js' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error_code, 'NOT_FOUND');
    assert.match(res.json().message, /lunas-components\.umd\.js/);
  });
});
