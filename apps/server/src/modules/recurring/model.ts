import type { RecurringCyclesTable, RecurringPlansTable } from '../../db/tables.ts';
import type { Schedule } from './schedule.ts';

/** What a plan holds beyond its columns (stored as JSON in `body`). */
export interface PlanBody {
  failed_cycle_action: 'RESUME' | 'STOP';
  immediate_action_type: 'FULL_AMOUNT' | null;
  payment_link_for_failed_attempt: boolean;
  description?: string;
  metadata?: unknown;
  items?: unknown;
}

/** A plan as the rest of the module sees it: the columns with its JSON parsed. */
export type Plan = Omit<RecurringPlansTable, 'schedule' | 'body'> & { schedule: Schedule; body: PlanBody };

/** One attempt of a cycle, as Xendit's `attempt_details` lists it. */
export interface AttemptDetail {
  attempt_number: number;
  type: 'PAYMENT';
  status: 'SUCCEEDED' | 'FAILED';
  action_id: string | null;
  payment_id: string | null;
  failure_code: string | null;
  created: string;
}

export type Cycle = Omit<RecurringCyclesTable, 'attempt_details'> & { attempt_details: AttemptDetail[] };
export type CycleStatus = RecurringCyclesTable['status'];
