import { Link, Status, when } from './ui.tsx';

/** A webhook delivery with each of its attempts: status code, latency, the answer's start, the next retry. */
export function DeliveryView({ delivery, actions }: { delivery: any; actions?: preact.ComponentChildren }) {
  return (
    <div data-testid="delivery" data-delivery-status={delivery.status}>
      <div>
        Webhook to <code>{delivery.url}</code> <Status value={delivery.status} />
        {delivery.next_attempt_at && <span class="note"> · next retry {when(delivery.next_attempt_at)}</span>}
      </div>
      <ul class="attempts">
        {delivery.attempts.map((a: any, i: number) => (
          <li key={i} data-testid="delivery-attempt">
            Attempt {i + 1} at {when(a.attempted_at)}: {a.status_code !== undefined ? `HTTP ${a.status_code}` : (a.error ?? 'no answer')} in {a.latency_ms} ms
            {a.response_body && <pre>{a.response_body.slice(0, 300)}</pre>}
          </li>
        ))}
        {delivery.attempts.length === 0 && <li>Not attempted yet</li>}
      </ul>
      {actions}
    </div>
  );
}

interface Entry {
  at: string;
  key: string;
  view: preact.ComponentChildren;
}

/**
 * The session's story in time order: created, each payment attempt (channel, outcome, failure
 * code), each event (payment, capture, refunds, the session's end) with its deliveries.
 */
export function Timeline({ session, requests, refunds, events, requestActions, deliveryActions }: { session: any; requests: any[]; refunds: any[]; events: any[]; requestActions: (request: any) => preact.ComponentChildren; deliveryActions: (event: any, delivery: any) => preact.ComponentChildren }) {
  const entries: Entry[] = [{ at: session.created, key: 'created', view: <strong>Session created</strong> }];
  for (const r of requests) {
    entries.push({
      at: r.created,
      key: r.payment_request_id,
      view: (
        <div data-testid="timeline-attempt" data-status={r.status}>
          <strong>Payment attempt</strong> {r.channel_code} <Status value={r.status} />
          {r.failure_code && <span> · failure code {r.failure_code}</span>}
          <div class="note">{r.payment_request_id}</div>
          {r.latest_payment_id && (
            <div>
              <Link href={`/dashboard/payments/${r.latest_payment_id}`} testid="attempt-payment">
                Payment {r.latest_payment_id}
              </Link>
            </div>
          )}
          {requestActions(r)}
        </div>
      ),
    });
  }
  for (const r of refunds) {
    entries.push({
      at: r.created,
      key: r.id,
      view: (
        <div data-testid="timeline-refund">
          <strong>Refund</strong> {r.amount} {r.currency} <Status value={r.status} />
          {r.failure_code && <span> · failure code {r.failure_code}</span>}
          <div class="note">{r.id}</div>
        </div>
      ),
    });
  }
  for (const e of [...events].reverse()) {
    entries.push({
      at: e.created,
      key: e.id,
      view: (
        <div data-testid="timeline-event" data-event-type={e.event}>
          <strong>Event {e.event}</strong>
          <div class="note">
            {e.id}
            {e.data?.payment_id && ` · payment ${e.data.payment_id}`}
            {e.data?.status && ` · ${e.data.status}`}
            {e.data?.failure_code && ` · failure code ${e.data.failure_code}`}
          </div>
          {e.deliveries.map((d: any) => (
            <DeliveryView key={d.id} delivery={d} actions={deliveryActions(e, d)} />
          ))}
          {e.deliveries.length === 0 && <div class="note">No webhook endpoint takes this event.</div>}
        </div>
      ),
    });
  }
  entries.sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol class="timeline" data-testid="timeline">
      {entries.map((entry) => (
        <li key={entry.key}>
          <div class="when">{when(entry.at)}</div>
          {entry.view}
        </li>
      ))}
    </ol>
  );
}
