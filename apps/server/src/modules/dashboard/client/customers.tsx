import { useState } from 'preact/hooks';
import { call } from './api.ts';
import { PagedTable, useObject } from './lists.tsx';
import { TOKEN_COLUMNS } from './tokens.tsx';
import { Link, navigate, Status, useNotice, when } from './ui.tsx';

const nameOf = (c: any): string => {
  const person = c.individual_detail;
  const name = person ? [person.given_names, person.surname].filter(Boolean).join(' ') : c.business_detail?.business_name;
  return name || c.reference_id;
};

export function CustomersPage() {
  const [reference, setReference] = useState('');
  const [notice, report] = useNotice();
  return (
    <>
      <h1>Customers</h1>
      <form
        class="filters"
        role="search"
        onSubmit={async (event) => {
          event.preventDefault();
          try {
            const found = await call('GET', `/customers?reference_id=${encodeURIComponent(reference.trim())}`);
            if (found.data[0]) navigate(`/dashboard/customers/${found.data[0].id}`);
            else report(`No customer has the reference_id ${reference.trim()}.`, true);
          } catch (error) {
            report((error as Error).message, true);
          }
        }}
      >
        <label>
          Find by reference_id
          <input type="search" required value={reference} onInput={(e) => setReference((e.target as HTMLInputElement).value)} data-testid="customer-search" />
        </label>
        <button type="submit">Find</button>
      </form>
      {notice}
      <PagedTable
        path="/dashboard/api/customers"
        idOf={(c) => c.id}
        caption="Customers, newest first"
        testid="customers-table"
        rowTestid="customer-row"
        empty="No customers yet."
        columns={[
          { label: 'Customer', cell: (c) => <Link href={`/dashboard/customers/${c.id}`}>{nameOf(c)}</Link> },
          { label: 'Reference', cell: (c) => c.reference_id },
          { label: 'Email', cell: (c) => c.email ?? '—' },
          { label: 'Created', cell: (c) => when(c.created) },
        ]}
      />
    </>
  );
}

/** A customer: its details, its saved payment methods and its sessions. */
export function CustomerPage({ id }: { id: string }) {
  const [notice, report] = useNotice();
  const { value: customer, missing } = useObject(`/customers/${encodeURIComponent(id)}`, 0, report);
  const sessions = useObject<{ data: any[] }>(`/dashboard/api/customers/${encodeURIComponent(id)}/sessions`, 0, report).value;
  if (missing) return <p data-testid="object-missing">No customer {id} in this business.</p>;
  if (!customer) return <p class="note">Loading…</p>;
  return (
    <>
      <p>
        <Link href="/dashboard/customers">← Customers</Link>
      </p>
      <h1 data-testid="customer-name">{nameOf(customer)}</h1>
      <div class="card">
        <dl class="facts">
          <dt>Id</dt>
          <dd>{customer.id}</dd>
          <dt>Reference</dt>
          <dd>{customer.reference_id}</dd>
          <dt>Type</dt>
          <dd>{customer.type}</dd>
          <dt>Email</dt>
          <dd>{customer.email ?? '—'}</dd>
          <dt>Mobile</dt>
          <dd>{customer.mobile_number ?? '—'}</dd>
          <dt>Created</dt>
          <dd>{when(customer.created)}</dd>
        </dl>
      </div>
      {notice}
      <h2>Saved payment methods</h2>
      <PagedTable path="/dashboard/api/payment_tokens" params={{ customer_id: id }} idOf={(t) => t.payment_token_id} caption="The customer's payment tokens" testid="customer-tokens" rowTestid="token-row" empty="No saved payment methods." columns={TOKEN_COLUMNS.filter((c) => c.label !== 'Customer')} />
      <h2>Sessions</h2>
      <ul class="plain" data-testid="customer-sessions">
        {sessions?.data.map((s) => (
          <li key={s.payment_session_id}>
            <Link href={`/dashboard/sessions/${s.payment_session_id}`}>{s.payment_session_id}</Link> <Status value={s.status} /> {s.session_type} · {s.amount} {s.currency} · {when(s.created)}
          </li>
        ))}
      </ul>
      {sessions?.data.length === 0 && <p class="note">No sessions.</p>}
    </>
  );
}
