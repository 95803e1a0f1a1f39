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

export function sdkKeyService(db: Db, clock: Clock, sealer: KeySealer) {
  const byId = new Map<string, SdkKeyPair>();

  async function load(): Promise<void> {
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
      if (!byId.has(ecdhKeyId)) await load();
      const ecdh = pair(ecdhKeyId);
      return `${authKey}-${hostId}-${ecdh.publicSpki}-${ecdh.signature}`;
    },

    /** Public halves of every pinning key, which Lunas's secure iframe trusts. */
    pinningPublicKeys(): SdkKeyPair[] {
      return [...byId.values()].filter((p) => p.kind === 'pinning');
    },

    pair,
  };
}

export type SdkKeyService = ReturnType<typeof sdkKeyService>;
