import type { Migration } from 'kysely';
import type { Dialect } from '../dialect.ts';
import { m0001_foundation } from './0001_foundation.ts';
import { m0002_payments } from './0002_payments.ts';
import { m0003_webhooks } from './0003_webhooks.ts';
import { m0004_webhook_endpoint_url } from './0004_webhook_endpoint_url.ts';
import { m0005_delivery_claim_index } from './0005_delivery_claim_index.ts';
import { m0006_checkout_branding } from './0006_checkout_branding.ts';
import { m0007_keys_accounts_seeded_endpoint } from './0007_keys_accounts_seeded_endpoint.ts';
import { m0008_capture_event_session_key } from './0008_capture_event_session_key.ts';
import { m0009_scrub_card_data } from './0009_scrub_card_data.ts';
import { m0010_gateway_attempts } from './0010_gateway_attempts.ts';
import { m0011_business_clocks } from './0011_business_clocks.ts';
import { m0012_event_stream } from './0012_event_stream.ts';
import { m0013_customer_profiles } from './0013_customer_profiles.ts';
import { m0015_refund_columns } from './0015_refund_columns.ts';
import { m0016_published_authentication_data } from './0016_published_authentication_data.ts';
import { m0017_dashboard_sessions } from './0017_dashboard_sessions.ts';
import { m0018_recurring_plans } from './0018_recurring_plans.ts';
import { m0020_delivery_lease_owner } from './0020_delivery_lease_owner.ts';
import { m0021_webhook_bookkeeping_indexes } from './0021_webhook_bookkeeping_indexes.ts';
import { m0022_webhook_undelivered_index } from './0022_webhook_undelivered_index.ts';
import { m0023_fan_out_queue } from './0023_fan_out_queue.ts';

/**
 * One dialect-neutral set of migrations, numbered, each in its own file. The only dialect
 * branch is the outbox's auto-increment column, which SQLite and PostgreSQL spell differently.
 */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_foundation': m0001_foundation(dialect),
    '0002_payments': m0002_payments(),
    '0003_webhooks': m0003_webhooks(),
    '0004_webhook_endpoint_url': m0004_webhook_endpoint_url(),
    '0005_delivery_claim_index': m0005_delivery_claim_index(),
    '0006_checkout_branding': m0006_checkout_branding(),
    '0007_keys_accounts_seeded_endpoint': m0007_keys_accounts_seeded_endpoint(),
    '0008_capture_event_session_key': m0008_capture_event_session_key(),
    '0009_scrub_card_data': m0009_scrub_card_data(dialect),
    '0010_gateway_attempts': m0010_gateway_attempts(),
    '0011_business_clocks': m0011_business_clocks(),
    '0012_event_stream': m0012_event_stream(dialect),
    '0013_customer_profiles': m0013_customer_profiles(),
    '0015_refund_columns': m0015_refund_columns(),
    '0016_published_authentication_data': m0016_published_authentication_data(),
    '0017_dashboard_sessions': m0017_dashboard_sessions(),
    '0018_recurring_plans': m0018_recurring_plans(),
    '0020_delivery_lease_owner': m0020_delivery_lease_owner(),
    '0021_webhook_bookkeeping_indexes': m0021_webhook_bookkeeping_indexes(),
    '0022_webhook_undelivered_index': m0022_webhook_undelivered_index(),
    '0023_fan_out_queue': m0023_fan_out_queue(dialect),
  };
}
