import { useEffect } from 'preact/hooks';
import { ApiFailure, call } from './api.ts';
import { FilterSelect, ListError, Pager, useFilters, usePagedList, type ListPage } from './lists.tsx';
import { Link, Status, useLiveTick, when } from './ui.tsx';

/** Creating a session records no event (Xendit sends no webhook for it): the first page is also re-read this often. */
const REFRESH_MS = 3000;

/** A search for a session's id reads that session; any other search is a reference_id. */
async function loadSessions(search: string, url: string): Promise<ListPage> {
  if (!/^ps-[0-9a-f]{24}$/.test(search)) return call('GET', url);
  try {
    return { data: [await call('GET', `/sessions/${search}`)], has_more: false };
  } catch (failure) {
    if (failure instanceof ApiFailure && failure.status === 404) return { data: [], has_more: false };
    throw failure;
  }
}

const idOf = (s: any) => s.payment_session_id;

/** The sessions list: newest first, paginated, filtered, updating live. */
export function SessionsPage() {
  const [filters, set] = useFilters({ status: '', mode: '', session_type: '', search: '' });
  const { tick, bump, live } = useLiveTick();
  const search = filters.search.trim();
  const list = usePagedList('/sessions', { status: filters.status, mode: filters.mode, session_type: filters.session_type, reference_id: search }, tick, (url) => loadSessions(search, url));
  const { page } = list;

  useEffect(() => {
    if (!list.first) return undefined;
    const timer = setInterval(() => document.visibilityState === 'visible' && bump(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [list.first]);

  return (
    <>
      <h1>Sessions</h1>
      <form class="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>
          Search by reference_id or id
          <input type="search" value={filters.search} onInput={(event) => set('search')((event.target as HTMLInputElement).value)} data-testid="session-search" />
        </label>
        <FilterSelect label="Status" value={filters.status} options={['ACTIVE', 'COMPLETED', 'EXPIRED', 'CANCELED']} onChange={set('status')} testid="filter-status" />
        <FilterSelect label="Mode" value={filters.mode} options={['PAYMENT_LINK', 'COMPONENTS']} onChange={set('mode')} testid="filter-mode" />
        <FilterSelect label="Type" value={filters.session_type} options={['PAY', 'SAVE']} onChange={set('session_type')} testid="filter-type" />
        <span class="live" data-testid="live-state">
          {live ? '● Live' : 'Connecting…'}
        </span>
      </form>
      <ListError list={list} />
      <table data-testid="sessions-table">
        <caption class="visually-hidden">Payment sessions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Reference</th>
            <th scope="col">Status</th>
            <th scope="col">Amount</th>
            <th scope="col">Type / mode</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {page?.data.map((s) => (
            <tr key={idOf(s)} data-testid="session-row" data-session-id={idOf(s)}>
              <td data-label="Session">
                <Link href={`/dashboard/sessions/${s.payment_session_id}`}>{s.payment_session_id}</Link>
              </td>
              <td data-label="Reference">{s.reference_id}</td>
              <td data-label="Status">
                <Status value={s.status} />
              </td>
              <td data-label="Amount">
                {s.amount} {s.currency}
              </td>
              <td data-label="Type / mode">
                {s.session_type} · {s.mode}
              </td>
              <td data-label="Created">{when(s.created)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page && page.data.length === 0 && <p class="note">No sessions match.</p>}
      <Pager list={list} idOf={idOf} />
    </>
  );
}
