/**
 * A recurring plan's schedule (Xendit's RecurringSchedule): the defaults Lunas applies to what
 * a SUBSCRIPTION session omits, and the calendar arithmetic of cycles and retries. Pure.
 * Decisions (docs/compatibility.md, "Subscriptions"): `total_recurrence` null (no end),
 * retries once a day (`retry_interval` DAY, `retry_interval_count` 1) but none unless
 * `total_retry` is sent. (`failed_cycle_action` and `immediate_payment` default in sessions/rules.ts.)
 */
export type Interval = 'DAY' | 'WEEK' | 'MONTH';

export interface ScheduleIn {
  interval: Interval;
  interval_count: number;
  anchor_date: string;
  total_recurrence?: number;
  retry_interval?: Interval;
  retry_interval_count?: number;
  total_retry?: number;
  failed_attempt_notifications?: number[];
}

/** A session's `subscription` as it stores it: defaults applied by sessions/rules.ts. */
export interface SubscriptionEcho {
  schedule: ScheduleIn;
  payment_link_for_failed_attempt?: boolean;
  failed_cycle_action: 'RESUME' | 'STOP';
  immediate_payment: boolean;
}

/** The schedule as the plan shows it: every field present. */
export interface Schedule {
  id: string;
  reference_id: string;
  interval: Interval;
  interval_count: number;
  total_recurrence: number | null;
  anchor_date: string;
  retry_interval: Interval;
  retry_interval_count: number;
  total_retry: number | null;
  failed_attempt_notifications: number[];
  created: string;
  updated: string;
}

/**
 * Xendit: an anchor on the 29th–31st moves to the 1st of the next month (same time), so every
 * month has the cycle's day. The day is read in UTC.
 */
export function normalizeAnchor(anchorDate: string): string {
  const at = new Date(anchorDate);
  if (at.getUTCDate() <= 28) return at.toISOString();
  const moved = new Date(at);
  moved.setUTCDate(1);
  moved.setUTCMonth(at.getUTCMonth() + 1);
  return moved.toISOString();
}

export function fullSchedule(input: ScheduleIn, ids: { id: string; referenceId: string }, now: string): Schedule {
  return {
    id: ids.id,
    reference_id: ids.referenceId,
    interval: input.interval,
    interval_count: input.interval_count,
    total_recurrence: input.total_recurrence ?? null,
    anchor_date: normalizeAnchor(input.anchor_date),
    retry_interval: input.retry_interval ?? 'DAY',
    retry_interval_count: input.retry_interval_count ?? 1,
    total_retry: input.total_retry ?? null,
    failed_attempt_notifications: input.failed_attempt_notifications ?? [],
    created: now,
    updated: now,
  };
}

/** `from` moved `count` intervals on (a month keeps the day of month: anchors are on the 1st–28th). */
export function addIntervals(from: string, interval: Interval, count: number): string {
  const at = new Date(from);
  if (interval === 'DAY') at.setUTCDate(at.getUTCDate() + count);
  else if (interval === 'WEEK') at.setUTCDate(at.getUTCDate() + 7 * count);
  else at.setUTCMonth(at.getUTCMonth() + count);
  return at.toISOString();
}

/** When the n-th scheduled cycle (1-based) is due: the anchor, then one interval apart. */
export const scheduledAt = (schedule: Schedule, n: number): string => addIntervals(schedule.anchor_date, schedule.interval, schedule.interval_count * (n - 1));

/** When a failed attempt is tried again. */
export const retryAt = (schedule: Schedule, failedAt: string): string => addIntervals(failedAt, schedule.retry_interval, schedule.retry_interval_count);

/** Whether a cycle whose `attemptsMade` attempts all failed gets another (the first attempt is not a retry). */
export const retriesLeft = (schedule: Schedule, attemptsMade: number): boolean => attemptsMade - 1 < (schedule.total_retry ?? 0);
