import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { call, query } from './api.ts';

/** One column of an object list: its header, and the cell of a row (labelled on narrow screens, where rows become cards). */
export interface Column {
  label: string;
  cell: (row: any) => ComponentChildren;
}

export interface ListPage {
  data: any[];
  has_more: boolean;
}

export type PagedList = ReturnType<typeof usePagedList>;

/**
 * A list read a page at a time (newest first, `after_id` cursors) from `path`: re-read on each
 * `tick`, and from its first page whenever `path` or `params` change (the cursors belong to the
 * path and params they were walked with, so a change drops them before anything is read). `load`
 * reads a page's URL: a page can answer some params another way. An answer that arrives after a
 * newer request's is dropped, so a slow one never overwrites what the filters now show.
 */
export function usePagedList(path: string, params: Record<string, string | undefined>, tick: number, load: (url: string) => Promise<ListPage> = (url) => call('GET', url)) {
  const key = JSON.stringify([path, params]);
  const [walk, setWalk] = useState<{ key: string; cursors: string[] }>({ key, cursors: [] });
  const cursors = walk.key === key ? walk.cursors : [];
  const after = cursors.at(-1);
  const [page, setPage] = useState<ListPage>();
  const [error, setError] = useState<string>();
  const latest = useRef(0);
  useEffect(() => {
    const ask = ++latest.current;
    load(path + query({ limit: 20, ...params, after_id: after })).then(
      (result) => {
        if (ask !== latest.current) return;
        setPage(result);
        setError(undefined);
      },
      (failure: Error) => ask === latest.current && setError(failure.message),
    );
  }, [key, after, tick]);
  return {
    page,
    error,
    /** Whether the first page is shown (the one new objects appear on). */
    first: after === undefined,
    previous: () => setWalk({ key, cursors: cursors.slice(0, -1) }),
    next: (lastId: string) => setWalk({ key, cursors: [...cursors, lastId] }),
  };
}

/** Previous/Next for a paged list, shown once it has more than one page. */
export function Pager({ list, idOf }: { list: PagedList; idOf: (row: any) => string }) {
  const { page } = list;
  if (!page || (list.first && !page.has_more)) return null;
  return (
    <div class="pager">
      <button type="button" class="secondary" disabled={list.first} onClick={list.previous} data-testid="page-previous">
        Previous
      </button>
      <button type="button" class="secondary" disabled={!page.has_more} onClick={() => list.next(idOf(page.data.at(-1)))} data-testid="page-next">
        Next
      </button>
    </div>
  );
}

/** A list's read failure, in the page's alert region. */
export const ListError = ({ list }: { list: PagedList }) =>
  list.error ? (
    <p class="error" role="alert">
      {list.error}
    </p>
  ) : null;

/** A list's filters: their values, and a setter per filter for its control. */
export function useFilters<T extends Record<string, string>>(initial: T): [T, (key: keyof T) => (value: string) => void] {
  const [filters, setFilters] = useState(initial);
  return [filters, (key) => (value) => setFilters((current) => ({ ...current, [key]: value }))];
}

/** One filter of a list: a labelled select whose empty value is "Any". */
export function FilterSelect(p: { label: string; value: string; options: readonly (string | { value: string; label: string })[]; onChange: (value: string) => void; testid: string }) {
  return (
    <label>
      {p.label}
      <select value={p.value} onChange={(event) => p.onChange((event.target as HTMLSelectElement).value)} data-testid={p.testid}>
        <option value="">Any</option>
        {p.options.map((o) =>
          typeof o === 'string' ? (
            <option key={o}>{o}</option>
          ) : (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ),
        )}
      </select>
    </label>
  );
}

/** A list of objects read a page at a time (usePagedList), as a table with its pager. */
export function PagedTable(p: { path: string; params?: Record<string, string | undefined>; tick?: number; idOf: (row: any) => string; columns: Column[]; caption: string; testid: string; rowTestid: string; empty: string }) {
  const list = usePagedList(p.path, p.params ?? {}, p.tick ?? 0);
  const { page } = list;
  return (
    <>
      <ListError list={list} />
      <table data-testid={p.testid}>
        <caption class="visually-hidden">{p.caption}</caption>
        <thead>
          <tr>
            {p.columns.map((c) => (
              <th scope="col" key={c.label}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {page?.data.map((row) => (
            <tr key={p.idOf(row)} data-testid={p.rowTestid} data-id={p.idOf(row)}>
              {p.columns.map((c) => (
                <td data-label={c.label} key={c.label}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {page && page.data.length === 0 && <p class="note">{p.empty}</p>}
      <Pager list={list} idOf={p.idOf} />
    </>
  );
}

/**
 * A page's object read once (and again on `tick`): undefined while loading (or while `path` is
 * not known yet), `missing` on 404 (another business's id reads as missing too).
 */
export function useObject<T = any>(path: string | undefined, tick: number, report: (text: string, error?: boolean) => void): { value?: T; missing: boolean } {
  const [state, setState] = useState<{ value?: T; missing: boolean }>({ missing: false });
  useEffect(() => {
    if (path === undefined) return;
    call<T>('GET', path).then(
      (value) => setState({ value, missing: false }),
      (failure) => (failure.status === 404 ? setState({ missing: true }) : report(failure.message, true)),
    );
  }, [path, tick]);
  return state;
}
