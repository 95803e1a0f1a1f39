import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { m0009_scrub_card_data } from '../src/db/migrations/0009_scrub_card_data.ts';
import { migrations } from '../src/db/migrations/index.ts';
import type { TestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { storedRowsText, storedText } from './helpers/card-scan.ts';
import { card, createSession } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

/**
 * Migration 0009: stores written before card fields were refused on non-card channels may hold
 * a PAN and CVN in clear text. The rows are written here the way old versions wrote them, then
 * the migration runs and the digits must be gone from every table.
 */
const PAN = '4000000000002370';
const CVN = '739';
const rawCard = { card_number: PAN, expiry_month: '12', expiry_year: '2030', cvn: CVN, cardholder_first_name: 'John' };

/** Rewrites a JSON text column the way the old code stored an echoed card_details. */
async function injectCard(t: TestApp, table: string, column: string, where: [string, unknown], edit: (json: any) => void): Promise<void> {
  const row = (await t.store.db.selectFrom(table as any).select(column as any).where(where[0] as any, '=', where[1]).executeTakeFirstOrThrow()) as Record<string, string>;
  const json = JSON.parse(row[column]!);
  edit(json);
  await t.store.db.updateTable(table as any).set({ [column]: JSON.stringify(json) } as any).where(where[0] as any, '=', where[1]).execute();
}

for (const dialect of DIALECTS) {
  describe(`migration 0009 scrubs stored card data [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('is registered', () => {
      assert.ok(Object.keys(migrations(dialect)).includes('0009_scrub_card_data'));
    });

    test('PAN and CVN written with a virtual account are gone from every table; the masked card echo stays', async () => {
      // A paid VA attempt (request, payment, events, idempotency reply) and a real card payment.
      const session = await createSession(t);
      const va = await t.post(`/sessions/${session.payment_session_id}/payment_requests`, { channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'John Doe' } }, { 'idempotency-key': 'old-va-1' });
      assert.equal(va.statusCode, 201, va.body);
      const pr = va.json();
      assert.equal((await t.post(`/v3/payment_requests/${pr.payment_request_id}/simulate`, { amount: 10000 })).statusCode, 200);
      await t.services.tasks.runDue();
      const cardPayment = await t.post('/v3/payment_requests', { reference_id: 'card-kept', country: 'ID', currency: 'IDR', request_amount: 15000, channel_code: 'CARDS', channel_properties: card('4000000000001091') });
      assert.equal(cardPayment.statusCode, 201, cardPayment.body);

      // The old way: channel_properties stored as sent, card_details and all.
      const addCard = (holder: any) => {
        holder.channel_properties = { ...holder.channel_properties, card_details: rawCard, cvn: CVN };
      };
      await injectCard(t, 'payment_requests', 'body', ['id', pr.payment_request_id], addCard);
      const payment = await t.store.db.selectFrom('payments').select('id').where('payment_request_id', '=', pr.payment_request_id).executeTakeFirstOrThrow();
      await injectCard(t, 'payments', 'body', ['id', payment.id], addCard);
      await injectCard(t, 'idempotency_keys', 'response_body', ['key', 'old-va-1'], addCard);
      const events = await t.store.db.selectFrom('events').select(['seq', 'payload']).execute();
      for (const event of events) await injectCard(t, 'events', 'payload', ['seq', event.seq], (json) => json.channel_properties && addCard(json));
      await t.store.db
        .insertInto('events')
        .values({ id: 'evt-old-1', business_id: t.businessId, type: 'payment.capture', subject_id: 'py-old-1', created: new Date().toISOString(), payload: JSON.stringify({ payment_details: { nested: [{ card_number: PAN }] }, channel_properties: { card_details: rawCard } }) })
        .execute();
      const before = await storedRowsText(t);
      assert.ok(before.includes(PAN) && before.includes(`"${CVN}"`), 'the old rows hold the card, so the scan below can see it go');

      await t.store.db.transaction().execute((trx) => m0009_scrub_card_data(dialect).up(trx));

      const afterRows = await storedRowsText(t);
      assert.ok(!afterRows.includes(PAN), 'a PAN is still stored');
      assert.ok(!afterRows.includes(`"${CVN}"`) && !/"cvn"\s*:/.test(afterRows), 'a CVN is still stored');
      assert.ok(afterRows.includes('400000XXXXXX1091'), 'the card payment keeps its masked echo');
      assert.ok(afterRows.includes('"display_name":"John Doe"'), 'everything else in channel_properties stays');
      const request = (await t.get(`/v3/payment_requests/${pr.payment_request_id}`)).json();
      assert.equal(request.channel_properties.card_details, undefined);
      assert.equal(request.channel_properties.display_name, 'John Doe');
      if (dialect === 'sqlite') {
        // secure_delete: once checkpointed, the old text is not left in the file's free space either.
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(t.store.db);
        assert.ok(!(await storedText(t)).includes(PAN), 'the PAN is still in the SQLite file');
      }
    });
  });
}
