import { createHash } from 'node:crypto';
import type { CardNetwork } from './network.ts';

/**
 * What the card_details echo says about a card: its masked number and the issuer facts a BIN
 * lookup gives (type, issuer, country). Lunas has no BIN database, so the facts are invented:
 * keyed by BIN prefix (longest match wins), as a real lookup would be, so every card of a test
 * range reports the same bank. Countries are spread over Xendit's markets so merchants see
 * non-ID values too.
 */
export interface IssuerFacts { issuer: string; country: string; type: 'CREDIT' | 'DEBIT' }

const ISSUERS_BY_PREFIX: ReadonlyArray<readonly [string, IssuerFacts]> = [
  ['400000', { issuer: 'PT BANK NEGARA INDONESIA', country: 'ID', type: 'CREDIT' }],
  ['520000', { issuer: 'PT BANK MANDIRI (PERSERO) TBK', country: 'ID', type: 'DEBIT' }],
  ['444000', { issuer: 'BDO UNIBANK, INC.', country: 'PH', type: 'CREDIT' }],
  ['512345', { issuer: 'MALAYAN BANKING BERHAD', country: 'MY', type: 'CREDIT' }],
  ['420035', { issuer: 'KASIKORNBANK PUBLIC COMPANY LIMITED', country: 'TH', type: 'CREDIT' }],
  ['541353', { issuer: 'BANGKOK BANK PUBLIC COMPANY LIMITED', country: 'TH', type: 'DEBIT' }],
  ['1889', { issuer: 'PT BANK CENTRAL ASIA TBK', country: 'ID', type: 'DEBIT' }],
];

const ISSUER_BY_NETWORK: Readonly<Record<CardNetwork, IssuerFacts>> = {
  VISA: { issuer: 'PT BANK NEGARA INDONESIA', country: 'ID', type: 'CREDIT' },
  MASTERCARD: { issuer: 'PT BANK MANDIRI (PERSERO) TBK', country: 'ID', type: 'CREDIT' },
  JCB: { issuer: 'JCB CO., LTD.', country: 'JP', type: 'CREDIT' },
  AMEX: { issuer: 'AMERICAN EXPRESS', country: 'US', type: 'CREDIT' },
  BCA: { issuer: 'PT BANK CENTRAL ASIA TBK', country: 'ID', type: 'DEBIT' },
};

export function maskCardNumber(pan: string): string {
  return pan.slice(0, 6) + 'X'.repeat(Math.max(0, pan.length - 10)) + pan.slice(-4);
}

export function cardFacts(pan: string, network: CardNetwork): {
  masked_card_number: string; network: CardNetwork; type: 'CREDIT' | 'DEBIT'; issuer: string; country: string;
} {
  let best: readonly [string, IssuerFacts] | undefined;
  for (const entry of ISSUERS_BY_PREFIX) {
    if (pan.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  }
  const facts = best?.[1] ?? ISSUER_BY_NETWORK[network];
  return { masked_card_number: maskCardNumber(pan), network, type: facts.type, issuer: facts.issuer, country: facts.country };
}

/**
 * card_details.fingerprint (24 hex). Scoped (e.g. by business id) so one business's fingerprints
 * cannot be matched against another's, while a card stays recognisable within its scope.
 */
export function cardFingerprint(pan: string, scope: string): string {
  return createHash('sha256').update(`${scope}\u0000${pan}`).digest('hex').slice(0, 24);
}
