import type { FastifyInstance, FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../schemas/common.ts';
import { ApiError, withBodyLimit } from '../../errors.ts';
import { isStoreUnavailable } from '../../db/unavailable.ts';
import type { CheckoutAssets } from './assets.ts';
import { renderCheckoutPage, renderResultPage, renderUnavailablePage, safeHref, type ResultStatus } from './page.ts';
import { BrandingIn, BrandingOut } from './schemas.ts';
import type { BrandingService } from './branding.ts';
import type { CheckoutService, LinkView } from './service.ts';

/**
 * The hosted checkout (spec §6.1): `GET /checkout/{link id}` is the page behind every
 * `payment_link_url`; `POST /checkout/{link id}/cancel` is its Cancel button; the page's
 * script and styles live under `/checkout/assets/`. No secret key: the 128-bit link id is the
 * page's only credential, as the sdk auth key inside it is the gateway's.
 */
/**
 * The page loads only what Lunas serves (its script, styles, the SDK, the SDK's secure iframe
 * and action pages, logos) and may never be framed. Result pages run no script at all.
 * form-action also names the origin the Cancel form's 303 may lead to (the cancel_return_url),
 * because browsers check form-action along redirects.
 */
export function checkoutCsp(options: { script: boolean; formTargets?: string[] }): string {
  const active = options.script;
  return [
    "default-src 'none'",
    `script-src ${active ? "'self'" : "'none'"}`,
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${active ? "'self'" : "'none'"}`,
    `frame-src ${active ? "'self'" : "'none'"}`,
    `form-action ${["'self'", ...(options.formTargets ?? [])].join(' ')}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const originOf = (url: string | undefined): string | undefined => {
  const href = safeHref(url);
  return href ? new URL(href).origin : undefined;
};

function sendPage(reply: FastifyReply, status: number, html: string, csp: string): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', csp)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(html);
}

/** The Cancel form posts nothing of note; anything bigger is not the page's own form. */
const CANCEL_FORM_LIMIT = 1024;

export async function checkoutPages(app: FastifyInstance, deps: { checkout: CheckoutService; assets: CheckoutAssets; publicUrl: string }): Promise<void> {
  const { checkout, assets, publicUrl } = deps;
  const ownOrigin = new URL(publicUrl).origin;

  async function result(reply: FastifyReply, status: number, link: LinkView | undefined) {
    const state = (link ? link.session.status : 'NOT_FOUND') as ResultStatus;
    const html = renderResultPage({
      lang: link?.lang ?? 'en',
      locale: link?.locale ?? 'en',
      status: state,
      merchant: link?.merchant,
      sessionType: link?.session.session_type,
      amount: link?.amount,
      returnUrl: state === 'COMPLETED' ? link?.details.success_return_url : link?.details.cancel_return_url,
      assets: assets.styles(link?.merchant.color ?? ''),
    });
    return sendPage(reply, status, html, checkoutCsp({ script: false }));
  }

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: CANCEL_FORM_LIMIT });

    scope.setErrorHandler(async (error, request, reply) => {
      // A client's mistake (a body the parser refuses: bad JSON, too large, another type; a NUL)
      // is the client's 4xx from the one error handler, not this page's 500.
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 413) throw withBodyLimit(error, CANCEL_FORM_LIMIT);
      if (error instanceof ApiError || (status !== undefined && status >= 400 && status < 500)) throw error;
      // The same page either way; the status tells monitors whether it is an outage or a bug.
      const outage = isStoreUnavailable(error);
      if (outage) request.log.warn({ cause: (error as Error).message }, 'store not reachable');
      else request.log.error({ err: error }, 'checkout page failed');
      return sendPage(reply, outage ? 503 : 500, renderUnavailablePage(), checkoutCsp({ script: false }));
    });

    scope.get<{ Params: { linkId: string } }>('/checkout/:linkId', { schema: { hide: true } }, async (request, reply) => {
      const link = await checkout.view(request.params.linkId);
      if (!link) return result(reply, 404, undefined);
      if (link.session.status !== 'ACTIVE') return result(reply, 200, link);
      const { session, details, merchant } = link;
      const paths = { ...assets.styles(merchant.color), ...(await assets.scripts()) };
      const sdkKey = await checkout.sdkKeyOf(session);
      const html = renderCheckoutPage({
        lang: link.lang,
        locale: link.locale,
        merchant,
        sessionType: session.session_type,
        amount: link.amount,
        description: details.description,
        items: link.items,
        expiresAt: session.expires_at,
        expiresText: link.expiresText,
        cancelAction: `${link.linkPath}/cancel`,
        assets: paths,
        config: {
          sdkKey,
          baseUrl: publicUrl,
          locale: link.locale,
          completeUrl: safeHref(details.success_return_url) ?? link.linkPath,
          endedUrl: safeHref(details.cancel_return_url) ?? link.linkPath,
          linkUrl: link.linkPath,
          expiresInMs: checkout.expiresInMs(session),
          words: checkout.scriptWords(link.locale, merchant.name),
        },
      });
      const cancelOrigin = originOf(details.cancel_return_url);
      return sendPage(reply, 200, html, checkoutCsp({ script: true, formTargets: cancelOrigin && cancelOrigin !== ownOrigin ? [cancelOrigin] : [] }));
    });

    /**
     * Cancel, from the page's own form. With `Referrer-Policy: no-referrer` browsers send
     * `Origin: null` on that post, so `null` (and no Origin) is accepted; a named foreign origin
     * is refused. As for the page itself, the unguessable link id is the credential.
     */
    scope.post<{ Params: { linkId: string } }>('/checkout/:linkId/cancel', { schema: { hide: true } }, async (request, reply) => {
      const origin = request.headers.origin;
      if (origin !== undefined && origin !== 'null' && origin !== ownOrigin) {
        request.log.warn({ origin }, 'checkout cancel from another origin refused');
        return reply.status(403).header('content-type', 'text/plain; charset=utf-8').send('This page may not cancel the checkout.');
      }
      const link = await checkout.cancel(request.params.linkId);
      if (!link) return result(reply, 404, undefined);
      const back = link.session.status !== 'COMPLETED' ? safeHref(link.details.cancel_return_url) : undefined;
      return reply.status(303).header('location', back ?? link.linkPath).header('cache-control', 'no-store').send();
    });

    scope.get<{ Params: { file: string } }>('/checkout/assets/:file', { schema: { hide: true } }, async (request, reply) => {
      const asset = await assets.find(request.params.file);
      if (!asset) return reply.status(404).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
      return reply
        .header('content-type', asset.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(asset.body);
    });
  });
}

/** `GET` / `PATCH /checkout/branding`: the merchant's look on the hosted page (Lunas extension). */
export function brandingRoutes(app: FastifyInstance, branding: BrandingService): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['checkout'];
  api.get('/checkout/branding', { schema: { summary: 'Hosted checkout branding (Lunas extension)', tags, response: { 200: BrandingOut, ...errorResponses(401, 403) } } }, async (request) =>
    branding.get(request.business.id),
  );
  api.patch(
    '/checkout/branding',
    { schema: { summary: 'Change the hosted checkout branding (Lunas extension)', tags, body: BrandingIn, response: { 200: BrandingOut, ...errorResponses(400, 401, 403, 413, 415) } } },
    async (request) => branding.update(request.business.id, request.body),
  );
}
