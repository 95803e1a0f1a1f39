import { useState } from 'preact/hooks';
import { call } from './api.ts';
import { PagedTable, useObject, type Column } from './lists.tsx';
import { ObjectLinks } from './payments.tsx';
import { ActionButton, Link, Status, useNotice, when } from './ui.tsx';

/** The columns of a token list (the tokens page, and a customer's tokens). */
export const TOKEN_COLUMNS: Column[] = [
  { label: 'Token', cell: (t) => <Link href={`/dashboard/tokens/${t.payment_token_id}`}>{t.payment_token_id}</Link> },
  { label: 'Status', cell: (t) => <Status value={t.status} /> },
  { label: 'Channel', cell: (t) => t.channel_code },
  { label: 'Customer', cell: (t) => (t.customer_id ? <Link href={`/dashboard/customers/${t.customer_id}`}>{t.customer_id}</Link> : '—') },
  { label: 'Created', cell: (t) => when(t.created) },
];

export function TokensPage() {
  return (
    <>
      <h1>Payment tokens</h1>
      <PagedTable path="/dashboard/api/payment_tokens" idOf={(t) => t.payment_token_id} caption="Payment tokens, newest first" testid="tokens-table" rowTestid="token-row" empty="No saved payment methods yet." columns={TOKEN_COLUMNS} />
    </>
  );
}

/** A saved payment method: its facts, what it belongs to, and Cancel while it can still be used. */
export function TokenPage({ id }: { id: string }) {
  const [tick, setTick] = useState(0);
  const [notice, report] = useNotice();
  const { value: token, missing } = useObject(`/dashboard/api/payment_tokens/${encodeURIComponent(id)}`, tick, report);
  if (missing) return <p data-testid="object-missing">No payment token {id} in this business.</p>;
  if (!token) return <p class="note">Loading…</p>;
  const cancellable = ['ACTIVE', 'REQUIRES_ACTION', 'PENDING'].includes(token.status);
  return (
    <>
      <p>
        <Link href="/dashboard/tokens">← Payment tokens</Link>
      </p>
      <h1>
        Token {token.payment_token_id} <Status value={token.status} testid="token-status" />
      </h1>
      <div class="card">
        <dl class="facts">
          <dt>Channel</dt>
          <dd>
            {token.channel_code} ({token.country}, {token.currency})
          </dd>
          <dt>Reference</dt>
          <dd>{token.reference_id ?? '—'}</dd>
          {token.failure_code && (
            <>
              <dt>Failure code</dt>
              <dd>{token.failure_code}</dd>
            </>
          )}
          <dt>Created</dt>
          <dd>{when(token.created)}</dd>
        </dl>
        <ObjectLinks of={{ session_id: token.session_id, customer_id: token.customer_id }} />
      </div>
      {notice}
      {cancellable && (
        <div class="actions">
          <ActionButton
            label="Cancel token"
            testid="cancel-token"
            kind="danger"
            report={report}
            run={async () => {
              await call('POST', `/v3/payment_tokens/${id}/cancel`);
              setTick((n) => n + 1);
              return 'Token canceled: it can no longer be charged.';
            }}
          />
        </div>
      )}
    </>
  );
}
