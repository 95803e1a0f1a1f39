import { useState } from 'preact/hooks';
import { call } from './api.ts';
import { useObject } from './lists.tsx';
import { ObjectLinks } from './payments.tsx';
import { ActionButton, Status, useNotice, when } from './ui.tsx';

/** A recurring plan (made by a SUBSCRIPTION session): its terms, its cycles and their payments, and Deactivate. */
export function PlanPage({ id }: { id: string }) {
  const [tick, setTick] = useState(0);
  const [notice, report] = useNotice();
  const { value: plan, missing } = useObject(`/recurring/plans/${encodeURIComponent(id)}`, tick, report);
  const cycles = useObject<any[]>(`/recurring/plans/${encodeURIComponent(id)}/cycles`, tick, report).value;
  if (missing) return <p data-testid="object-missing">No recurring plan {id} in this business.</p>;
  if (!plan) return <p class="note">Loading…</p>;
  const schedule = plan.schedule ? `every ${plan.schedule.interval_count} ${plan.schedule.interval}` : '';
  return (
    <>
      <h1>
        Plan {plan.id} <Status value={plan.status} testid="plan-status" />
      </h1>
      <div class="card">
        <dl class="facts">
          <dt>Amount</dt>
          <dd>
            {plan.amount} {plan.currency} {schedule}
          </dd>
          <dt>Reference</dt>
          <dd>{plan.reference_id}</dd>
          <dt>Created</dt>
          <dd>{when(plan.created)}</dd>
        </dl>
        <ObjectLinks of={{ customer_id: plan.customer_id, payment_token_id: plan.payment_methods?.[0]?.payment_method_id }} />
      </div>
      {notice}
      {plan.status === 'ACTIVE' && (
        <div class="actions">
          <ActionButton
            label="Deactivate plan"
            testid="deactivate-plan"
            kind="danger"
            report={report}
            run={async () => {
              await call('POST', `/recurring/plans/${encodeURIComponent(id)}/deactivate`);
              setTick((n) => n + 1);
              return 'Plan deactivated: no further cycles will be charged.';
            }}
          />
        </div>
      )}
      <h2>Cycles</h2>
      <ol class="plain" data-testid="plan-cycles">
        {cycles?.map((c) => (
          <li key={c.id} data-testid="plan-cycle">
            Cycle {c.cycle_number} <Status value={c.status} /> · {c.amount} {c.currency} · scheduled {when(c.scheduled_timestamp)}
            <div class="note">{c.id}</div>
            {(c.attempt_details ?? [])
              .filter((a: any) => a.payment_id)
              .map((a: any) => (
                <ObjectLinks key={a.attempt_number} of={{ payment_id: a.payment_id }} />
              ))}
          </li>
        ))}
      </ol>
      {cycles?.length === 0 && <p class="note">No cycles yet.</p>}
    </>
  );
}
