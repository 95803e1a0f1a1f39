/**
 * The Lunas dashboard (browser code, bundled by esbuild into the served bundles). A small
 * Preact app over Lunas's own API, called with the sign-in's cookie and CSRF token: what a
 * business sees and does here is what its API key sees and does.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, config } from './api.ts';
import { BrandingPage } from './branding.tsx';
import { CustomerPage, CustomersPage } from './customers.tsx';
import { DeliveriesPage } from './deliveries.tsx';
import { PaymentPage, PaymentsPage, RefundsPage } from './payments.tsx';
import { PlanPage } from './plan.tsx';
import { TokenPage, TokensPage } from './tokens.tsx';
import { SessionPage } from './session-page.tsx';
import { SessionsPage } from './sessions.tsx';
import { Link } from './ui.tsx';
import { WebhooksPage } from './webhooks.tsx';

function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return path;
}

function BusinessSwitch() {
  if (config.subAccounts.length === 0) return <span data-testid="business-name">{config.acting.name}</span>;
  const choices = [config.business, ...config.subAccounts];
  return (
    <label>
      Business{' '}
      <select
        data-testid="business-switch"
        value={config.acting.id}
        onChange={async (event) => {
          await call('POST', '/dashboard/switch', { business_id: (event.target as HTMLSelectElement).value });
          location.assign('/dashboard');
        }}
      >
        {choices.map((b) => (
          <option value={b.id} key={b.id}>
            {b.id === config.business.id ? `${b.name} (platform)` : b.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The sections of the navigation, in its order, with their list pages. */
const SECTIONS: [section: string, label: string, list: (p: { id: string }) => preact.JSX.Element][] = [
  ['sessions', 'Sessions', SessionsPage],
  ['payments', 'Payments', PaymentsPage],
  ['refunds', 'Refunds', RefundsPage],
  ['tokens', 'Tokens', TokensPage],
  ['customers', 'Customers', CustomersPage],
  ['deliveries', 'Deliveries', DeliveriesPage],
  ['webhooks', 'Webhooks', WebhooksPage],
  ['branding', 'Branding', BrandingPage],
];

/** An object's own page, from `/dashboard/<kind>/<id>`; a plan belongs to the sessions section (a SUBSCRIPTION session made it). */
const OBJECT_PAGES: Record<string, [section: string, page: (p: { id: string }) => preact.JSX.Element]> = {
  sessions: ['sessions', SessionPage],
  payments: ['payments', PaymentPage],
  tokens: ['tokens', TokenPage],
  customers: ['customers', CustomerPage],
  plans: ['sessions', PlanPage],
};

function App() {
  const path = usePath();
  const [, kind = '', id] = /^\/dashboard\/([a-z_]+)(?:\/([^/]+))?$/.exec(path) ?? [];
  useEffect(() => {
    document.getElementById('main')?.focus();
  }, [path]);
  const object = id ? OBJECT_PAGES[kind] : undefined;
  const list = SECTIONS.find(([name]) => name === kind) ?? SECTIONS[0]!;
  const section = object ? object[0] : list[0];
  const Page = object ? object[1] : list[2];
  const page = <Page key={path} id={decodeURIComponent(id ?? '')} />;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Lunas</span>
        <nav aria-label="Dashboard">
          {SECTIONS.map(([name, label]) => (
            <Link key={name} href={name === 'sessions' ? '/dashboard' : `/dashboard/${name}`} current={section === name} testid={`nav-${name}`}>
              {label}
            </Link>
          ))}
        </nav>
        <BusinessSwitch />
        <form method="post" action="/dashboard/sign-out">
          <input type="hidden" name="csrf_token" value={config.csrfToken} />
          <button type="submit" class="secondary" data-testid="sign-out">
            Sign out
          </button>
        </form>
      </header>
      <div class="test-mode" role="note">
        Test mode: {config.acting.name} ({config.acting.id})
      </div>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
