import type { FastifyReply, FastifyRequest } from 'fastify';
import { Errors } from '../../errors.ts';
import { sameSecret, type DashboardSignIns, type SignedIn } from './sign-ins.ts';

/**
 * The dashboard's cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
 * sends it), Path=/ (the dashboard calls the API routes with it), and on an https
 * LUNAS_PUBLIC_URL Secure with the `__Host-` prefix (no subdomain can set or shadow it).
 */
export function dashboardCookie(publicUrl: string) {
  const secure = new URL(publicUrl).protocol === 'https:';
  const name = secure ? '__Host-lunas_dashboard' : 'lunas_dashboard';
  const flags = `HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  const attributes = `Path=/; ${flags}`;
  const formName = `${secure ? '__Secure-' : ''}lunas_sign_in`;

  const read = (request: FastifyRequest, cookieName = name): string | undefined => {
    const header = request.headers.cookie;
    if (!header) return undefined;
    for (const part of header.split(';')) {
      const eq = part.indexOf('=');
      if (eq !== -1 && part.slice(0, eq).trim() === cookieName) return part.slice(eq + 1).trim();
    }
    return undefined;
  };

  return {
    name,
    secure,
    read,
    set: (reply: FastifyReply, token: string, expiresAt: Date) => reply.header('set-cookie', `${name}=${token}; ${attributes}; Expires=${expiresAt.toUTCString()}`),
    clear: (reply: FastifyReply) => reply.header('set-cookie', `${name}=; ${attributes}; Max-Age=0`),
    /** The sign-in form's own double-submit token (before any sign-in exists), scoped to the form's path. */
    formCookie: {
      name: formName,
      set: (reply: FastifyReply, value: string) => reply.header('set-cookie', `${formName}=${value}; Path=/dashboard/sign-in; ${flags}; Max-Age=3600`),
    },
  };
}

export type DashboardCookie = ReturnType<typeof dashboardCookie>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A state change's CSRF check: `sent` (header or form field) must be the sign-in's token, else 403. */
export function requireCsrf(sent: unknown, signedIn: SignedIn): void {
  if (typeof sent !== 'string' || !sameSecret(sent, signedIn.csrfToken)) throw Errors.csrfTokenInvalid();
}

/**
 * The API's second credential (plugins/auth.ts): a dashboard sign-in's cookie. A request that
 * changes state must also carry the sign-in's CSRF token in `x-csrf-token`, else 403 before
 * anything runs. Undefined when the request carries no live sign-in.
 */
export function cookieCredential(signIns: DashboardSignIns, cookie: DashboardCookie) {
  return async (request: FastifyRequest): Promise<SignedIn | undefined> => {
    const signedIn = await signIns.resolve(cookie.read(request));
    if (!signedIn) return undefined;
    if (!SAFE_METHODS.has(request.method)) requireCsrf(request.headers['x-csrf-token'], signedIn);
    return signedIn;
  };
}

export type CookieCredential = ReturnType<typeof cookieCredential>;
