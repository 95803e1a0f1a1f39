import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { Secret } from '../src/modules/vault/secret.ts';
import { loadMasterKey } from '../src/modules/vault/master-key.ts';
import { startTestApp } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { storedText } from './helpers/card-scan.ts';
import { authKeyOf, encryptedCard } from './helpers/envelope.ts';
import { attempt, createSession, decide, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';

const PAN = '4000000000001091';
// A 3-digit VISA CVN; the test searches for it as a JSON string value and as a cvn field.
const CVN = '864';
const cardWithCvn = { card_details: { card_number: PAN, expiry_month: '12', expiry_year: '2030', cvn: CVN } };

for (const dialect of DIALECTS) {
  describe(`card vault [${dialect}]`, () => {
    // trace: the most a log can say; card data must not be in any of it.
    const t = testAppPerSuite(dialect, { LUNAS_LOG_LEVEL: 'trace' });

    test('after payments on every channel family, neither the PAN nor the CVN is in the store or any trace log line', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: cardWithCvn });
      await decide(t, webUrl(pr), { decision: 'approve', otp: '123456' });
      assert.equal((await t.get(`/sessions/${session.payment_session_id}`)).json().status, 'COMPLETED');
      // A v3 request with a card (under an Idempotency-Key, whose record is scanned too), a token, and a failing card too.
      await t.post('/v3/payment_requests', { reference_id: 'vault-v3', country: 'ID', currency: 'IDR', request_amount: 10054, channel_code: 'CARDS', channel_properties: cardWithCvn }, { 'idempotency-key': 'vault-card-1' });
      await t.post('/v3/payment_tokens', { channel_code: 'CARDS', country: 'ID', currency: 'IDR', customer_id: session.customer_id, channel_properties: cardWithCvn });

      // The Components gateway: the card arrives in secure-field envelopes and is opened on the server.
      const browser = await createSession(t);
      const viaGateway = await t.request({
        method: 'POST',
        url: '/api/sessions/payment_requests?components_version=v0.0.24',
        auth: null,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://example.com' },
        payload: new URLSearchParams({
          payload: JSON.stringify({ session_id: authKeyOf(browser.components_sdk_key), channel_code: 'CARDS', channel_properties: await encryptedCard(browser.components_sdk_key, browser.payment_session_id, PAN, '12', '2030', CVN) }),
        }).toString(),
      });
      assert.equal(viaGateway.statusCode, 200, viaGateway.body);
      await decide(t, webUrl(viaGateway.json()), { decision: 'approve', otp: '123456' });
      assert.equal((await t.get(`/sessions/${browser.payment_session_id}`)).json().status, 'COMPLETED');

      // Every other family, each with the card sent along first (refused) and then paid properly.
      const others: [string, Record<string, unknown>, 'page' | 'simulate', Record<string, unknown>?][] = [
        ['DANA', {}, 'page'],
        ['BRI_DIRECT_DEBIT', { card_last_four: '1234', card_expiry: '12/30', account_email: 'john@example.com', account_mobile_number: '+628123456789' }, 'page', { amount: 100000 }],
        ['BCA_VIRTUAL_ACCOUNT', { display_name: 'John Doe' }, 'simulate'],
        ['QRIS', {}, 'simulate'],
        ['ALFAMART', { payer_name: 'John Doe' }, 'simulate'],
      ];
      for (const [channel_code, channel_properties, pay, changes] of others) {
        const other = await createSession(t, changes);
        await attempt(t, other.payment_session_id, { channel_code, channel_properties: { ...channel_properties, ...cardWithCvn } }, 400);
        const made = await attempt(t, other.payment_session_id, { channel_code, channel_properties });
        if (pay === 'page') {
          await decide(t, webUrl(made), { decision: 'approve' });
        } else {
          assert.equal((await t.post(`/v3/payment_requests/${made.payment_request_id}/simulate`, {})).statusCode, 200, channel_code);
          await t.services.tasks.runDue();
        }
        assert.equal((await t.get(`/sessions/${other.payment_session_id}`)).json().status, 'COMPLETED', channel_code);
      }

      const stored = await storedText(t);
      assert.ok(stored.length > 1000, 'the dump has content');
      assert.ok(stored.includes('400000XXXXXX1091'), 'the masked number is there, so the search is looking at the right data');
      assert.ok(stored.includes('BRI_DIRECT_DEBIT') && stored.includes('ALFAMART'), 'every family was paid');
      assert.ok(!stored.includes(PAN), 'the PAN is stored in plaintext');
      assert.ok(!stored.includes(`"${CVN}"`), 'a CVN value is stored');
      assert.ok(!/"cvn"\s*:/.test(stored), 'a cvn field is stored');
      const logs = t.logs.join('\n');
      assert.equal(t.app.log.level, 'trace', 'the logger said all it would say');
      assert.ok(t.logs.length > 50, 'request lines were written');
      assert.ok(!logs.includes(PAN), 'the PAN reached a log line');
      assert.ok(!logs.includes(`"${CVN}"`) && !/cvn"?\s*[:=]\s*"?\d/.test(logs), 'the CVN reached a log line');
    });

    test('the sealed PAN opens only with the master key, and equal cards share a fingerprint', async () => {
      const rows = await t.store.db.selectFrom('vault_cards').selectAll().execute();
      assert.ok(rows.length >= 2);
      assert.equal(new Set(rows.map((r) => r.fingerprint)).size, 1, 'one card, one fingerprint');
      assert.equal(t.services.vault.revealPan(rows[0]!).reveal(), PAN);
      const moved = { ...rows[0]!, id: rows[1]!.id };
      assert.throws(() => t.services.vault.revealPan(moved), 'a sealed PAN cannot be moved to another row');
    });

    test('the components_sdk_key private keys are sealed at rest too', async () => {
      const rows = await t.store.db.selectFrom('sdk_keys').select(['id', 'private_pkcs8']).execute();
      assert.ok(rows.length >= 2);
      for (const row of rows) {
        assert.equal(row.private_pkcs8.split('.').length, 3, 'iv.ciphertext.tag');
        assert.ok(!row.private_pkcs8.startsWith('MIG'), 'not a plain PKCS#8 DER in base64');
      }
    });

    test('the CVN waits in memory until the authorisation, then is gone', async () => {
      const session = await createSession(t);
      const pr = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: cardWithCvn });
      const held = t.services.vault.takeCvn(pr.payment_request_id);
      assert.equal(held?.reveal(), CVN, 'held for the 3DS step');
      t.services.vault.holdCvn(pr.payment_request_id, held!);
      await decide(t, webUrl(pr), { decision: 'approve', otp: '123456' });
      assert.equal(t.services.vault.takeCvn(pr.payment_request_id), undefined, 'dropped after authorisation');
    });
  });
}

