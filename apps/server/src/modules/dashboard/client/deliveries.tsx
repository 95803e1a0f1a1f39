import { useEffect, useState } from 'preact/hooks';
import { call, query } from './api.ts';
import { DeliveryView } from './timeline.tsx';
import { ActionButton, deliveryDueSoon, Link, useEventStream, useNotice, useReloadWhile, when } from './ui.tsx';

const EVENT_TYPES = ['payment_session.completed', 'payment_session.expired', 'payment.authorization', 'payment.capture', 'payment.failure', 'payment.expiry', 'payment_request.expiry', 'payment_token.activation', 'payment_token.failure', 'payment_token.expiry', 'refund.succeeded', 'refund.failed'];

/** The delivery log: every event with its deliveries and their attempts, filtered, with Resend. */
export function DeliveriesPage() {
  const [filters, setFilters] = useState({ type: '', status: '', endpoint: '' });
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<{ data: any[]; has_more: boolean }>();
  const [endpoints, setEndpoints] = useState<any[]>([]);
  const [tick, setTick] = useState(0);
  const [notice, report] = useNotice();
  useEventStream(() => setTick((n) => n + 1));
  const after = cursors.at(-1);

  useEffect(() => {
    call('GET', '/webhooks/endpoints').then((r) => setEndpoints(r.data), (e) => report(e.message, true));
  }, []);
  useEffect(() => {
    call('GET', `/events${query({ type: filters.type, status: filters.status, endpoint_id: filters.endpoint, limit: 20, after_id: after })}`).then(setPage, (e) => report(e.message, true));
  }, [filters, after, tick]);

  useReloadWhile(deliveryDueSoon(page?.data), () => setTick((n) => n + 1));

  const set = (key: keyof typeof filters) => (event: Event) => {
    setCursors([]);
    setFilters({ ...filters, [key]: (event.target as HTMLSelectElement).value });
  };
  const shown = (d: any) => (!filters.endpoint || d.endpoint_id === filters.endpoint) && (!filters.status || d.status === filters.status);

  return (
    <>
      <h1>Deliveries</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Event type
          <select value={filters.type} onChange={set('type')} data-testid="filter-event-type">
            <option value="">Any</option>
            {EVENT_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        <label>
          Endpoint
          <select value={filters.endpoint} onChange={set('endpoint')} data-testid="filter-endpoint">
            <option value="">Any</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.url}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={filters.status} onChange={set('status')} data-testid="filter-delivery-status">
            <option value="">Any</option>
            <option>PENDING</option>
            <option>DELIVERED</option>
            <option>FAILED</option>
          </select>
        </label>
      </form>
      {notice}
      <table data-testid="deliveries-table">
        <caption class="visually-hidden">Events and their webhook deliveries, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Event</th>
            <th scope="col">Object</th>
            <th scope="col">Deliveries</th>
          </tr>
        </thead>
        <tbody>
          {page?.data.map((e) => (
            <tr key={e.id} data-testid="event-row" data-event-type={e.event}>
              <td data-label="Event">
                <strong>{e.event}</strong>
                <div class="note">
                  {e.id} · {when(e.created)}
                </div>
              </td>
              <td data-label="Object">{e.subject_id.startsWith('ps-') ? <Link href={`/dashboard/sessions/${e.subject_id}`}>{e.subject_id}</Link> : e.subject_id}</td>
              <td data-label="Deliveries">
                {e.deliveries.filter(shown).map((d: any) => (
                  <DeliveryView
                    key={d.id}
                    delivery={d}
                    actions={
                      <ActionButton
                        label="Resend"
                        testid="resend"
                        kind="secondary"
                        report={report}
                        run={async () => {
                          await call('POST', `/events/${e.id}/resend`, { endpoint_id: d.endpoint_id });
                          setTick((n) => n + 1);
                          return 'Queued to send again.';
                        }}
                      />
                    }
                  />
                ))}
                {e.deliveries.length === 0 && <span class="note">No endpoint takes this event.</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && page.data.length === 0 && <p class="note">No events match.</p>}
      <div class="pager">
        <button type="button" class="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <button type="button" class="secondary" disabled={!page?.has_more} onClick={() => page && setCursors([...cursors, page.data.at(-1).id])}>
          Next
        </button>
      </div>
    </>
  );
}
