/**
 * The dashboard app's one way to the server: same-origin fetch with the sign-in's cookie (sent
 * by the browser; no script can read it) and, on every state change, its CSRF token. The
 * secret key never reaches this code.
 */
export interface DashboardConfig {
  csrfToken: string;
  business: { id: string; name: string };
  acting: { id: string; name: string };
  subAccounts: { id: string; name: string }[];
  testClock: boolean;
}

export const config: DashboardConfig = JSON.parse(document.getElementById('dashboard-config')?.textContent ?? '{}');

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function call<T = any>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = config.csrfToken;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  // A sign-in that ended (expired, signed out elsewhere, key revoked): back to the sign-in page.
  if (response.status === 401) {
    location.assign('/dashboard/sign-in');
    throw new ApiFailure(401, 'Signed out');
  }
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiFailure(response.status, parsed?.message ?? `The server answered ${response.status}`);
  return parsed as T;
}

/** A query string from the set values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
