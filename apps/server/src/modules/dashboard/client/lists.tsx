import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, query } from './api.ts';

/** One column of an object list: its header, and the cell of a row (labelled on narrow screens, where rows become cards). */
export interface Column {
  label: string;
  cell: (row: any) => ComponentChildren;
}

/**
 * A list of objects read a page at a time (newest first, `after_id` cursors) from `path`,
 * re-read from its first page whenever `params` change. Previous/Next walk the cursors.
 */
export function PagedTable(p: { path: string; params?: Record<string, string | undefined>; idOf: (row: any) => string; columns: Column[]; caption: string; testid: string; rowTestid: string; empty: string; limit?: number }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<{ data: any[]; has_more: boolean }>();
  const [error, setError] = useState<string>();
  const paramsKey = JSON.stringify(p.params ?? {});
  useEffect(() => setCursors([]), [p.path, paramsKey]);
  useEffect(() => {
    call('GET', p.path + query({ ...p.params, limit: p.limit ?? 20, after_id: cursors.at(-1) })).then(
      (result) => {
        setPage(result);
        setError(undefined);
      },
      (failure) => setError(failure.message),
    );
  }, [p.path, paramsKey, cursors]);
  return (
    <>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
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
      {page && (cursors.length > 0 || page.has_more) && (
        <div class="pager">
          <button type="button" class="secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous
          </button>
          <button type="button" class="secondary" disabled={!page.has_more} onClick={() => setCursors([...cursors, p.idOf(page.data.at(-1))])}>
            Next
          </button>
        </div>
      )}
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
