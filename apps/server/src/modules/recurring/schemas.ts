import { Type } from 'typebox';
import { AnyJson, Nullable, StringEnum } from '../../schemas/common.ts';
import { RECURRING_CYCLE_UPDATE_EXAMPLES } from '../../schemas/examples.ts';

const ObjectOrNull = Type.Unsafe<Record<string, unknown> | null>({ type: ['object', 'null'] });
const ArrayOrNull = Type.Unsafe<unknown[] | null>({ type: ['array', 'null'] });

/**
 * The Recurring API's shapes as far as SUBSCRIPTION sessions need them (payments.yaml:
 * Xendit_Subscriptions_API_RecurringPlanResponse, _RecurringSchedule, _RecurringCycle, with the
 * fields Xendit's docs list beyond the yaml's short cycle schema).
 */
const Interval = StringEnum(['DAY', 'WEEK', 'MONTH']);

export const ScheduleOut = Type.Object({
  id: Type.String(),
  reference_id: Type.String(),
  interval: Interval,
  interval_count: Type.Integer(),
  total_recurrence: Nullable(Type.Integer()),
  anchor_date: Type.String({ format: 'date-time' }),
  retry_interval: Interval,
  retry_interval_count: Type.Integer(),
  total_retry: Nullable(Type.Integer()),
  failed_attempt_notifications: Type.Array(Type.Integer()),
  created: Type.String({ format: 'date-time' }),
  updated: Type.String({ format: 'date-time' }),
});

export const RecurringPlanOut = Type.Object(
  {
    id: Type.String(),
    reference_id: Type.String(),
    customer_id: Type.String(),
    recurring_action: StringEnum(['PAYMENT']),
    currency: Type.String(),
    amount: Type.Number(),
    status: StringEnum(['ACTIVE', 'INACTIVE', 'PENDING']),
    created: Type.String({ format: 'date-time' }),
    updated: Type.String({ format: 'date-time' }),
    payment_methods: Type.Array(Type.Object({ payment_method_id: Type.String(), rank: Type.Integer() })),
    schedule_id: Type.String(),
    schedule: ScheduleOut,
    immediate_action_type: Nullable(StringEnum(['FULL_AMOUNT'])),
    notification_config: ObjectOrNull,
    payment_link_for_failed_attempt: Type.Boolean(),
    failed_cycle_action: StringEnum(['RESUME', 'STOP']),
    metadata: ObjectOrNull,
    description: Type.Optional(Type.String()),
    items: ArrayOrNull,
    actions: Type.Array(AnyJson),
  },
  { $id: 'RecurringPlanOut' },
);

export const RecurringCycleOut = Type.Object(
  {
    id: Type.String(),
    type: StringEnum(['SCHEDULED', 'IMMEDIATE']),
    plan_id: Type.String(),
    reference_id: Type.String(),
    customer_id: Type.String(),
    recurring_action: StringEnum(['PAYMENT']),
    cycle_number: Type.Integer(),
    attempt_count: Type.Integer(),
    attempt_details: Type.Array(
      Type.Object({
        attempt_number: Type.Integer(),
        type: StringEnum(['PAYMENT']),
        status: StringEnum(['SUCCEEDED', 'FAILED']),
        action_id: Nullable(Type.String()),
        payment_id: Nullable(Type.String()),
        failure_code: Nullable(Type.String()),
        created: Type.String({ format: 'date-time' }),
      }),
    ),
    status: StringEnum(['SCHEDULED', 'PENDING', 'RETRYING', 'FAILED', 'SUCCEEDED', 'CANCELLED']),
    scheduled_timestamp: Type.String({ format: 'date-time' }),
    created: Type.String({ format: 'date-time' }),
    updated: Type.String({ format: 'date-time' }),
    currency: Type.String(),
    amount: Type.Number(),
    metadata: ObjectOrNull,
  },
  { $id: 'RecurringCycleOut' },
);

/** Any id is looked up: a malformed one is simply not found (404 DATA_NOT_FOUND), as Xendit answers. */
const AnyId = Type.String({ minLength: 1, maxLength: 100 });
export const PlanParams = Type.Object({ id: AnyId });
export const CycleParams = Type.Object({ plan_id: AnyId, id: AnyId });
export const CycleUpdateIn = Type.Object({ amount: Type.Number({ exclusiveMinimum: 0 }) }, { examples: RECURRING_CYCLE_UPDATE_EXAMPLES });
