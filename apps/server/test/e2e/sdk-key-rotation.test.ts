import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import pg from 'pg';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { authKeyOf, encryptedCard } from '../helpers/envelope.ts';
import { Resources } from '../helpers/load.ts';
import { call } from '../helpers/process.ts';
import { DIALECTS } from '../helpers/stores.ts';

/**
 * `lunas sdk-keys rotate` while a process runs: that process (A, started before the rotation)
 * must pay by card the sessions a process started after it (B) mints with the new keys, and
 * its secure iframe must trust the new pinning key, without a restart.
 */
const BIN = path.resolve(import.meta.dirname, '../../bin/lunas.js');
const KEY = 'xnd_development_sdk_key_rotation_0001';

describe('sdk key rotation across processes on one PostgreSQL', { skip: !DIALECTS.includes('postgres') && 'needs PostgreSQL' }, () => {
  const resources = new Resources();
  after(() => resources.dispose());

  test('a process started before `sdk-keys rotate --kind pinning` pays sessions minted after it and trusts the new pinning key', { timeout: 90_000 }, async () => {
    const target = await resources.target('postgres');
    const env = { LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, LUNAS_MASTER_KEY: randomBytes(32).toString('hex'), LUNAS_SECRET_KEY: KEY };
    const a = await resources.lunas(env);
    const iframe = (base: string, sessionId: string) => fetch(`${base}/components/secure-iframe-v0.0.24.html?session_id=${sessionId}`).then((r) => r.text());
    // A renders (and caches) its iframe with the keys it loaded at start.
    const early = (await call(a.url, KEY, 'POST', '/sessions', FOUNDING_PAYLOAD)).body;
    await iframe(a.url, early.payment_session_id);

    const rotated = await promisify(execFile)(process.execPath, [BIN, 'sdk-keys', 'rotate', '--kind', 'pinning'], { env: { PATH: process.env.PATH, ...env }, timeout: 30_000 });
    assert.match(rotated.stdout, /new pinning key generation 2/);
    const b = await resources.lunas(env);

    const session = (await call(b.url, KEY, 'POST', '/sessions', FOUNDING_PAYLOAD)).body;
    assert.notEqual(session.components_sdk_key.split('-')[3], early.components_sdk_key.split('-')[3], 'B mints with the new ECDH key');
    const paid = await fetch(`${a.url}/api/sessions/payment_requests?components_version=v0.0.24`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        payload: JSON.stringify({
          session_id: authKeyOf(session.components_sdk_key),
          channel_code: 'CARDS',
          channel_properties: await encryptedCard(session.components_sdk_key, session.payment_session_id, '4000000000001000'),
        }),
      }).toString(),
    });
    const answer = await paid.text();
    assert.equal(paid.status, 200, answer);
    assert.equal(JSON.parse(answer).status, 'SUCCEEDED');

    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    const { rows } = await client.query("SELECT public_spki FROM sdk_keys WHERE id = 'pinning_2'").finally(() => client.end());
    const jwk = createPublicKey({ key: Buffer.from(rows[0].public_spki, 'base64'), format: 'der', type: 'spki' }).export({ format: 'jwk' });
    assert.ok((await iframe(a.url, session.payment_session_id)).includes(jwk.x!), "A's secure iframe trusts the pinning key added after it started");
    assert.doesNotMatch(a.output(), /unknown sdk key/);
  });
});
