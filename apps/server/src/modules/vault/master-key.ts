import fs from 'node:fs';
import path from 'node:path';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { claimMeta, readMeta } from '../../db/meta.ts';
import type { Db } from '../../db/store.ts';

/**
 * The master key that seals card numbers at rest: `LUNAS_MASTER_KEY` (32 bytes as 64 hex or
 * base64), or else a key generated once into `<data dir>/master.key` with mode 0600.
 * A check value in the store catches the classic mistake of starting a second process (or a
 * restored database) with another key: it would otherwise write cards nobody can read back.
 */
export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

export interface MasterKeys {
  /** AES-256-GCM key for PANs. */
  sealing: Buffer;
  /** HMAC key for card fingerprints. */
  fingerprint: Buffer;
  /** HMAC key for Idempotency-Key request fingerprints: a plain hash of a card request's body would let anyone with the store guess the card back. */
  idempotency: Buffer;
}

/** Where the master key comes from, as operators name it: the env var or the key file. */
export function masterKeySource(configured: string | undefined, dataDir: string): string {
  return configured !== undefined ? 'LUNAS_MASTER_KEY' : `the master key file ${path.join(dataDir, 'master.key')}`;
}

/** Reads (or on first start generates) the master key; problems are thrown as MasterKeyError sentences. */
export function loadMasterKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured !== undefined) return parseKey(configured, 'LUNAS_MASTER_KEY');
  const file = path.join(dataDir, 'master.key');
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      // 'wx' fails if the file exists, so two processes starting together cannot both write one.
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) fs.chmodSync(file, 0o600);
    return parseKey(fs.readFileSync(file, 'utf8').trim(), `the master key file ${file}`);
  } catch (error) {
    if (error instanceof MasterKeyError) throw error;
    const e = error as NodeJS.ErrnoException;
    const notDir = e.code === 'ENOTDIR' || (e.code === 'EEXIST' && !fs.statSync(dataDir, { throwIfNoEntry: false })?.isDirectory());
    const what = notDir ? `LUNAS_DATA_DIR ${dataDir} is not a directory` : `${e.code ?? 'error'}: ${e.message}`;
    throw new MasterKeyError(
      `cannot read or create the master key file ${file} (${what}). Make LUNAS_DATA_DIR a directory writable by the user running Lunas, or set LUNAS_MASTER_KEY to the key (64 hex characters).`,
    );
  }
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (key?.length !== 32) {
    // Never echo the value: it is (meant to be) a secret.
    throw new MasterKeyError(
      `${source} is not a master key: it must hold 32 bytes as 64 hex characters or 44 base64 characters (it has ${text.length} characters). Generate one with \`openssl rand -hex 32\`, or, if cards were already sealed, use the original key.`,
    );
  }
  return key;
}

/**
 * Derives the purpose keys, and verifies (or records, on first use) the key's check value: an
 * HMAC of a fixed text under the key, stored in `meta`. Another key gives another check value,
 * which is how a wrong key is caught before it seals cards nobody could read back.
 */
/**
 * The store's master keys, from LUNAS_MASTER_KEY or the data dir's master.key. A new key file is
 * written only for a store that has sealed nothing yet: over a sealed store whose key is not
 * here (another data dir, a lost file), start fails and leaves no new master.key behind, which
 * would otherwise stand in the way of restoring the real one.
 */
export async function openMasterKeys(db: Db, configured: string | undefined, dataDir: string): Promise<MasterKeys> {
  const source = masterKeySource(configured, dataDir);
  const file = path.join(dataDir, 'master.key');
  if (configured === undefined) {
    // The seal first, the file second: a process sharing this data dir writes master.key before
    // it records the seal, so a seal seen here means its file is visible too.
    const sealed = await readMeta(db, 'master_key_check');
    if (sealed && !fs.existsSync(file)) {
      throw new MasterKeyError(
        `this store was sealed with a master key that is not here: LUNAS_MASTER_KEY is unset and there is no ${file}. Set LUNAS_MASTER_KEY to the original key, or restore master.key into LUNAS_DATA_DIR (or run Lunas from the folder whose .lunas holds it).`,
      );
    }
  }
  return deriveKeys(db, loadMasterKey(configured, dataDir), source);
}

export async function deriveKeys(db: Db, master: Buffer, source = 'LUNAS_MASTER_KEY (or, when it is unset, master.key in LUNAS_DATA_DIR)'): Promise<MasterKeys> {
  const check = createHmac('sha256', master).update('lunas master key check v1').digest('hex');
  await claimMeta(db, 'master_key_check', check);
  const stored = await readMeta(db, 'master_key_check');
  if (stored !== check) {
    throw new MasterKeyError(
      `the master key from ${source} does not match the one this store's cards were sealed with. Set LUNAS_MASTER_KEY (or restore master.key in LUNAS_DATA_DIR) to the original key; Lunas will not start with another one, since it could not read the cards back.`,
    );
  }
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  return {
    sealing: derive('lunas vault pan sealing v1'),
    fingerprint: derive('lunas vault fingerprint v1'),
    idempotency: derive('lunas idempotency fingerprint v1'),
  };
}
