import type { PaymentTokenRow } from '../../db/tables.ts';
import { omitUndefined } from '../../json.ts';
import type { Action } from '../../channels/acquirer/types.ts';

export interface TokenBody {
  channel_properties?: Record<string, unknown>;
  actions: Action[];
  token_details?: Record<string, unknown>;
  description?: string;
  metadata?: unknown;
  /** Never shown; acquirer_state is the acquirer's own record of the linking (channels/acquirer/state.ts reads older rows). */
  internal: { network?: string; cvn_given?: boolean; acquirer_state?: Record<string, unknown> };
}

export const parseTokenBody = (row: PaymentTokenRow): TokenBody => JSON.parse(row.body) as TokenBody;

/** The v3 Payment Token object (sessions-api.md §10.3). */
export function tokenView(row: PaymentTokenRow): Record<string, unknown> {
  const body = parseTokenBody(row);
  const view: Record<string, unknown> = {
    payment_token_id: row.id,
    channel_code: row.channel_code,
    country: row.country,
    business_id: row.business_id,
    customer_id: row.customer_id ?? undefined,
    reference_id: row.reference_id ?? undefined,
    currency: row.currency,
    channel_properties: body.channel_properties,
    actions: body.actions,
    status: row.status,
    token_details: body.token_details,
    failure_code: row.failure_code ?? undefined,
    description: body.description,
    metadata: body.metadata,
    created: row.created,
    updated: row.updated,
  };
  return omitUndefined(view);
}
