import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { FOUNDING_PAYLOAD, type TestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { authKeyOf, encryptedCard } from './helpers/envelope.ts';
import { card, createSession } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Card data belongs to CARDS' card_details only (docs/security.md, "Card data"): anywhere else it
 * would be stored, echoed and sent in webhooks as sent. Every way in is refused with a 400
 * before a single row is written.
 */
const PAN = '4000000000001091';
const CVN = '739';
const TABLES = ['sessions', 'payment_requests', 'payments', 'payment_tokens', 'events', 'vault_cards', 'idempotency_keys', 'customers'] as const;

async function counts(t: TestApp): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    result[table] = Number(row.n);
  }
  return result;
}

function assertRefused(res: LightMyRequestResponse, path: string): void {
  assert.equal(res.statusCode, 400, res.body);
  assert.equal(res.json().error_code, 'API_VALIDATION_ERROR');
  assert.match(res.json().message, /belong to the CARDS channel only/);
  if (res.json().errors) assert.equal(res.json().errors[0].path, path);
  assert.ok(!res.body.includes(PAN) && !res.body.includes(CVN), 'the answer does not echo the card');
}

for (const dialect of DIALECTS) {
  describe(`card data on non-card channels is refused [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);
    let customerId: string;
    before(async () => {
      customerId = (await createSession(t)).customer_id;
    });

    /** Runs a request that must be refused and checks that no table changed. */
    async function refusedWithoutWrites(send: () => Promise<LightMyRequestResponse>, path = '/body/channel_properties/card_details'): Promise<void> {
      const before = await counts(t);
      assertRefused(await send(), path);
      assert.deepEqual(await counts(t), before, 'nothing was written');
    }

    test('session attempt on a virtual account with card_details', async () => {
      const session = await createSession(t);
      await refusedWithoutWrites(() =>
        t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'John Doe', ...card(PAN, CVN) } }),
      );
    });

    test('session attempt on an e-wallet with card_details', async () => {
      const session = await createSession(t);
      await refusedWithoutWrites(() => t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'DANA', channel_properties: card(PAN, CVN) }));
    });

    test('SAVE session attempt on an e-wallet with card_details', async () => {
      const session = await createSession(t, { session_type: 'SAVE', amount: 0, reference_id: 'save-1' });
      await refusedWithoutWrites(() => t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'DANA', channel_properties: card(PAN, CVN) }));
    });

    test('POST /v3/payment_requests on a virtual account and on QRIS with card_details', async () => {
      for (const channel_code of ['BCA_VIRTUAL_ACCOUNT', 'QRIS']) {
        await refusedWithoutWrites(() =>
          t.post('/v3/payment_requests', { reference_id: `va-${channel_code}`, country: 'ID', currency: 'IDR', request_amount: 15000, channel_code, channel_properties: { display_name: 'John Doe', ...card(PAN, CVN) } }),
        );
      }
    });

    test('POST /v3/payment_tokens on an e-wallet with card_details', async () => {
      await refusedWithoutWrites(() => t.post('/v3/payment_tokens', { channel_code: 'DANA', country: 'ID', currency: 'IDR', customer_id: customerId, channel_properties: card(PAN, CVN) }));
    });

    test('card-shaped fields anywhere else in channel_properties, on any channel', async () => {
      await refusedWithoutWrites(
        () => t.post('/v3/payment_requests', { reference_id: 'va-nested', country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'John Doe', extra: { card_number: PAN } } }),
        '/body/channel_properties/extra/card_number',
      );
      await refusedWithoutWrites(
        () => t.post('/v3/payment_requests', { reference_id: 'va-cvn', country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'John Doe', cvn: CVN } }),
        '/body/channel_properties/cvn',
      );
      // On CARDS, card_details is the way in; a second copy beside it would be echoed as sent.
      await refusedWithoutWrites(
        () => t.post('/v3/payment_requests', { reference_id: 'card-stray', country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'CARDS', channel_properties: { ...card(PAN, CVN), cvn: CVN } }),
        '/body/channel_properties/cvn',
      );
    });

    test('Components gateway: encrypted card fields sent with a virtual account', async () => {
      const session = await createSession(t);
      const properties = await encryptedCard(session.components_sdk_key, session.payment_session_id, PAN, '12', '2030', CVN);
      await refusedWithoutWrites(() =>
        t.request({
          method: 'POST',
          url: '/api/sessions/payment_requests?components_version=v0.0.24',
          auth: null,
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://example.com' },
          payload: new URLSearchParams({ payload: JSON.stringify({ session_id: authKeyOf(session.components_sdk_key), channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'John Doe', ...properties } }) }).toString(),
        }),
      );
    });

    test('POST /sessions with card fields in channel_properties (stored and echoed as sent)', async () => {
      await refusedWithoutWrites(() => t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: 'session-card', channel_properties: card(PAN, CVN) }));
      await refusedWithoutWrites(
        () => t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: 'session-cards-pan', channel_properties: { cards: { card_on_file_type: 'CUSTOMER_UNSCHEDULED', card_number: PAN } } }),
        '/body/channel_properties/cards/card_number',
      );
    });

    test('the card channel still takes card_details', async () => {
      const res = await t.post('/v3/payment_requests', { reference_id: 'card-ok', country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'CARDS', channel_properties: card(PAN, CVN) });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().channel_properties.card_details.masked_card_number, '400000XXXXXX1091');
    });
  });
}
