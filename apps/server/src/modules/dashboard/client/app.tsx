/**
 * The Lunas dashboard (browser code, bundled by esbuild into the served bundles). A small
 * Preact app over Lunas's own API, called with the sign-in's cookie and CSRF token: what a
 * business sees and does here is what its API key sees and does.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { call, config } from './api.ts';
import { DeliveriesPage } from './deliveries.tsx';
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

function App() {
  const path = usePath();
  const sessionId = /^\/dashboard\/sessions\/(ps-[0-9a-f]{24})$/.exec(path)?.[1];
  const section = sessionId || path === '/dashboard' ? 'sessions' : path.slice('/dashboard/'.length);
  useEffect(() => {
    document.getElementById('main')?.focus();
  }, [path]);
  let page;
  if (sessionId) page = <SessionPage id={sessionId} />;
  else if (section === 'deliveries') page = <DeliveriesPage />;
  else if (section === 'webhooks') page = <WebhooksPage />;
  else page = <SessionsPage />;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Lunas</span>
        <nav aria-label="Dashboard">
          <Link href="/dashboard" current={section === 'sessions'} testid="nav-sessions">
            Sessions
          </Link>
          <Link href="/dashboard/deliveries" current={section === 'deliveries'} testid="nav-deliveries">
            Deliveries
          </Link>
          <Link href="/dashboard/webhooks" current={section === 'webhooks'} testid="nav-webhooks">
            Webhooks
          </Link>
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
