import { omitUndefined } from '../../json.ts';
import { toMajorUnits, type Currency } from '../../money.ts';
import type { Session } from './model.ts';
import type { SessionView } from './schemas.ts';

export interface ViewContext {
  publicUrl: string;
  /** The full components_sdk_key of a COMPONENTS session, composed by the sdk-keys service. */
  sdkKey?: string;
}

/** A session as Xendit's Session object (§2.1): optional fields not set are left out. */
export function toSessionView(row: Session, context: ViewContext): SessionView {
  const { details } = row;
  const view: Record<string, unknown> = {
    payment_session_id: row.id,
    created: row.created,
    updated: row.updated,
    status: row.status,
    reference_id: row.reference_id,
    currency: row.currency,
    amount: toMajorUnits(row.amount_minor, row.currency as Currency),
    country: row.country,
    customer_id: row.customer_id ?? undefined,
    expires_at: row.expires_at,
    session_type: row.session_type,
    capture_method: row.capture_method ?? undefined,
    mode: row.mode,
    locale: row.locale,
    business_id: row.business_id,
    channel_properties: details.channel_properties,
    allowed_payment_channels: details.allowed_payment_channels,
    description: details.description,
    items: details.items,
    metadata: details.metadata,
    notification_channels: details.notification_channels,
    success_return_url: details.success_return_url,
    cancel_return_url: details.cancel_return_url,
    payment_link_url: row.link_id ? `${context.publicUrl}/checkout/${row.link_id}` : undefined,
    components_sdk_key: context.sdkKey,
    allow_save_payment_method: row.allow_save_payment_method ?? undefined,
    components_configuration: details.components_configuration,
    subscription: details.subscription,
    recurring_plan_id: details.recurring_plan_id,
    payment_request_id: row.payment_request_id ?? undefined,
    payment_id: row.payment_id ?? undefined,
    payment_token_id: row.payment_token_id ?? undefined,
  };
  return omitUndefined(view) as SessionView;
}
