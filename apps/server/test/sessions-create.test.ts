import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { describe, test } from 'node:test';
import { countRows, FOUNDING_PAYLOAD } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

const SESSION_ID = /^ps-[0-9a-f]{24}$/;
const CUSTOMER_ID = /^cust-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SDK_KEY = /^(session-[0-9a-f]{32})-(pl)-([A-Za-z0-9+/]+={0,2})-([A-Za-z0-9+/]+={0,2})$/;

const payload = (changes: Record<string, unknown> = {}) => ({ ...structuredClone(FOUNDING_PAYLOAD), ...changes });

for (const dialect of DIALECTS) {
  describe(`POST /sessions [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('the founding payload creates an ACTIVE components session with Xendit defaults', async () => {
      const res = await t.post('/sessions', FOUNDING_PAYLOAD);
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.match(body.payment_session_id, SESSION_ID);
      assert.equal(body.status, 'ACTIVE');
      assert.equal(body.capture_method, 'AUTOMATIC');
      assert.equal(body.locale, 'en');
      assert.equal(body.amount, 10000);
      assert.equal(body.currency, 'IDR');
      assert.equal(body.business_id, t.businessId);
      assert.match(body.customer_id, CUSTOMER_ID);
      assert.equal(body.created, '2026-03-01T08:00:00.000Z');
      assert.equal(body.updated, body.created);
      assert.equal(body.expires_at, '2026-03-01T08:30:00.000Z');
      assert.deepEqual(body.components_configuration, { origins: ['https://example.com'] });
      for (const absent of ['payment_link_url', 'description', 'items', 'metadata', 'allow_save_payment_method', 'payment_request_id', 'payment_id', 'payment_token_id', 'success_return_url']) {
        assert.equal(absent in body, false, `${absent} must be omitted when not set`);
      }
    });

    test('components_sdk_key has the SDK format and its signature verifies against the pinning key', async () => {
      const body = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      const match = SDK_KEY.exec(body.components_sdk_key);
      assert.ok(match, `bad key format: ${body.components_sdk_key}`);
      const spki = Buffer.from(match[3]!, 'base64');
      assert.equal(spki.length, 120);
      assert.ok(match[3]!.startsWith('MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAE'), 'P-384 SPKI');
      const signature = Buffer.from(match[4]!, 'base64');
      assert.equal(signature.length, 96, 'IEEE-P1363 r||s for P-384');
      const pinning = t.services.sdkKeys.pinningPublicKeys()[0]!;
      assert.ok(verify('sha256', spki, { key: pinning.publicKey, dsaEncoding: 'ieee-p1363' }, signature));
      assert.equal(createPublicKey({ key: spki, format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve, 'secp384r1');
      // The browser credential is per session.
      const other = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      assert.notEqual(SDK_KEY.exec(other.components_sdk_key)![1], match[1]);
    });

    test('PAYMENT_LINK sessions get a stable, unguessable link that does not reveal the session id', async () => {
      const res = await t.post('/sessions', payload({ mode: 'PAYMENT_LINK', components_configuration: undefined, success_return_url: 'https://shop.example/ok' }));
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.match(body.payment_link_url, /^https:\/\/lunas\.test\/checkout\/[A-Za-z0-9_-]{22}$/);
      assert.ok(!body.payment_link_url.includes(body.payment_session_id.slice(3)));
      assert.equal('components_sdk_key' in body, false);
      assert.equal('components_configuration' in body, false);
      const again = (await t.get(`/sessions/${body.payment_session_id}`)).json();
      assert.equal(again.payment_link_url, body.payment_link_url);
    });

    test('an inline customer is created once and reused by reference_id; customer_id must exist', async () => {
      const first = (await t.post('/sessions', payload({ customer: { ...FOUNDING_PAYLOAD.customer, reference_id: 'reuse-me' } }))).json();
      const before = await countRows(t);
      const second = (await t.post('/sessions', payload({ customer: { ...FOUNDING_PAYLOAD.customer, reference_id: 'reuse-me' } }))).json();
      assert.equal(second.customer_id, first.customer_id);
      assert.equal((await countRows(t)).customers, before.customers);

      const byId = await t.post('/sessions', payload({ customer: undefined, customer_id: first.customer_id }));
      assert.equal(byId.statusCode, 201);
      assert.equal(byId.json().customer_id, first.customer_id);

      const unknown = await t.post('/sessions', payload({ customer: undefined, customer_id: 'cust-00000000-0000-4000-8000-000000000000' }));
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual(unknown.json(), { error_code: 'DATA_NOT_FOUND', message: 'The customer ID provided in the request does not exist' });
    });

    test('SAVE sessions take amount 0 and a customer, and carry no capture_method', async () => {
      const res = await t.post('/sessions', payload({ session_type: 'SAVE', amount: 0 }));
      assert.equal(res.statusCode, 201, res.body);
      assert.equal('capture_method' in res.json(), false);
      assert.equal(res.json().session_type, 'SAVE');
    });

    test('echo fields come back as sent, and MANUAL capture is kept', async () => {
      const sent = {
        capture_method: 'MANUAL',
        allow_save_payment_method: 'OPTIONAL',
        description: 'Two coffees',
        items: [{ reference_id: 'sku-1', type: 'PHYSICAL_PRODUCT', name: 'Coffee', net_unit_amount: 5000, quantity: 2, category: 'Drinks', metadata: { roast: 'dark' } }],
        metadata: { order: 'A-1' },
        allowed_payment_channels: ['CARDS'],
        channel_properties: { cards: { card_on_file_type: 'CUSTOMER_UNSCHEDULED' } },
        notification_channels: ['EMAIL'],
        success_return_url: 'https://shop.example/ok',
        cancel_return_url: 'https://shop.example/cancel',
        locale: 'id',
      };
      const res = await t.post('/sessions', payload(sent));
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      for (const [key, value] of Object.entries(sent)) assert.deepEqual(body[key], value, key);
    });

    test('expires_at accepts offsets, is normalised to UTC, and bounds are 10 minutes to 30 days', async () => {
      const ok = await t.post('/sessions', payload({ expires_at: '2026-03-01T16:00:00+07:00' }));
      assert.equal(ok.statusCode, 201, ok.body);
      assert.equal(ok.json().expires_at, '2026-03-01T09:00:00.000Z');
      const soon = await t.post('/sessions', payload({ expires_at: '2026-03-01T08:09:59Z' }));
      assert.equal(soon.json().error_code, 'INVALID_EXPIRY_DATE');
      assert.equal(soon.json().message, 'expires_at must be at least 10 minutes in the future');
      assert.equal((await t.post('/sessions', payload({ expires_at: '2026-03-01T08:10:00Z' }))).statusCode, 201);
      assert.equal((await t.post('/sessions', payload({ expires_at: '2026-04-01T08:00:00Z' }))).json().error_code, 'INVALID_EXPIRY_DATE');
    });

    test('amounts respect the currency decimal places and round-trip exactly', async () => {
      const php = await t.post('/sessions', payload({ currency: 'PHP', country: 'PH', amount: 10000.01 }));
      assert.equal(php.statusCode, 201, php.body);
      assert.equal(php.json().amount, 10000.01);
      const row = await t.store.db.selectFrom('sessions').select('amount_minor').where('id', '=', php.json().payment_session_id).executeTakeFirstOrThrow();
      assert.equal(Number(row.amount_minor), 1000001);
      assert.equal((await t.post('/sessions', payload({ currency: 'PHP', country: 'PH', amount: 0.1 + 0.2 }))).json().error_code, 'INVALID_AMOUNT');
      assert.equal((await t.post('/sessions', payload({ amount: 100.5 }))).json().error_code, 'INVALID_AMOUNT');
      assert.equal((await t.post('/sessions', payload({ currency: 'VND', country: 'VN', amount: 50000 }))).statusCode, 201);
      assert.equal((await t.post('/sessions', payload({ amount: 1e300 }))).json().message, 'Amount is too large');
    });

    test('sessions minted before an sdk key rotation keep working and keep their key', async () => {
      const old = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      await t.services.sdkKeys.rotate('ecdh');
      const fresh = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      assert.notEqual(fresh.components_sdk_key.split('-')[3], old.components_sdk_key.split('-')[3]);
      const reread = (await t.get(`/sessions/${old.payment_session_id}`)).json();
      assert.equal(reread.components_sdk_key, old.components_sdk_key);
    });
  });

  describe(`POST /sessions errors [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    const cases: [string, Record<string, unknown>, number, string, string | RegExp][] = [
      ['missing session_type', { session_type: undefined }, 400, 'API_VALIDATION_ERROR', "request/body must have required property 'session_type'"],
      ['amount as a string', { amount: '10000' }, 400, 'API_VALIDATION_ERROR', 'request/body/amount must be number'],
      ['negative amount', { amount: -1 }, 400, 'API_VALIDATION_ERROR', 'request/body/amount must be >= 0'],
      ['reference_id too long', { reference_id: 'x'.repeat(65) }, 400, 'API_VALIDATION_ERROR', /reference_id must NOT have more than 64 characters/],
      ['bad allow_save_payment_method', { allow_save_payment_method: 'ALWAYS' }, 400, 'API_VALIDATION_ERROR', /allow_save_payment_method must be equal to one of the allowed values/],
      ['bad capture_method', { capture_method: 'LATER' }, 400, 'API_VALIDATION_ERROR', /capture_method/],
      ['bad customer email', { customer: { ...FOUNDING_PAYLOAD.customer, email: 'not-an-email' } }, 400, 'API_VALIDATION_ERROR', /customer\/email must match format "email"/],
      ['customer without individual_detail', { customer: { reference_id: 'x', type: 'INDIVIDUAL' } }, 400, 'API_VALIDATION_ERROR', /individual_detail/],
      ['mobile number not E.164', { customer: { ...FOUNDING_PAYLOAD.customer, mobile_number: '08123' } }, 400, 'API_VALIDATION_ERROR', /mobile_number/],
      ['COMPONENTS without components_configuration', { components_configuration: undefined }, 400, 'API_VALIDATION_ERROR', 'request/body/components_configuration is required when mode is COMPONENTS'],
      ['origin with a path', { components_configuration: { origins: ['https://example.com/shop'] } }, 400, 'API_VALIDATION_ERROR', /origins\/0 must be an origin/],
      ['plain http origin off loopback', { components_configuration: { origins: ['http://example.com'] } }, 400, 'API_VALIDATION_ERROR', /origins\/0/],
      ['empty origins', { components_configuration: { origins: [] } }, 400, 'API_VALIDATION_ERROR', /origins must NOT have fewer than 1 items/],
      ['card_details in channel_properties', { channel_properties: { cards: { card_details: { card_number: '4000000000001091' } } } }, 400, 'API_VALIDATION_ERROR', /card_details is not allowed/],
      ['RECURRING without recurring_configuration', { channel_properties: { cards: { card_on_file_type: 'RECURRING' } } }, 400, 'API_VALIDATION_ERROR', /recurring_configuration is required/],
      ['internal_metadata', { internal_metadata: { a: 'b' } }, 400, 'API_VALIDATION_ERROR', /internal_metadata is not allowed/],
      ['customer and customer_id together', { customer_id: 'cust-00000000-0000-4000-8000-000000000000' }, 400, 'API_VALIDATION_ERROR', /customer_id must not be sent together with customer/],
      ['AUTHORIZATION type', { session_type: 'AUTHORIZATION' }, 400, 'SESSION_TYPE_NOT_SUPPORTED', 'session_type AUTHORIZATION is not supported for now'],
      ['SUBSCRIPTION without its subscription', { session_type: 'SUBSCRIPTION' }, 400, 'API_VALIDATION_ERROR', /subscription is required for session type SUBSCRIPTION/],
      ['unknown mode', { mode: 'INVALID_MODE' }, 400, 'MODE_NOT_SUPPORTED', 'mode INVALID_MODE is not supported for now'],
      ['CARDS_SESSION_JS mode', { mode: 'CARDS_SESSION_JS' }, 400, 'MODE_NOT_SUPPORTED', /CARDS_SESSION_JS is not supported by Lunas yet/],
      ['unknown currency', { currency: 'EUR' }, 400, 'INVALID_CURRENCY', 'Currency EUR is not supported'],
      ['unknown country', { country: 'FR' }, 400, 'INVALID_COUNTRY', 'Country FR is not supported'],
      ['PAY with amount 0', { amount: 0 }, 400, 'INVALID_AMOUNT', 'Amount must be greater than zero'],
      ['SAVE with an amount', { session_type: 'SAVE', amount: 10 }, 400, 'INVALID_AMOUNT', 'Amount must be 0 for session type SAVE'],
      ['SAVE with capture_method', { session_type: 'SAVE', amount: 0, capture_method: 'AUTOMATIC' }, 400, 'DISALLOWED_CAPTURE_METHOD', 'Capture method is not supported for session type SAVE'],
      ['SAVE with items', { session_type: 'SAVE', amount: 0, items: [{ reference_id: 'a', type: 'FEE', name: 'Fee', net_unit_amount: 1, quantity: 1, category: 'x' }] }, 400, 'ITEMS_NOT_SUPPORTED', 'Items are allowed for session type PAY only'],
      ['SAVE without customer', { session_type: 'SAVE', amount: 0, customer: undefined }, 400, 'MISSING_CUSTOMER', 'Customer object or customer_id is required'],
      ['FORCED save without customer', { allow_save_payment_method: 'FORCED', customer: undefined }, 400, 'MISSING_CUSTOMER', 'Customer object or customer_id is required'],
      ['customer_id without cust- prefix', { customer: undefined, customer_id: 'x'.repeat(41) }, 400, 'INVALID_CUSTOMER_ID', 'Customer ID must start with "cust-"'],
      ['http return url', { success_return_url: 'http://shop.example/ok' }, 400, 'INVALID_URL', /valid HTTPS URL/],
      ['garbage return url', { cancel_return_url: 'not a url' }, 400, 'INVALID_URL', /valid HTTPS URL/],
      ['21 metadata keys', { metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v'])) }, 400, 'INVALID_METADATA', 'Metadata can have at most 20 keys'],
      ['metadata key of 41 chars', { metadata: { ['k'.repeat(41)]: 'v' } }, 400, 'INVALID_METADATA', 'Metadata key must have at most 40 characters'],
      ['metadata value of 81 chars', { metadata: { k: 'v'.repeat(81) } }, 400, 'INVALID_METADATA', 'Metadata value must have at most 80 characters'],
      ['metadata number value', { metadata: { k: 5 } }, 400, 'INVALID_METADATA', /must be a string/],
      ['item metadata too long', { items: [{ reference_id: 'a', type: 'FEE', name: 'Fee', net_unit_amount: 1, quantity: 1, category: 'x', metadata: { k: 'v'.repeat(81) } }] }, 400, 'INVALID_ITEM_METADATA', 'Metadata value must have at most 80 characters'],
      ['primary channel not allowed', { allowed_payment_channels: ['CARDS'], payment_link_configuration: { primary_payment_channels: ['QRIS'] } }, 400, 'INVALID_PRIMARY_PAYMENT_CHANNEL', 'Primary channel QRIS is not included in the requested channels'],
      ['expiry too soon', { expires_at: '2026-03-01T08:05:00Z' }, 400, 'INVALID_EXPIRY_DATE', 'expires_at must be at least 10 minutes in the future'],
      ['unknown channel', { allowed_payment_channels: ['CARDS', 'INVALID_CHANNEL'] }, 400, 'INVALID_PAYMENT_CHANNEL', 'Channel(s) INVALID_CHANNEL are not available. Please ensure that you have activated the necessary channels'],
      ['channel of another country', { allowed_payment_channels: ['GCASH'] }, 400, 'INVALID_PAYMENT_CHANNEL', /Channel\(s\) GCASH are not available/],
      ['manual capture on QRIS', { capture_method: 'MANUAL', allowed_payment_channels: ['CARDS', 'QRIS'] }, 400, 'INVALID_PAYMENT_CHANNEL', /Channel\(s\) QRIS are not available/],
      ['forced saving on a VA', { allow_save_payment_method: 'FORCED', allowed_payment_channels: ['BCA_VIRTUAL_ACCOUNT'] }, 400, 'INVALID_PAYMENT_CHANNEL', /BCA_VIRTUAL_ACCOUNT/],
      ['amount below the only channel', { amount: 1000, allowed_payment_channels: ['CARDS'] }, 400, 'INVALID_PAYMENT_CHANNEL', /Channel\(s\) CARDS are not available/],
      ['no channel for manual capture of a tiny amount', { capture_method: 'MANUAL', amount: 100 }, 400, 'INVALID_PAYMENT_CHANNEL', 'No payment channel is available for country ID and currency IDR, capture_method MANUAL, this amount'],
      ['PHP session in Indonesia', { currency: 'PHP', country: 'ID' }, 400, 'INVALID_PAYMENT_CHANNEL', /No payment channel is available for country ID and currency PHP/],
    ];

    for (const [name, changes, status, code, message] of cases) {
      test(`${name} → ${status} ${code}, nothing written`, async () => {
        const before = await countRows(t);
        const res = await t.post('/sessions', payload(changes));
        assert.equal(res.statusCode, status, res.body);
        const body = res.json();
        assert.equal(body.error_code, code);
        if (typeof message === 'string') assert.equal(body.message, message);
        else assert.match(body.message, message);
        if (code === 'API_VALIDATION_ERROR') {
          assert.ok(Array.isArray(body.errors) && body.errors.length > 0);
          for (const e of body.errors) assert.match(e.path, /^\/body(\/|$)/);
        }
        assert.deepEqual(await countRows(t), before);
      });
    }

    test('schema errors list every failing field with its JSON pointer', async () => {
      const res = await t.post('/sessions', { reference_id: 'r', session_type: 'PAY', mode: 'COMPONENTS', amount: 'ten', country: 'ID' });
      const paths = res.json().errors.map((e: { path: string }) => e.path).sort();
      assert.deepEqual(paths, ['/body/amount', '/body/currency']);
    });
  });
}
