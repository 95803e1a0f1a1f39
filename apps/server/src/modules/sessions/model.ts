import type { SessionRow } from '../../db/tables.ts';

/** Request fields Lunas only stores and echoes. */
export interface SessionDetails {
  channel_properties?: unknown;
  allowed_payment_channels?: string[];
  description?: string;
  items?: unknown;
  metadata?: unknown;
  notification_channels?: string[];
  success_return_url?: string;
  cancel_return_url?: string;
  components_configuration?: { origins: string[]; return_url?: string | null };
  payment_link_configuration?: { primary_payment_channels?: string[] };
  /** SUBSCRIPTION sessions: the `subscription` echo (with Xendit's defaults) and the plan it registered. */
  subscription?: unknown;
  recurring_plan_id?: string;
}

export type SessionStatus = SessionRow['status'];

/**
 * A session as the rest of Lunas sees it: the stored columns with `details` parsed. Only the
 * sessions store knows how it is laid out in the table.
 */
export type Session = Omit<SessionRow, 'details'> & { details: SessionDetails };

/** The ids of what paid a session, set when it completes. */
export interface SessionOutcomeIds {
  payment_request_id?: string;
  payment_id?: string;
  payment_token_id?: string;
}
