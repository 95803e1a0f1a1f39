import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Store, Tx } from '../../db/store.ts';
import { storedAcquirerState } from '../../channels/acquirer/state.ts';
import type { Acquirer, AcquirerState, Attempt, ChannelAdapter } from '../../channels/acquirer/types.ts';
import type { CardNetwork } from '../../channels/cards/network.ts';
import { findChannel, type Channel } from '../../channels/catalogue.ts';
import { newSimulatorToken } from '../../ids.ts';
import type { Currency } from '../../money.ts';
import { SessionClosedError } from '../sessions/lifecycle.ts';
import type { Vault } from '../vault/vault.ts';
import type { NewCard } from './channel-input.ts';

/**
 * What payment requests and payment tokens share: both are attempts a customer makes on a
 * channel, run by the acquirer, that end once. The life of one:
 * 1. made: the channel input is checked (channel-input.ts), a new card goes to the vault, the
 *    acquirer's `start` answers at once (a final outcome) or asks the customer to act;
 * 2. open while the customer acts (3DS, the provider's page, a transfer to a VA): the CVN, if
 *    any, waits in memory only;
 * 3. final exactly once: a guarded UPDATE from an open status lets one outcome through, and a
 *    duplicate (a second callback, a double click) changes nothing; when the attempt's session
 *    ended first, the attempt is CANCELED instead.
 * payments/engine.ts and tokens/service.ts own their tables and their outcomes; this module is
 * the part that is the same for both.
 */

/** What an attempt keeps for later besides its columns (never shown to clients). */
export interface AttemptInternal {
  network?: string;
  cvn_given?: boolean;
  with_token?: boolean;
  /** The acquirer's own record of the attempt (channels/acquirer/state.ts reads older rows). */
  acquirer_state?: AcquirerState;
}

/** A stored attempt as the acquirer needs to hear of it again. */
export interface StoredAttempt {
  channelCode: string;
  country: string;
  currency: string;
  amountMinor: number | null;
  captureMethod: 'AUTOMATIC' | 'MANUAL';
  reusable: boolean;
  simToken: string | null;
  internal: AttemptInternal;
}

/** The attempt reached a final state already: applying another outcome changes nothing. */
export class AlreadyFinalError extends Error {}

export interface AttemptDeps {
  store: Store;
  clock: Clock;
  vault: Vault;
  acquirer: Acquirer;
  publicUrl: string;
}

export function attemptLifecycle({ store, clock, vault, acquirer, publicUrl }: AttemptDeps) {
  const random = (bytes: number) => randomBytes(bytes);
  const simulatorUrl = (simToken: string) => `${publicUrl}/simulator/${simToken}`;

  function channelOf(stored: Pick<StoredAttempt, 'channelCode' | 'country' | 'currency'>): Channel {
    const channel = findChannel(stored.channelCode, stored.country, stored.currency);
    if (!channel) throw new Error(`channel ${stored.channelCode} vanished from the catalogue`);
    return channel;
  }

  return {
    channelOf,
    adapterFor: (channel: Channel): ChannelAdapter => acquirer.adapterFor(channel.family),
    /** An attempt's own API URL, for the actions that name it (OTP). */
    apiUrl: (path: string): string => `${publicUrl}${path}`,
    /** The customer's page for an attempt that needs one (every channel but PRESENT codes). */
    newSimulatorToken: (channel: Channel): string | null => (channel.interaction === 'PRESENT' ? null : newSimulatorToken()),

    /** The acquirer's view of a stored attempt (for decisions, incoming payments and expiry). */
    attemptOf(stored: StoredAttempt): Attempt {
      const { internal } = stored;
      return {
        channel: channelOf(stored),
        amountMinor: stored.amountMinor,
        currency: stored.currency as Currency,
        captureMethod: stored.captureMethod,
        withToken: internal.with_token ?? false,
        reusable: stored.reusable,
        card: internal.network ? { network: internal.network as CardNetwork, cvnGiven: internal.cvn_given ?? false } : undefined,
        simulatorUrl: stored.simToken ? simulatorUrl(stored.simToken) : '',
        state: storedAcquirerState(internal),
        random,
      };
    },

    /** A new card goes to the vault inside the attempt's transaction; the echo gets its fingerprint. */
    async vaultCard(trx: Tx, businessId: string, card: NewCard, echo: Record<string, unknown> | undefined, now: string): Promise<string> {
      const stored = await vault.storeCard(trx, businessId, { pan: card.pan, expiryMonth: card.expiryMonth, expiryYear: card.expiryYear, network: card.network, masked: card.masked, facts: card.facts }, now);
      const details = echo?.card_details as Record<string, unknown> | undefined;
      if (details) details.fingerprint = stored.fingerprint;
      return stored.id;
    },

    /** The network of a saved card, for a payment with its token. */
    async savedCardNetwork(vaultCardId: string): Promise<string | undefined> {
      return (await vault.findCard(store.db, vaultCardId))?.network;
    },

    /** The CVN waits in memory only while the customer still has to authenticate. */
    holdCvn(attemptId: string, card: NewCard | undefined, status: string): void {
      if (card?.cvn && status === 'REQUIRES_ACTION') vault.holdCvn(attemptId, card.cvn);
    },
    dropCvn: (attemptId: string) => void vault.takeCvn(attemptId),

    /**
     * Applies an outcome in one transaction, once. A duplicate (AlreadyFinalError) changes
     * nothing and answers the attempt as it is; when the attempt's session ended first
     * (SessionClosedError), the attempt can no longer pay it and is canceled.
     */
    async applyOnce<T>(apply: (trx: Tx) => Promise<T>, then: { current: () => Promise<T>; cancel: (trx: Tx, now: string) => Promise<unknown> }): Promise<T> {
      try {
        return await store.db.transaction().execute(apply);
      } catch (error) {
        if (error instanceof AlreadyFinalError) return then.current();
        if (error instanceof SessionClosedError) {
          await store.db.transaction().execute((trx) => then.cancel(trx, clock.now().toISOString()));
          return then.current();
        }
        throw error;
      }
    },
  };
}

export type AttemptLifecycle = ReturnType<typeof attemptLifecycle>;
