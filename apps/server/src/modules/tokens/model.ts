import type { Action } from '../../channels/acquirer/types.ts';
import type { PaymentTokenRow } from '../../db/tables.ts';
import type { AttemptInternal } from '../attempts/lifecycle.ts';

/** What a token keeps in its `body` column besides its columns. */
export interface TokenBody {
  channel_properties?: Record<string, unknown>;
  actions: Action[];
  token_details?: Record<string, unknown>;
  description?: string;
  metadata?: unknown;
  /** Never shown: what the linking needs later (attempts/lifecycle.ts). */
  internal: AttemptInternal;
}

/** A payment token as Lunas's code sees it: the stored columns with `body` parsed. Only the store knows the table. */
export type PaymentToken = Omit<PaymentTokenRow, 'body'> & { body: TokenBody };
