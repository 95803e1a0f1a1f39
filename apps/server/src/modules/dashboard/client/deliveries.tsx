import { useEffect, useState } from 'preact/hooks';
import { EVENT_TYPES } from '../../events/types.ts';
import { call } from './api.ts';
import { FilterSelect, ListError, Pager, useFilters, usePagedList } from './lists.tsx';
import { DeliveryView } from './timeline.tsx';
import { ActionButton, deliveryDueSoon, Link, useLiveTick, useNotice, useReloadWhile, when } from './ui.tsx';

const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'];

/** The delivery log: every event with its deliveries and their attempts, filtered, with Resend. */
export function DeliveriesPage() {
  const [filters, set] = useFilters({ type: '', status: '', endpoint: '' });
  const [endpoints, setEndpoints] = useState<{ value: string; label: string }[]>([]);
  const { tick, bump } = useLiveTick();
  const [notice, report] = useNotice();
  const list = usePagedList('/events', { type: filters.type, status: filters.status, endpoint_id: filters.endpoint }, tick);
  const { page } = list;

  useEffect(() => {
    call('GET', '/webhooks/endpoints').then((r) => setEndpoints(r.data.map((e: any) => ({ value: e.id, label: e.url }))), (e) => report(e.message, true));
  }, []);
  useReloadWhile(deliveryDueSoon(page?.data), bump);

  const shown = (d: any) => (!filters.endpoint || d.endpoint_id === filters.endpoint) && (!filters.status || d.status === filters.status);

  return (
    <>
      <h1>Deliveries</h1>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect label="Event type" value={filters.type} options={EVENT_TYPES} onChange={set('type')} testid="filter-event-type" />
        <FilterSelect label="Endpoint" value={filters.endpoint} options={endpoints} onChange={set('endpoint')} testid="filter-endpoint" />
        <FilterSelect label="Status" value={filters.status} options={DELIVERY_STATUSES} onChange={set('status')} testid="filter-delivery-status" />
      </form>
      <ListError list={list} />
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
                          bump();
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
      <Pager list={list} idOf={(e) => e.id} />
    </>
  );
}
