import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Executor } from '../../db/store.ts';
import type { VaultCardRow } from '../../db/tables.ts';
import { newVaultCardId } from '../../ids.ts';
import type { MasterKeys } from './master-key.ts';
import { Secret } from './secret.ts';

/**
 * The card vault: where card numbers are kept, sealed. A PAN is plaintext only in memory while
 * the request that brought it runs (checked by attempts/channel-input.ts, handed once to the
 * acquirer's first call), and never in a row, a log or a response.
 * - PANs are sealed with AES-256-GCM (random 96-bit IV, the card id as AAD so a sealed PAN
 *   cannot be moved to another row) and shown only as first 6 + last 4.
 * - A keyed fingerprint lets Lunas recognise a card again without keeping it readable.
 * - CVNs are never written anywhere: they wait in this process's memory until the
 *   authorisation that needs them, then are dropped (or lapse with their payment request).
 */
export interface CardToStore {
  pan: Secret<string>;
  expiryMonth: string;
  expiryYear: string;
  network: string;
  masked: string;
  facts: { type: string; issuer: string; country: string };
}

/** A card as the rest of Lunas sees it: never its number. */
export interface StoredCard {
  id: string;
  fingerprint: string;
  network: string;
  masked: string;
}

const storedCard = (row: VaultCardRow): StoredCard => ({ id: row.id, fingerprint: row.fingerprint, network: row.network, masked: row.masked });

const CVN_TTL_MS = 30 * 60 * 1000;

export function createVault(keys: MasterKeys) {
  const heldCvns = new Map<string, { cvn: Secret<string>; until: number }>();

  const fingerprintOf = (pan: Secret<string>): string => createHmac('sha256', keys.fingerprint).update(pan.reveal()).digest('hex').slice(0, 24);

  /** AES-256-GCM with a random 96-bit IV; `aad` binds the sealed text to its row. */
  function seal(aad: string, secret: Secret<string>): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keys.sealing, iv);
    cipher.setAAD(Buffer.from(aad));
    const ciphertext = Buffer.concat([cipher.update(secret.reveal(), 'utf8'), cipher.final()]);
    return [iv, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64')).join('.');
  }

  function open(aad: string, sealed: string): Secret<string> {
    const [iv, ciphertext, tag] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', keys.sealing, iv!);
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(tag!);
    return new Secret(Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString('utf8'));
  }

  function dropExpiredCvns(now: number): void {
    for (const [key, held] of heldCvns) if (held.until <= now) heldCvns.delete(key);
  }

  return {
    fingerprintOf,

    async storeCard(trx: Executor, businessId: string, card: CardToStore, now: string): Promise<StoredCard> {
      const id = newVaultCardId();
      const row: VaultCardRow = {
        id,
        business_id: businessId,
        fingerprint: fingerprintOf(card.pan),
        pan_sealed: seal(id, card.pan),
        masked: card.masked,
        network: card.network,
        expiry_month: card.expiryMonth,
        expiry_year: card.expiryYear,
        facts: JSON.stringify(card.facts),
        created: now,
      };
      await trx.insertInto('vault_cards').values(row).execute();
      return storedCard(row);
    },

    async findCard(db: Executor, id: string): Promise<StoredCard | undefined> {
      const row = await db.selectFrom('vault_cards').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? storedCard(row) : undefined;
    },

    revealPan(row: VaultCardRow): Secret<string> {
      return open(row.id, row.pan_sealed);
    },

    /** Other secrets at rest (webhook signing secrets, callback tokens), bound to their row id. */
    sealSecret: (rowId: string, secret: Secret<string>) => seal(`secret:${rowId}`, secret),
    openSecret: (rowId: string, sealed: string) => open(`secret:${rowId}`, sealed),

    /** Keeps a CVN in memory for the authorisation of `holderId` (a payment request or token). */
    holdCvn(holderId: string, cvn: Secret<string>): void {
      const now = Date.now();
      dropExpiredCvns(now);
      heldCvns.set(holderId, { cvn, until: now + CVN_TTL_MS });
    },

    /** Hands the CVN to the authorisation and forgets it. */
    takeCvn(holderId: string): Secret<string> | undefined {
      const held = heldCvns.get(holderId);
      heldCvns.delete(holderId);
      return held && held.until > Date.now() ? held.cvn : undefined;
    },
  };
}

export type Vault = ReturnType<typeof createVault>;
