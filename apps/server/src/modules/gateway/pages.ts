import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderSecureIframe, secureIframeCsp, type SecureIframeBuild } from '@lunas/secure-fields/render';
import { browserBundles } from '../../bundles/served.ts';
import { lazyBuild } from '../../lazy-build.ts';
import type { SdkKeyService } from '../sdk-keys/service.ts';
import type { SessionService } from '../sessions/service.ts';
import { ACTION_COMPLETE_SCRIPT_HASH as ACTION_COMPLETE_HASH } from '../../channels/action-complete.ts';
import { brandColor } from './bff.ts';
import { logRefusal } from './refusals.ts';
import { actionCompletePage } from './page-markup.tsx';
import { channelMarkSvg } from './channel-marks.tsx';

/**
 * Pages Lunas serves for the Components SDKs:
 * - the secure card iframe, at the path the official 0.0.24 bundle pins
 *   (`/components/secure-iframe-v0.0.24.html`) and a versionless alias; it trusts Lunas's
 *   pinning keys, and may be framed only by the session's origins (CSP frame-ancestors; for a
 *   PAYMENT_LINK session, Lunas's own origin, where the hosted checkout runs);
 * - the action landing page that tells the SDK a 3DS or redirect step inside its action
 *   iframe is finished (`xendit-iframe-action-complete`);
 * - channel logos.
 */
export async function componentPages(app: FastifyInstance, deps: { sessions: SessionService; sdkKeys: SdkKeyService }): Promise<void> {
  const iframeBuild = lazyBuild<SecureIframeBuild>();

  /**
   * Rendered once per set of pinning keys: a rotation adds a key, and the page must trust it
   * too. Another process may have rotated: a session whose ECDH key this process does not know
   * yet makes it reload at once (that key's pinning signer comes with it), and otherwise the
   * set is reloaded when older than the sdk key service's freshness window.
   */
  async function iframePage(sessionKeyId: string | null | undefined) {
    if (sessionKeyId) await deps.sdkKeys.find(sessionKeyId);
    await deps.sdkKeys.fresh();
    const pinning = deps.sdkKeys.pinningPublicKeys();
    const pinningIds = pinning.map((p) => p.id).join(',');
    return iframeBuild(pinningIds, async () =>
      renderSecureIframe((await browserBundles()).secureField, { pinningJwks: pinning.map((p) => p.publicKey.export({ format: 'jwk' })) }),
    );
  }

  const serveIframe = async (request: FastifyRequest, reply: FastifyReply) => {
    const sessionId = (request.query as { session_id?: string }).session_id;
    let origins: string[] = [];
    let sessionKeyId: string | null | undefined;
    if (typeof sessionId === 'string' && /^ps-[0-9a-f]{24}$/.test(sessionId)) {
      const session = await deps.sessions.browserFacts(sessionId);
      sessionKeyId = session?.ecdhKeyId;
      if (session) origins = session.origins;
      else logRefusal(request, 'unframeable_iframe', `secure iframe for unknown session ${sessionId} served with frame-ancestors 'none': no page may show it`, { session_id: sessionId });
    } else {
      logRefusal(request, 'unframeable_iframe', `secure iframe without a valid session_id served with frame-ancestors 'none': no page may show it`);
    }
    warnIfFramedElsewhere(request, typeof sessionId === 'string' ? sessionId : undefined, origins);
    const page = await iframePage(sessionKeyId);
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', secureIframeCsp(page.scriptHash, origins))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .send(page.html);
  };
  /**
   * The browser, not Lunas, enforces frame-ancestors, and it tells the page nothing. When the
   * Referer shows which page frames the iframe and that origin is not allowed, say so here.
   */
  function warnIfFramedElsewhere(request: FastifyRequest, sessionId: string | undefined, origins: string[]): void {
    if (origins.length === 0) return; // already logged as unframeable
    const referer = request.headers.referer;
    if (!referer || !URL.canParse(referer)) return;
    const framer = new URL(referer).origin;
    if (origins.includes(framer)) return;
    logRefusal(request, 'frame_origin_not_allowed', `secure iframe requested from ${framer}, which is not allowed for session ${sessionId} (allowed: ${origins.join(', ')}): the browser will not show the card fields`, {
      session_id: sessionId,
      origin: framer,
      allowed_origins: origins,
    });
  }

  app.get('/components/secure-iframe-v0.0.24.html', { schema: { hide: true } }, serveIframe);
  app.get('/components/secure-iframe.html', { schema: { hide: true } }, serveIframe);

  app.get('/components/action-complete.html', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', `default-src 'none'; script-src '${ACTION_COMPLETE_HASH}'; style-src 'unsafe-inline'; base-uri 'none'`)
      .header('cache-control', 'no-store')
      .send(actionCompletePage()),
  );

  app.get<{ Params: { name: string } }>('/components/logos/:name', { schema: { hide: true } }, async (request, reply) => {
    const name = request.params.name.replace(/\.svg$/, '');
    if (!/^[A-Z0-9_-]{1,64}$/.test(name)) return reply.status(404).send();
    const svg = channelMarkSvg(name, brandColor(name));
    return reply.header('content-type', 'image/svg+xml').header('cache-control', 'public, max-age=86400').header('access-control-allow-origin', '*').send(svg);
  });
}
