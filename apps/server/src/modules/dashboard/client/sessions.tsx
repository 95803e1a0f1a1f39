import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, call, query } from './api.ts';
import { Link, Status, useEventStream, when } from './ui.tsx';

const PAGE_SIZE = 20;
/** Creating a session records no event (Xendit sends no webhook for it): the first page is also re-read this often. */
const REFRESH_MS = 3000;

interface Filters {
  status: string;
  mode: string;
  session_type: string;
  search: string;
}

/** The sessions list: newest first, paginated, filtered, updating live. */
export function SessionsPage() {
  const [filters, setFilters] = useState<Filters>({ status: '', mode: '', session_type: '', search: '' });
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<{ data: any[]; has_more: boolean }>();
  const [error, setError] = useState<string>();
  const [tick, setTick] = useState(0);
  const live = useEventStream(() => setTick((n) => n + 1));
  const after = cursors.at(-1);
  const latest = useRef(0);

  useEffect(() => {
    const ask = ++latest.current;
    const search = filters.search.trim();
    const load = async () => {
      if (/^ps-[0-9a-f]{24}$/.test(search)) {
        try {
          return { data: [await call('GET', `/sessions/${search}`)], has_more: false };
        } catch (failure) {
          if (failure instanceof ApiFailure && failure.status === 404) return { data: [], has_more: false };
          throw failure;
        }
      }
      return call('GET', `/sessions${query({ status: filters.status, mode: filters.mode, session_type: filters.session_type, reference_id: search, limit: PAGE_SIZE, after_id: after })}`);
    };
    load().then(
      (result) => {
        if (ask !== latest.current) return;
        setPage(result);
        setError(undefined);
      },
      (failure: Error) => ask === latest.current && setError(failure.message),
    );
  }, [filters, after, tick]);

  useEffect(() => {
    if (after) return undefined;
    const timer = setInterval(() => document.visibilityState === 'visible' && setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, [after]);

  const set = (key: keyof Filters) => (event: Event) => {
    setCursors([]);
    setFilters({ ...filters, [key]: (event.target as HTMLInputElement).value });
  };

  return (
    <>
      <h1>Sessions</h1>
      <form class="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>
          Search by reference_id or id
          <input type="search" value={filters.search} onInput={set('search')} data-testid="session-search" />
        </label>
        <label>
          Status
          <select value={filters.status} onChange={set('status')} data-testid="filter-status">
            <option value="">Any</option>
            {['ACTIVE', 'COMPLETED', 'EXPIRED', 'CANCELED'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Mode
          <select value={filters.mode} onChange={set('mode')} data-testid="filter-mode">
            <option value="">Any</option>
            <option>PAYMENT_LINK</option>
            <option>COMPONENTS</option>
          </select>
        </label>
        <label>
          Type
          <select value={filters.session_type} onChange={set('session_type')} data-testid="filter-type">
            <option value="">Any</option>
            <option>PAY</option>
            <option>SAVE</option>
          </select>
        </label>
        <span class="live" data-testid="live-state">
          {live ? '● Live' : 'Connecting…'}
        </span>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
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
            <tr key={s.payment_session_id} data-testid="session-row" data-session-id={s.payment_session_id}>
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
      <div class="pager">
        <button type="button" class="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))} data-testid="page-previous">
          Previous
        </button>
        <button type="button" class="secondary" disabled={!page?.has_more} onClick={() => page && setCursors([...cursors, page.data.at(-1).payment_session_id])} data-testid="page-next">
          Next
        </button>
      </div>
    </>
  );
}
