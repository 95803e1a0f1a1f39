import type { Channel } from '../catalogue.ts';
import { Errors } from '../../errors.ts';

/**
 * Card data has exactly one way in: `channel_properties.card_details` of a CARDS attempt, which
 * modules/attempts/channel-input.ts splits into the vault's sealed PAN, the in-memory CVN and a masked echo. Anywhere
 * else, channel_properties are stored and echoed as sent (request body, payment row, webhook
 * event), so a card field there would land in clear text. Such fields are refused before
 * anything is written.
 */

/** Keys that carry a card number or security code, whatever the channel's form says. */
const CARD_KEYS = new Set(['card_details', 'card_number', 'cvn', 'cvv', 'cvc', 'cvv2', 'security_code']);

/** Throws API_VALIDATION_ERROR if channel_properties carry card fields outside a CARDS card_details. */
export function refuseStrayCardData(channel: Channel, properties: Record<string, unknown> | undefined): void {
  if (properties === undefined || properties === null || typeof properties !== 'object') return;
  const isCard = channel.family === 'CARDS';
  for (const [key, value] of Object.entries(properties)) {
    // The one sanctioned place: modules/attempts/channel-input.ts checks and masks it.
    if (isCard && key === 'card_details') continue;
    findCardKey(key, value, '/body/channel_properties');
  }
}

/** Throws API_VALIDATION_ERROR if a card field appears anywhere in `value` (e.g. a session's channel_properties, which no card may ride in). */
export function refuseCardKeys(value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) findCardKey(key, child, path);
}

function findCardKey(key: string, value: unknown, parent: string): void {
  const path = `${parent}/${key}`;
  if (CARD_KEYS.has(key.toLowerCase())) throw Errors.cardDataOffCards(path);
  if (typeof value !== 'object' || value === null) return;
  for (const [childKey, child] of Object.entries(value)) findCardKey(childKey, child, path);
}
