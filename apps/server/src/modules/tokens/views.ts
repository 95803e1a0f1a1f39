import { omitUndefined } from '../../json.ts';
import type { PaymentToken } from './model.ts';

/** The v3 Payment Token object (sessions-api.md §10.3). */
export function tokenView(row: PaymentToken): Record<string, unknown> {
  const { body } = row;
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
