import { omitUndefined } from '../../json.ts';
import { toMajorUnits, type Currency } from '../../money.ts';
import type { Cycle, Plan } from './model.ts';

/**
 * Xendit's RecurringPlanResponse and RecurringCycle, as the API answers them and as the
 * `recurring.*` webhooks carry them in `data`. The plan's payment method is the token the
 * customer linked on the session's page (docs/compatibility.md, "Subscriptions").
 */
export function planView(plan: Plan): Record<string, unknown> {
  return omitUndefined({
    id: plan.id,
    reference_id: plan.reference_id,
    customer_id: plan.customer_id,
    recurring_action: 'PAYMENT',
    currency: plan.currency,
    amount: toMajorUnits(plan.amount_minor, plan.currency as Currency),
    status: plan.status,
    created: plan.created,
    updated: plan.updated,
    payment_methods: plan.payment_token_id ? [{ payment_method_id: plan.payment_token_id, rank: 1 }] : [],
    schedule_id: plan.schedule.id,
    schedule: plan.schedule,
    immediate_action_type: plan.body.immediate_action_type,
    notification_config: null,
    payment_link_for_failed_attempt: plan.body.payment_link_for_failed_attempt,
    failed_cycle_action: plan.body.failed_cycle_action,
    metadata: plan.body.metadata ?? null,
    description: plan.body.description,
    items: plan.body.items ?? null,
    actions: [],
  });
}

export function cycleView(cycle: Cycle, plan: Plan): Record<string, unknown> {
  return {
    id: cycle.id,
    type: cycle.type,
    plan_id: cycle.plan_id,
    reference_id: plan.reference_id,
    customer_id: plan.customer_id,
    recurring_action: 'PAYMENT',
    cycle_number: cycle.cycle_number,
    attempt_count: cycle.attempt_count,
    attempt_details: cycle.attempt_details,
    status: cycle.status,
    scheduled_timestamp: cycle.scheduled_timestamp,
    created: cycle.created,
    updated: cycle.updated,
    currency: cycle.currency,
    amount: toMajorUnits(cycle.amount_minor, cycle.currency as Currency),
    metadata: plan.body.metadata ?? null,
  };
}
