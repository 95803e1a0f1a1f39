import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { browserBundles } from '../../bundles/served.ts';
import { Errors, withBodyLimit } from '../../errors.ts';
import type { BusinessService } from '../businesses/service.ts';
import { requireCsrf, type DashboardCookie } from './cookie.ts';
import { sameSecret, type DashboardSignIns } from './sign-ins.ts';
import { DASHBOARD_CSS } from './styles.ts';
import { renderShell, renderSignInPage, type DashboardAssets } from './views.tsx';

/**
 * The dashboard's pages: `/dashboard/sign-in` (form and its POST), `POST /dashboard/sign-out`,
 * the app's shell at `/dashboard` and its client-side pages, and the app's script and
 * stylesheet under `/dashboard/assets/` (content-hashed names, cached for a year). Every page
 * has `frame-ancestors 'none'`, loads only Lunas's own files and is never cached.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The app's client-side pages: each serves the shell, which routes in the browser. */
export const APP_PATHS = [
  '/dashboard',
  '/dashboard/sessions/:session_id',
  '/dashboard/deliveries',
  '/dashboard/webhooks',
  '/dashboard/payments',
  '/dashboard/payments/:payment_id',
  '/dashboard/refunds',
  '/dashboard/tokens',
  '/dashboard/tokens/:payment_token_id',
  '/dashboard/customers',
  '/dashboard/customers/:customer_id',
  '/dashboard/plans/:plan_id',
  '/dashboard/branding',
];
const ASSETS = '/dashboard/assets/';
const FORM_LIMIT = 2048;

const cssName = `dashboard-${createHash('sha256').update(DASHBOARD_CSS).digest('base64url').slice(0, 16)}.css`;

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(html);
}

const seeOther = (reply: FastifyReply, location: string) => reply.status(303).header('location', location).header('cache-control', 'no-store').send();

export async function dashboardPages(
  app: FastifyInstance,
  deps: { signIns: DashboardSignIns; cookie: DashboardCookie; businesses: BusinessService; testClock: boolean },
): Promise<void> {
  const { signIns, cookie, businesses } = deps;
  const assets = async (withScript: boolean): Promise<DashboardAssets> => ({
    css: ASSETS + cssName,
    js: withScript ? ASSETS + (await browserBundles()).dashboard.name : undefined,
  });
  const signedInOf = (request: FastifyRequest) => signIns.resolve(cookie.read(request));

  async function signInPage(reply: FastifyReply, status: number, error?: string) {
    const formToken = randomBytes(24).toString('base64url');
    cookie.formCookie.set(reply, formToken);
    return sendPage(reply, status, renderSignInPage({ assets: await assets(false), formToken, error }));
  }

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: FORM_LIMIT });
    scope.setErrorHandler(async (error) => {
      throw withBodyLimit(error, FORM_LIMIT);
    });

    scope.get('/dashboard/sign-in', { schema: { hide: true } }, async (request, reply) => {
      if (await signedInOf(request)) return seeOther(reply, '/dashboard');
      return signInPage(reply, 200);
    });

    // The form's own token (double-submit: a cookie only this origin's page can have set, and
    // the same value in the form) keeps other sites from signing a browser in to their business.
    scope.post<{ Body: Record<string, string> | undefined }>('/dashboard/sign-in', { schema: { hide: true } }, async (request, reply) => {
      const form = request.body ?? {};
      const expected = cookie.read(request, cookie.formCookie.name);
      if (!expected || typeof form.form_token !== 'string' || !sameSecret(form.form_token, expected)) {
        return signInPage(reply, 403, 'The sign-in form expired: sign in again.');
      }
      const key = typeof form.secret_key === 'string' ? form.secret_key.trim() : '';
      const created = key.length > 0 && key.length <= 512 ? await signIns.signIn(key) : undefined;
      if (!created) return signInPage(reply, 401, 'invalid key');
      cookie.set(reply, created.token, created.expiresAt);
      return seeOther(reply, '/dashboard');
    });

    scope.post<{ Body: Record<string, string> | undefined }>('/dashboard/sign-out', { schema: { hide: true } }, async (request, reply) => {
      const signedIn = await signedInOf(request);
      if (signedIn) {
        requireCsrf(request.body?.csrf_token ?? request.headers['x-csrf-token'], signedIn);
        await signIns.signOut(signedIn);
      }
      cookie.clear(reply);
      return seeOther(reply, '/dashboard/sign-in');
    });
  });

  // A parent business shows one of its sub-accounts (or itself again): the sign-in remembers it,
  // so every API call and the event stream act for that business.
  app.post<{ Body: { business_id?: unknown } | undefined }>('/dashboard/switch', { schema: { hide: true } }, async (request, reply) => {
    const signedIn = await signedInOf(request);
    if (!signedIn) throw Errors.invalidApiKey();
    requireCsrf(request.headers['x-csrf-token'], signedIn);
    const target = request.body?.business_id;
    if (typeof target !== 'string' || !(await signIns.switchTo(signedIn, target))) throw Errors.forbiddenForUser();
    return reply.status(204).send();
  });

  for (const path of APP_PATHS) {
    app.get(path, { schema: { hide: true } }, async (request, reply) => {
      const signedIn = await signedInOf(request);
      if (!signedIn) return seeOther(reply, '/dashboard/sign-in');
      const subAccounts = signedIn.business.parent_id === null ? await businesses.subAccountsOf(signedIn.business.id) : [];
      const pick = (b: { id: string; name: string }) => ({ id: b.id, name: b.name });
      const config = { csrfToken: signedIn.csrfToken, business: pick(signedIn.business), acting: pick(signedIn.acting), subAccounts: subAccounts.map(pick), testClock: deps.testClock };
      return sendPage(reply, 200, renderShell({ assets: await assets(true), config }));
    });
  }

  app.get<{ Params: { file: string } }>(`${ASSETS}:file`, { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params;
    let body: string | undefined;
    let type = 'text/css; charset=utf-8';
    if (file === cssName) body = DASHBOARD_CSS;
    else if (/^dashboard-[\w-]{16}\.mjs$/.test(file)) {
      const built = (await browserBundles()).dashboard;
      if (file === built.name) [body, type] = [built.body, 'text/javascript; charset=utf-8'];
    }
    if (body === undefined) return reply.status(404).send({ error_code: 'NOT_FOUND', message: `No dashboard asset ${file.slice(0, 80)}` });
    return reply.header('content-type', type).header('cache-control', 'public, max-age=31536000, immutable').header('x-content-type-options', 'nosniff').send(body);
  });
}
