import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/store.ts';
import type { SdkKeysTable } from '../../db/tables.ts';
import { Secret } from '../vault/secret.ts';
import { sdkKeyStore } from './store.ts';

/**
 * The key pairs behind `components_sdk_key` (components-protocol.md §1.1, §3.3):
 * - a "pinning" ECDSA P-384 pair, whose public half Lunas's own secure iframe trusts;
 * - an ECDH P-384 pair, whose public half travels in the sdk key and to which the secure
 *   iframe encrypts card fields. Each ECDH key is signed once by a pinning key and the
 *   signature is stored with it: ECDSA signatures are randomised, and a session's sdk key must
 *   read the same from every process and after every restart.
 * Pairs live in the store, private halves sealed with the master key, so every process on one
 * PostgreSQL uses the same ones and a copy of the database alone opens no card envelope. Rotation adds
 * a generation; each session remembers its ECDH key, so old sessions keep working.
 */
export type SdkKeyKind = SdkKeysTable['kind'];

export interface SdkKeyPair {
  id: string;
  kind: SdkKeyKind;
  generation: number;
  /** Base64 SPKI DER of the public key (120 bytes for P-384: starts `MHYw`). */
  publicSpki: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** ECDH keys: base64 IEEE-P1363 ECDSA-SHA256 signature over the SPKI bytes, and its signer. */
  signature: string | null;
  signedBy: string | null;
}

/** Seals private keys at rest (the vault's master-key sealing); the store never holds them in the clear. */
export interface KeySealer {
  sealSecret(rowId: string, secret: Secret<string>): string;
  openSecret(rowId: string, sealed: string): Secret<string>;
}

/** The only key ids Lunas makes (`addGeneration`): anything else is never looked up in the store. */
const KEY_ID = /^(ecdh|pinning)_[1-9][0-9]{0,8}$/;
/**
 * Another process may add a generation at any time (`lunas sdk-keys rotate`, or a rotation in
 * another process). An unknown key id makes this process reload, but at most once per
 * RELOAD_MIN_MS, so a stream of requests naming an unknown id costs one small query a second.
 */
const RELOAD_MIN_MS = 1000;
/** How old the loaded set may grow before a new session or a secure iframe page reloads it. */
const FRESH_FOR_MS = 30_000;

export interface SdkKeyTiming {
  /** Milliseconds on a monotonic clock (the test clock may stand still; reload pacing must not). */
  monotonicNow?: () => number;
  reloadMinMs?: number;
  freshForMs?: number;
}

