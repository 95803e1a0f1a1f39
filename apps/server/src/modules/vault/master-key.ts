import fs from 'node:fs';
import path from 'node:path';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Db } from '../../db/store.ts';

/**
 * The master key that seals card numbers at rest: `LUNAS_MASTER_KEY` (32 bytes as 64 hex or
 * base64), or else a key generated once into `<data dir>/master.key` with mode 0600.
 * A check value in the store catches the classic mistake of starting a second process (or a
 * restored database) with another key: it would otherwise write cards nobody can read back.
 */
export class MasterKeyError extends Error {}

export interface MasterKeys {
  /** AES-256-GCM key for PANs. */
  sealing: Buffer;
  /** HMAC key for card fingerprints. */
  fingerprint: Buffer;
}

export function loadMasterKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured !== undefined) return parseKey(configured, 'LUNAS_MASTER_KEY');
  const file = path.join(dataDir, 'master.key');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if the file exists, so two processes starting together cannot both write one.
    fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) fs.chmodSync(file, 0o600);
  return parseKey(fs.readFileSync(file, 'utf8').trim(), file);
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new MasterKeyError(`${source} must hold 32 bytes as 64 hex characters or base64`);
  return key;
}

/** Derives the purpose keys, and verifies (or records, on first use) the key's check value. */
export async function deriveKeys(db: Db, master: Buffer): Promise<MasterKeys> {
  const check = createHmac('sha256', master).update('lunas master key check v1').digest('hex');
  await db.insertInto('meta').values({ key: 'master_key_check', value: check }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const stored = await db.selectFrom('meta').select('value').where('key', '=', 'master_key_check').executeTakeFirstOrThrow();
  if (stored.value !== check) {
    throw new MasterKeyError('the master key does not match the one this store was sealed with: set LUNAS_MASTER_KEY (or the data dir\'s master.key) to the original key');
  }
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return { sealing: derive('lunas vault pan sealing v1'), fingerprint: derive('lunas vault fingerprint v1') };
}
