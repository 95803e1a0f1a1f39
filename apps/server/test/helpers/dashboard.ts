import type { TestApp } from './app.ts';

/** Signing in to the dashboard in process, and calling the API as the browser does (cookie + CSRF header). */
export const setCookies = (res: { headers: Record<string, unknown> }): string[] => {
  const raw = res.headers['set-cookie'];
  return raw === undefined ? [] : Array.isArray(raw) ? (raw as string[]) : [raw as string];
};
const cookiePair = (header: string) => header.split(';')[0]!;

/** Signs in like the form does; answers the sign-in's cookie pair and CSRF token (from the shell). */
export async function signIn(t: TestApp, key: string): Promise<{ cookie: string; csrf: string; status: number; body: string; setCookie: string[] }> {
  const form = await t.request({ method: 'GET', url: '/dashboard/sign-in', auth: null });
  const formCookie = cookiePair(setCookies(form)[0]!);
  const formToken = /name="form_token" value="([^"]+)"/.exec(form.body)![1]!;
  const res = await t.request({
    method: 'POST',
    url: '/dashboard/sign-in',
    auth: null,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: formCookie },
    payload: new URLSearchParams({ form_token: formToken, secret_key: key }).toString(),
  });
  const setCookie = setCookies(res);
  if (res.statusCode !== 303) return { cookie: '', csrf: '', status: res.statusCode, body: res.body, setCookie };
  const cookie = cookiePair(setCookie.find((c) => c.startsWith('__Host-lunas_dashboard='))!);
  const shell = await t.request({ method: 'GET', url: '/dashboard', auth: null, headers: { cookie } });
  const csrf = JSON.parse(/<script type="application\/json" id="dashboard-config">(.*?)<\/script>/s.exec(shell.body)![1]!).csrfToken;
  return { cookie, csrf, status: res.statusCode, body: res.body, setCookie };
}

export const asDashboard = (t: TestApp, session: { cookie: string; csrf?: string }, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
  t.request({ method, url, auth: null, headers: { cookie: session.cookie, ...(session.csrf ? { 'x-csrf-token': session.csrf } : {}) }, ...(payload === undefined ? {} : { payload: payload as object }) });