export function sdkKeyService(db: Db, clock: Clock, sealer: KeySealer, timing: SdkKeyTiming = {}) {
  const byId = new Map<string, SdkKeyPair>();
  const { monotonicNow = () => performance.now(), reloadMinMs = RELOAD_MIN_MS, freshForMs = FRESH_FOR_MS } = timing;
  let loadedAt = -Infinity;
  let reloading: Promise<void> | undefined;
  let reloads = 0;

  async function load(): Promise<void> {
    loadedAt = monotonicNow();
    reloads++;
    for (const row of await sdkKeyStore.all(db)) {
      if (byId.has(row.id)) continue;
      byId.set(row.id, {
        id: row.id,
        kind: row.kind,
        generation: row.generation,
        publicSpki: row.public_spki,
        publicKey: createPublicKey({ key: Buffer.from(row.public_spki, 'base64'), format: 'der', type: 'spki' }),
        privateKey: createPrivateKey({ key: Buffer.from(sealer.openSecret(row.id, row.private_pkcs8).reveal(), 'base64'), format: 'der', type: 'pkcs8' }),
        signature: row.signature,
        signedBy: row.signed_by,
      });
    }
  }

  function latest(kind: SdkKeyKind): SdkKeyPair | undefined {
    let best: SdkKeyPair | undefined;
    for (const pair of byId.values()) if (pair.kind === kind && (!best || pair.generation > best.generation)) best = pair;
    return best;
  }

  /** Adds the given generation unless another process made it first; either way reloads. */
  async function addGeneration(kind: SdkKeyKind, generation: number): Promise<void> {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const signer = kind === 'ecdh' ? latest('pinning') : undefined;
    if (kind === 'ecdh' && !signer) throw new Error('an ECDH key needs a pinning key to sign it');
    await sdkKeyStore.insertIfAbsent(db, {
      id: `${kind}_${generation}`,
      kind,
      generation,
      public_spki: spki.toString('base64'),
      private_pkcs8: sealer.sealSecret(`${kind}_${generation}`, new Secret(privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'))),
      signature: signer ? sign('sha256', spki, { key: signer.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64') : null,
      signed_by: signer?.id ?? null,
      created: clock.now().toISOString(),
    });
    await load();
  }

  /**
   * One reload shared by every caller that wants one now; when the last one is younger than
   * reloadMinMs, the callers wait for the next allowed one (they are few: ids come from
   * sessions rows, and only a rotation elsewhere makes one unknown).
   */
  function reload(): Promise<void> {
    if (reloading) return reloading;
    const wait = Math.max(0, loadedAt + reloadMinMs - monotonicNow());
    reloading = (async () => {
      try {
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        await load();
      } finally {
        reloading = undefined;
      }
    })();
    return reloading;
  }

  /** The pair with this id, reloading once if another process made it; undefined if it does not exist. */
  async function find(id: string): Promise<SdkKeyPair | undefined> {
    const known = byId.get(id);
    if (known || !KEY_ID.test(id)) return known;
    await reload();
    return byId.get(id);
  }

  function pair(id: string): SdkKeyPair {
    const found = byId.get(id);
    if (!found) throw new Error(`unknown sdk key ${id}`);
    return found;
  }

  return {
    /** Loads the stored pairs and creates the first generation of each kind on an empty store. */
    async init(): Promise<void> {
      await load();
      if (!latest('pinning')) await addGeneration('pinning', 1);
      if (!latest('ecdh')) await addGeneration('ecdh', 1);
    },

    /**
     * Adds a new generation. A new pinning key also gets a new ECDH key signed by it, so new
     * sessions are minted under the new pinning key at once.
     */
    async rotate(kind: SdkKeyKind): Promise<SdkKeyPair> {
      await load();
      await addGeneration(kind, (latest(kind)?.generation ?? 0) + 1);
      if (kind === 'pinning') await addGeneration('ecdh', (latest('ecdh')?.generation ?? 0) + 1);
      return latest(kind)!;
    },

    /** The ECDH key a new session is minted with. */
    currentEcdhKeyId(): string {
      const ecdh = latest('ecdh');
      if (!ecdh) throw new Error('sdk keys are not initialised');
      return ecdh.id;
    },

    /** `session-<32 hex>-<host id>-<base64 SPKI>-<base64 signature>` */
    async composeSdkKey(authKey: string, hostId: string, ecdhKeyId: string): Promise<string> {
      // Another process may have rotated keys since this one loaded them.
      const ecdh = (await find(ecdhKeyId)) ?? pair(ecdhKeyId);
      return `${authKey}-${hostId}-${ecdh.publicSpki}-${ecdh.signature}`;
    },

    /** Public halves of every pinning key, which Lunas's secure iframe trusts (call `fresh` first). */
    pinningPublicKeys(): SdkKeyPair[] {
      return [...byId.values()].filter((p) => p.kind === 'pinning');
    },

    /**
     * Reloads when the loaded set is older than freshForMs, so new sessions are minted with,
     * and the secure iframe trusts, generations another process added, without a restart.
     */
    async fresh(): Promise<void> {
      if (monotonicNow() - loadedAt >= freshForMs) await reload();
    },

    find,
    pair,
    /** How many times the store was read (tests check that unknown ids cannot hammer it). */
    reloads: () => reloads,
  };
}

export type SdkKeyService = ReturnType<typeof sdkKeyService>;
