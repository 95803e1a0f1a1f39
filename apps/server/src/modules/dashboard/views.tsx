import { renderToString } from 'preact-render-to-string';
import type { ComponentChildren } from 'preact';
import { JsonDataBlock } from '../checkout/page-shell.tsx';

/** The dashboard's server-rendered documents: the sign-in page and the app's shell. */
export interface DashboardAssets {
  css: string;
  js?: string;
}

function document(p: { title: string; assets: DashboardAssets; children: ComponentChildren }): string {
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="same-origin" />
        <title>{p.title}</title>
        <link rel="stylesheet" href={p.assets.css} />
        {p.assets.js && <script type="module" src={p.assets.js} />}
      </head>
      <body>{p.children}</body>
    </html>
  );
  return `<!doctype html>\n${renderToString(page)}\n`;
}

/** One password-type field for the secret key and a Sign in button; a refused key says so. */
export function renderSignInPage(p: { assets: DashboardAssets; formToken: string; error?: string }): string {
  return document({
    title: 'Sign in · Lunas dashboard',
    assets: p.assets,
    children: (
      <main class="signin">
        <h1>Lunas dashboard</h1>
        <p class="note">Sign in with a business's secret key. The key is checked on the server and never kept in the browser.</p>
        <form method="post" action="/dashboard/sign-in" data-testid="sign-in-form">
          <input type="hidden" name="form_token" value={p.formToken} />
          <label>
            Secret key
            <input type="password" name="secret_key" autocomplete="off" required maxLength={512} aria-describedby={p.error ? 'sign-in-error' : undefined} data-testid="secret-key" />
          </label>
          {p.error && (
            <p id="sign-in-error" class="error" role="alert" data-testid="sign-in-error">
              {p.error}
            </p>
          )}
          <button type="submit" data-testid="sign-in">
            Sign in
          </button>
        </form>
      </main>
    ),
  });
}

/** What the browser app starts from: no secret key, only the sign-in's CSRF token and who is shown. */
export interface ShellConfig {
  csrfToken: string;
  business: { id: string; name: string };
  acting: { id: string; name: string };
  subAccounts: { id: string; name: string }[];
  testClock: boolean;
}

export function renderShell(p: { assets: DashboardAssets; config: ShellConfig }): string {
  return document({
    title: 'Lunas dashboard',
    assets: p.assets,
    children: (
      <>
        <JsonDataBlock id="dashboard-config" value={p.config} />
        <div id="app">
          <p class="note">Loading the dashboard…</p>
        </div>
      </>
    ),
  });
}
