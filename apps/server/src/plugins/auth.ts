import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Errors } from '../errors.ts';
import { BUSINESS_ID_PATTERN } from '../ids.ts';
import type { BusinessService } from '../modules/businesses/service.ts';
import type { Business } from '../modules/businesses/service.ts';
import type { CookieCredential } from '../modules/dashboard/cookie.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The business the request acts for: the key's own, or its sub-account named by for-user-id. */
    business: Business;
  }
}

/**
 * HTTP Basic authentication with the secret key as user name (sessions-api.md §1.2), then
 * xenPlatform's `for-user-id`: a business may act for its own sub-accounts and nobody else.
 * Registered as an onRequest hook so a bad key is answered before the body is even read.
 * Keys are looked up through businesses.authenticate, whose cache lasts a second at most, so a
 * key revoked through `DELETE /keys/{id}` stops working at once here and within a second in
 * every other process.
 * Without an Authorization header, a dashboard sign-in's cookie is the other credential
 * (modules/dashboard/cookie.ts: it also demands the CSRF token on every state change); it
 * acts for the business the dashboard shows, so the dashboard goes through the very same
 * routes, rules and events as the API.
 */
export function apiKeyAuth(app: FastifyInstance, businesses: BusinessService, fromCookie?: CookieCredential): void {
  app.decorateRequest('business', null as unknown as Business);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    let business: Business | undefined;
    let shown: Business | undefined;
    if (request.headers.authorization === undefined && fromCookie) {
      const signedIn = await fromCookie(request);
      business = signedIn?.business;
      shown = signedIn?.acting;
    } else {
      const secretKey = basicAuthUser(request.headers.authorization);
      business = secretKey ? await businesses.authenticate(secretKey) : undefined;
    }
    if (!business) throw Errors.invalidApiKey();

    const forUserId = request.headers['for-user-id'];
    if (forUserId === undefined || forUserId === '' || forUserId === business.id) {
      request.business = forUserId ? business : (shown ?? business);
      return;
    }
    const subAccount = typeof forUserId === 'string' && BUSINESS_ID_PATTERN.test(forUserId) ? await businesses.findBusiness(forUserId) : undefined;
    if (!subAccount || subAccount.parent_id !== business.id) throw Errors.forbiddenForUser();
    request.business = subAccount;
  });
}

function basicAuthUser(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user.length > 0 && user.length <= 512 ? user : undefined;
}