describe('secrets and the master key', () => {
  test('a Secret never prints its value', () => {
    const secret = new Secret(PAN);
    for (const text of [JSON.stringify({ secret }), `${secret}`, String(secret), inspect(secret), inspect({ nested: secret })]) {
      assert.ok(!text.includes(PAN), text);
    }
    assert.equal(secret.reveal(), PAN);
  });

  test('a generated master key is kept in a 0600 file and reused; a configured one must be 32 bytes', () => {
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'lunas-key-'));
    const first = loadMasterKey(undefined, dir);
    assert.equal(first.length, 32);
    assert.equal(fs.statSync(path.join(dir, 'master.key')).mode & 0o777, 0o600);
    assert.deepEqual(loadMasterKey(undefined, dir), first);
    assert.equal(loadMasterKey('11'.repeat(32), dir).length, 32);
    assert.throws(() => loadMasterKey('short', dir), /32 bytes/);
    fs.rmSync(dir, { recursive: true });
  });

  test('a store sealed with one master key refuses to start with another', async () => {
    const t = await startTestApp('sqlite');
    try {
      const { deriveKeys } = await import('../src/modules/vault/master-key.ts');
      await assert.rejects(deriveKeys(t.store.db, Buffer.alloc(32, 7)), /does not match/);
    } finally {
      await t.close();
    }
  });
});
