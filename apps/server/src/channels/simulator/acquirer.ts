import type { Acquirer, ChannelAdapter } from '../acquirer/types.ts';
import type { ChannelFamily } from '../catalogue.ts';
import { cardAdapter } from './adapters/cards.ts';
import { directDebitAdapter } from './adapters/direct-debit.ts';
import { presentAdapter } from './adapters/present.ts';
import { redirectAdapter } from './adapters/redirect.ts';

/** Lunas's built-in test-mode acquirer: one adapter per channel family. */
const ADAPTERS: Record<ChannelFamily, ChannelAdapter> = {
  CARDS: cardAdapter,
  EWALLET: redirectAdapter,
  DIRECT_DEBIT: directDebitAdapter,
  ONLINE_BANKING: redirectAdapter,
  PAYLATER: redirectAdapter,
  VIRTUAL_ACCOUNT: presentAdapter,
  QR: presentAdapter,
  OTC: presentAdapter,
};

export const simulatedAcquirer: Acquirer = { adapterFor: (family) => ADAPTERS[family] };
