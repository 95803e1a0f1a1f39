/**
 * Row types of the Recurring API's tables (modules/recurring): a plan registered by a
 * SUBSCRIPTION session, and its cycles. JSON documents are text, money integer minor units.
 */
export interface RecurringPlansTable {
  id: string;
  business_id: string;
  /** The SUBSCRIPTION session that registered the plan: one plan per session. */
  session_id: string;
  reference_id: string;
  customer_id: string;
  currency: string;
  amount_minor: number;
  /** Xendit's plan statuses: PENDING until a payment method is linked, then ACTIVE, INACTIVE for good. */
  status: 'PENDING' | 'ACTIVE' | 'INACTIVE';
  /** The token the cycles charge; set when the customer links it on the session's page. */
  payment_token_id: string | null;
  /** JSON: the schedule as Xendit shows it, with Lunas's defaults filled in (recurring/schedule.ts). */
  schedule: string;
  /** JSON: the rest of the plan object (failed_cycle_action, immediate_action_type, items, …). */
  body: string;
  created: string;
  updated: string;
}

export interface RecurringCyclesTable {
  id: string;
  plan_id: string;
  business_id: string;
  /** 1, 2, …: unique within a plan, so a cycle can never be made twice. */
  cycle_number: number;
  type: 'SCHEDULED' | 'IMMEDIATE';
  status: 'SCHEDULED' | 'PENDING' | 'RETRYING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';
  /** Attempts made so far: each charge is guarded on this count, so an attempt is made once. */
  attempt_count: number;
  scheduled_timestamp: string;
  /** When the next attempt is due (business time); null once the cycle is final. */
  next_attempt_at: string | null;
  currency: string;
  amount_minor: number;
  /** JSON: Xendit's attempt_details, one entry per attempt. */
  attempt_details: string;
  created: string;
  updated: string;
}
