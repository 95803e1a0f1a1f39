import { useState } from 'preact/hooks';
import { call } from './api.ts';
import { PagedTable, useObject } from './lists.tsx';
import { ActionButton, Link, Status, useLiveTick, useNotice, when } from './ui.tsx';

const REFUND_REASONS = ['REQUESTED_BY_CUSTOMER', 'DUPLICATE', 'FRAUDULENT', 'CANCELLATION', 'OTHERS'];

/** Links to what a payment, token or refund belongs to; each page shows only those it has. */
export function ObjectLinks({ of }: { of: { session_id?: string; payment_id?: string; payment_token_id?: string; customer_id?: string } }) {
  const links = [
    of.session_id && <Link href={`/dashboard/sessions/${of.session_id}`}>Session {of.session_id}</Link>,
    of.payment_id && <Link href={`/dashboard/payments/${of.payment_id}`}>Payment {of.payment_id}</Link>,
    of.payment_token_id && <Link href={`/dashboard/tokens/${of.payment_token_id}`}>Token {of.payment_token_id}</Link>,
    of.customer_id && <Link href={`/dashboard/customers/${of.customer_id}`}>Customer {of.customer_id}</Link>,
  ].filter(Boolean);
  if (links.length === 0) return null;
  return (
    <ul class="links" data-testid="object-links">
      {links.map((link, i) => (
        <li key={i}>{link}</li>
      ))}
    </ul>
  );
}

export function PaymentsPage() {
  const { tick } = useLiveTick();
  return (
    <>
      <h1>Payments</h1>
      <PagedTable
        path="/dashboard/api/payments"
        tick={tick}
        idOf={(p) => p.payment_id}
        caption="Payments, newest first"
        testid="payments-table"
        rowTestid="payment-row"
        empty="No payments yet."
        columns={[
          { label: 'Payment', cell: (p) => <Link href={`/dashboard/payments/${p.payment_id}`}>{p.payment_id}</Link> },
          { label: 'Status', cell: (p) => <Status value={p.status} /> },
          { label: 'Amount', cell: (p) => `${p.request_amount} ${p.currency}` },
          { label: 'Channel', cell: (p) => p.channel_code },
          { label: 'Reference', cell: (p) => p.reference_id },
          { label: 'Created', cell: (p) => when(p.created) },
        ]}
      />
    </>
  );
}

