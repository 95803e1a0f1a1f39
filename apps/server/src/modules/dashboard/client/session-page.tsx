import { useEffect, useState } from 'preact/hooks';
import { ApiFailure, call, config } from './api.ts';
import { ObjectLinks } from './payments.tsx';
import { Timeline } from './timeline.tsx';
import { ActionButton, deliveryDueSoon, Link, Status, useLiveTick, useNotice, useReloadWhile, when } from './ui.tsx';

/** One session: its facts, the test-mode actions that apply, and its timeline. */
export function SessionPage({ id }: { id: string }) {
  const [data, setData] = useState<{ session: any; requests: any[]; events: any[]; refunds: any[] }>();
  const [missing, setMissing] = useState(false);
  const { tick, bump: reload } = useLiveTick();
  const [notice, report] = useNotice();
  const [channel, setChannel] = useState('');

  useEffect(() => {
    const load = async () => {
      const [session, requests, events] = await Promise.all([call('GET', `/sessions/${id}`), call('GET', `/dashboard/api/sessions/${id}/payment_requests`), call('GET', `/events?object_id=${id}&limit=100`)]);
      // Refunds are events of their own objects: found through the payment request that paid the session.
      const refunds = session.payment_request_id ? (await call('GET', `/refunds?payment_request_id=${session.payment_request_id}&limit=100`)).data : [];
      const refundEvents = await Promise.all(refunds.map((r: any) => call('GET', `/events?subject_id=${r.id}&limit=100`)));
      return { session, requests: requests.data, events: [...events.data, ...refundEvents.flatMap((page) => page.data)], refunds };
    };
    load().then(setData, (failure) => (failure instanceof ApiFailure && failure.status === 404 ? setMissing(true) : report(failure.message, true)));
  }, [id, tick]);
  useReloadWhile(deliveryDueSoon(data?.events), reload);

  if (missing) return <p data-testid="session-missing">No session {id} in this business.</p>;
  if (!data) return <p class="note">Loading…</p>;
  const { session, requests, events, refunds } = data;
  const active = session.status === 'ACTIVE';
  const act = (path: string, body: unknown, done: string) => async () => {
    await call('POST', path, body);
    reload();
    return done;
  };
  const channels: string[] = session.allowed_payment_channels ?? [];
  const chosen = channel || channels[0] || '';

  return (
    <>
      <p>
        <Link href="/dashboard">← Sessions</Link>
      </p>
      <h1>
        Session {session.payment_session_id} <Status value={session.status} testid="session-status" />
      </h1>
      <div class="card">
        <dl class="facts">
          <dt>Reference</dt>
          <dd>{session.reference_id}</dd>
          <dt>Amount</dt>
          <dd>
            {session.amount} {session.currency} ({session.country})
          </dd>
          <dt>Type / mode</dt>
          <dd>
            {session.session_type} · {session.mode}
          </dd>
          <dt>Expires</dt>
          <dd>{when(session.expires_at)}</dd>
          {session.payment_link_url && (
            <>
              <dt>Payment link</dt>
              <dd>
                <a href={session.payment_link_url}>{session.payment_link_url}</a>
              </dd>
            </>
          )}
          {session.recurring_plan_id && (
            <>
              <dt>Recurring plan</dt>
              <dd>
                <Link href={`/dashboard/plans/${session.recurring_plan_id}`}>{session.recurring_plan_id}</Link>
              </dd>
            </>
          )}
        </dl>
        <ObjectLinks of={session} />
      </div>
      {active && (
        <section aria-labelledby="actions-title" class="card">
          <h2 id="actions-title">Test-mode actions</h2>
          <div class="actions">
            <label>
              Channel{' '}
              <input value={chosen} list="session-channels" onInput={(e) => setChannel((e.target as HTMLInputElement).value.toUpperCase())} data-testid="attempt-channel" size={14} />
              <datalist id="session-channels">
                {channels.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </label>
            <ActionButton label="Start a test payment" testid="start-attempt" report={report} run={act(`/sessions/${id}/payment_requests`, { channel_code: chosen }, 'Payment attempt started: pay or decline it below.')} />
            <ActionButton label="Cancel session" testid="cancel-session" kind="danger" report={report} run={act(`/sessions/${id}/cancel`, undefined, 'Session canceled.')} />
            {config.testClock && <ActionButton label="Expire now" testid="expire-session" kind="secondary" report={report} run={act(`/sessions/${id}/expire`, undefined, 'Session expired.')} />}
          </div>
        </section>
      )}
      {notice}
      <h2>Timeline</h2>
      <Timeline
        session={session}
        requests={requests}
        refunds={refunds}
        events={events}
        requestActions={(r) =>
          r.status === 'REQUIRES_ACTION' ? (
            <div class="actions">
              <ActionButton label="Pay (simulator)" testid="simulate-pay" report={report} run={act(`/dashboard/api/payment_requests/${r.payment_request_id}/decide`, { decision: 'approve' }, 'Paid through the simulator.')} />
              <ActionButton label="Decline (simulator)" testid="simulate-decline" kind="secondary" report={report} run={act(`/dashboard/api/payment_requests/${r.payment_request_id}/decide`, { decision: 'decline' }, 'Declined through the simulator.')} />
            </div>
          ) : r.status === 'ACCEPTING_PAYMENTS' || r.status === 'PENDING' ? (
            <div class="actions">
              <ActionButton label="Pay (simulator)" testid="simulate-pay" report={report} run={act(`/v3/payment_requests/${r.payment_request_id}/simulate`, {}, 'Simulated payment sent; the outcome follows.')} />
            </div>
          ) : null
        }
        deliveryActions={(e, d) => <ActionButton label="Resend" testid="resend" kind="secondary" report={report} run={act(`/events/${e.id}/resend`, { endpoint_id: d.endpoint_id }, 'Queued to send again.')} />}
      />
    </>
  );
}
