import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { EVENT_TYPES } from '../../events/types.ts';

/** Small shared pieces of the dashboard's pages. */

export function navigate(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

export function Link(p: { href: string; children: ComponentChildren; testid?: string; current?: boolean }) {
  return (
    <a
      href={p.href}
      data-testid={p.testid}
      aria-current={p.current ? 'page' : undefined}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(p.href);
      }}
    >
      {p.children}
    </a>
  );
}

export const Status = ({ value, testid }: { value: string; testid?: string }) => (
  <span class={`status ${value}`} data-testid={testid}>
    {value}
  </span>
);

export const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString() : '');

/** A message for the page's live region: what an action did, or why it failed. */
export function useNotice(): [ComponentChildren, (text: string, error?: boolean) => void] {
  const [notice, setNotice] = useState<{ text: string; error: boolean }>();
  const view = (
    <p role="status" aria-live="polite" class={notice?.error ? 'error' : 'note'} data-testid="notice">
      {notice?.text ?? ''}
    </p>
  );
  return [view, (text, error = false) => setNotice({ text, error })];
}

/** Runs an action, reporting its outcome; the button is disabled meanwhile. */
export function ActionButton(p: { label: string; testid: string; run: () => Promise<string | void>; report: (text: string, error?: boolean) => void; kind?: 'secondary' | 'danger' }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      class={p.kind}
      data-testid={p.testid}
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          const message = await p.run();
          if (message) p.report(message);
        } catch (error) {
          p.report((error as Error).message, true);
        } finally {
          setBusy(false);
        }
      }}
    >
      {p.label}
    </button>
  );
}

/** Whether some delivery is about to be attempted (new, or resent), or about to be made: its outcome is worth waiting for. */
export const deliveryDueSoon = (events: any[] | undefined, now = Date.now()): boolean =>
  (events ?? []).some(
    (e) =>
      // Just recorded and not fanned out yet: its deliveries are about to appear, and no event
      // of the stream will say so (an event without endpoints stops counting after a while).
      (e.deliveries.length === 0 && Math.abs(now - Date.parse(e.created)) < 10_000) ||
      e.deliveries.some((d: any) => d.status === 'PENDING' && (!d.next_attempt_at || Date.parse(d.next_attempt_at) - now < 5000)),
  );

/** Calls `reload` about every second while `waiting` holds: deliveries are attempted after the page read them. */
export function useReloadWhile(waiting: boolean, reload: () => void): void {
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setTimeout(reload, 1000);
    return () => clearTimeout(timer);
  });
}

/**
 * The business's event stream (GET /events/stream, with the sign-in's cookie): calls `onEvent`
 * for each event as it commits. EventSource reconnects by itself, resuming after the last id.
 */
function useEventStream(onEvent: (type: string, data: any) => void): boolean {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const source = new EventSource('/events/stream', { withCredentials: false });
    const handle = (message: MessageEvent) => {
      try {
        onEvent(message.type, JSON.parse(message.data).data);
      } catch {
        onEvent(message.type, undefined);
      }
    };
    source.onopen = () => setOpen(true);
    source.onerror = () => setOpen(false);
    source.onmessage = handle;
    for (const type of EVENT_TYPES) source.addEventListener(type, handle as EventListener);
    return () => source.close();
  }, []);
  return open;
}

/** A counter bumped by each event of the business's stream (and by `bump`): a page re-reads on it. */
export function useLiveTick(): { tick: number; bump: () => void; live: boolean } {
  const [tick, setTick] = useState(0);
  const bump = () => setTick((n) => n + 1);
  const live = useEventStream(bump);
  return { tick, bump, live };
}