/** A payment: its facts and links, capture or void while authorized, refunds once paid. */
export function PaymentPage({ id }: { id: string }) {
  // A refund's outcome, a capture or an expiry commits later: the business's event stream says when to read again.
  const { tick, bump: reload } = useLiveTick();
  const [notice, report] = useNotice();
  const { value: payment, missing } = useObject(`/dashboard/api/payments/${id}`, tick, report);
  const refunds = useObject<{ data: any[] }>(payment ? `/refunds?payment_request_id=${payment.payment_request_id}&limit=100` : undefined, tick, report).value;
  const [captureAmount, setCaptureAmount] = useState('');
  const [refund, setRefund] = useState({ amount: '', reason: REFUND_REASONS[0]! });

  if (missing) return <p data-testid="object-missing">No payment {id} in this business.</p>;
  if (!payment) return <p class="note">Loading…</p>;
  const captured = (payment.captures ?? []).reduce((sum: number, c: any) => sum + Number(c.capture_amount ?? 0), 0);
  const mine = (refunds?.data ?? []).filter((r) => r.payment_id === id);
  const act = (method: 'POST', path: string, body: unknown, done: string) => async () => {
    await call(method, path, body);
    reload();
    return done;
  };

  return (
    <>
      <p>
        <Link href="/dashboard/payments">← Payments</Link>
      </p>
      <h1>
        Payment {payment.payment_id} <Status value={payment.status} testid="payment-status" />
      </h1>
      <div class="card">
        <dl class="facts">
          <dt>Amount</dt>
          <dd data-testid="payment-amount">
            {payment.request_amount} {payment.currency}
          </dd>
          <dt>Captured</dt>
          <dd>{captured ? `${captured} ${payment.currency}` : '—'}</dd>
          <dt>Channel</dt>
          <dd>
            {payment.channel_code} · {payment.capture_method}
          </dd>
          <dt>Reference</dt>
          <dd>{payment.reference_id}</dd>
          <dt>Payment request</dt>
          <dd>{payment.payment_request_id}</dd>
          {payment.failure_code && (
            <>
              <dt>Failure code</dt>
              <dd>{payment.failure_code}</dd>
            </>
          )}
          <dt>Created</dt>
          <dd>{when(payment.created)}</dd>
        </dl>
        <ObjectLinks of={{ ...payment, payment_id: undefined }} />
      </div>
      {notice}
      {payment.status === 'AUTHORIZED' && (
        <section class="card" aria-labelledby="authorized-title">
          <h2 id="authorized-title">Authorized: capture or void</h2>
          <div class="actions">
            <label>
              Capture amount{' '}
              <input inputMode="decimal" value={captureAmount || String(payment.request_amount)} onInput={(e) => setCaptureAmount((e.target as HTMLInputElement).value)} data-testid="capture-amount" size={12} />
            </label>
            <ActionButton label="Capture" testid="capture-payment" report={report} run={act('POST', `/v3/payments/${id}/capture`, { capture_amount: Number(captureAmount || payment.request_amount) }, 'Payment captured.')} />
            <ActionButton label="Void" testid="void-payment" kind="danger" report={report} run={act('POST', `/v3/payments/${id}/cancel`, undefined, 'Authorization voided.')} />
          </div>
        </section>
      )}
      {payment.status === 'SUCCEEDED' && (
        <section class="card" aria-labelledby="refund-title">
          <h2 id="refund-title">Refund</h2>
          <div class="actions">
            <label>
              Amount (empty: all that is left){' '}
              <input inputMode="decimal" value={refund.amount} onInput={(e) => setRefund({ ...refund, amount: (e.target as HTMLInputElement).value })} data-testid="refund-amount" size={12} />
            </label>
            <label>
              Reason{' '}
              <select value={refund.reason} onChange={(e) => setRefund({ ...refund, reason: (e.target as HTMLSelectElement).value })} data-testid="refund-reason">
                {REFUND_REASONS.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <ActionButton
              label="Refund"
              testid="refund-payment"
              report={report}
              run={act('POST', '/refunds', { payment_request_id: payment.payment_request_id, reason: refund.reason, ...(refund.amount.trim() ? { amount: Number(refund.amount) } : {}) }, 'Refund requested; its outcome follows.')}
            />
          </div>
        </section>
      )}
      <h2>Refunds</h2>
      <RefundRows refunds={mine} report={report} reload={reload} />
    </>
  );
}

function RefundRows({ refunds, report, reload }: { refunds: any[]; report: (text: string, error?: boolean) => void; reload: () => void }) {
  if (refunds.length === 0) return <p class="note">No refunds.</p>;
  return (
    <ul class="plain" data-testid="payment-refunds">
      {refunds.map((r) => (
        <li key={r.id} data-testid="payment-refund" data-status={r.status}>
          {r.amount} {r.currency} <Status value={r.status} /> · {r.reason} · {when(r.created)}
          {r.failure_code && ` · failure code ${r.failure_code}`}
          <div class="note">{r.id}</div>
          {r.status === 'PENDING' && (
            <ActionButton
              label="Cancel refund"
              testid="cancel-refund"
              kind="secondary"
              report={report}
              run={async () => {
                await call('POST', `/refunds/${r.id}/cancel`);
                reload();
                return 'Refund canceled.';
              }}
            />
          )}
        </li>
      ))}
    </ul>
  );
}

/** Every refund of the business (GET /refunds), newest first, each linked to its payment. */
export function RefundsPage() {
  const { tick } = useLiveTick();
  return (
    <>
      <h1>Refunds</h1>
      <PagedTable
        path="/refunds"
        tick={tick}
        idOf={(r) => r.id}
        caption="Refunds, newest first"
        testid="refunds-table"
        rowTestid="refund-row"
        empty="No refunds yet."
        columns={[
          { label: 'Refund', cell: (r) => r.id },
          { label: 'Status', cell: (r) => <Status value={r.status} /> },
          { label: 'Amount', cell: (r) => `${r.amount} ${r.currency}` },
          { label: 'Reason', cell: (r) => r.reason },
          { label: 'Payment', cell: (r) => <Link href={`/dashboard/payments/${r.payment_id}`}>{r.payment_id}</Link> },
          { label: 'Created', cell: (r) => when(r.created) },
        ]}
      />
    </>
  );
}
