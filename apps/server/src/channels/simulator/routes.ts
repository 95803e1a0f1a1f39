import type { FastifyInstance, FastifyReply } from 'fastify';
import formbody from '@fastify/formbody';
import { withBodyLimit } from '../../errors.ts';
import type { BusinessOffsets } from '../../clock.ts';
import type { PaymentRequest } from '../../modules/payments/model.ts';
import type { PaymentService } from '../../modules/payments/service.ts';
import type { PaymentToken, TokenService } from '../../modules/tokens/service.ts';
import { findChannel, type Channel } from '../catalogue.ts';
import { storedAcquirerState } from '../acquirer/state.ts';
import type { Decision } from '../acquirer/types.ts';
import { TEST_OTP } from './cards.ts';
import { simulatorState } from './state.ts';
import { formatMoney } from '@lunas/protocol/format';
import type { SessionService } from '../../modules/sessions/service.ts';
import { wordsFor } from './layout.tsx';
import { renderAcsPage, renderProviderPage, renderResultPage, SIMULATOR_CSP, type ProviderFamily, type ResultOutcome } from './pages.ts';

/**
 * The test-mode simulator pages behind every REDIRECT_CUSTOMER / WEB_URL action:
 * `GET /simulator/{token}` shows the 3DS ACS page (cards) or the provider's approval page
 * (e-wallets, direct debit, online banking, paylater, push approvals); `POST` applies the
 * customer's decision, then sends the browser to the merchant's return URL (303) or shows the
 * result. The token in the URL is 128 random bits and is the page's only credential.
 */
type Subject = { kind: 'request'; row: PaymentRequest; channel: Channel } | { kind: 'token'; row: PaymentToken; channel: Channel };

const OUTCOME: Record<string, ResultOutcome> = { SUCCEEDED: 'success', AUTHORIZED: 'success', ACTIVE: 'success', FAILED: 'failure', CANCELED: 'canceled', EXPIRED: 'canceled' };

/** The simulator pages' forms carry an OTP or a choice: a few fields. */
const SIMULATOR_FORM_LIMIT = 4096;

export async function simulatorRoutes(
  app: FastifyInstance,
  deps: {
    payments: PaymentService;
    tokens: TokenService;
    sessions: SessionService;
    /** The merchant as the hosted checkout shows it (branded name, colour, logo). */
    look: (businessId: string, locale: string) => Promise<{ name: string; logo?: string; color: string }>;
    runAs?: BusinessOffsets['runAs'];
  },
): Promise<void> {
  const { payments, tokens } = deps;

  async function find(token: string): Promise<Subject | undefined> {
    if (!/^[A-Za-z0-9_-]{22}$/.test(token)) return undefined;
    const request = await payments.findBySimulatorToken(token);
    const saving = request ? undefined : await tokens.findBySimulatorToken(token);
    const row = request ?? saving;
    if (!row) return undefined;
    const channel = findChannel(row.channel_code, row.country, row.currency);
    if (!channel) return undefined;
    return request ? { kind: 'request', row: request, channel } : { kind: 'token', row: saving!, channel };
  }

  function send(reply: FastifyReply, status: number, html: string): FastifyReply {
    return reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', SIMULATOR_CSP)
      .header('referrer-policy', 'same-origin')
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(html);
  }

  /**
   * The page's language: the locale of the session the attempt belongs to (the same one the
   * hosted checkout and the SDK speak); English for an attempt made without a session.
   */
  async function langOf(subject: Subject | undefined): Promise<string> {
    const sessionId = subject?.row.session_id;
    if (!sessionId) return 'en';
    const session = await deps.sessions.get(subject.row.business_id, sessionId).catch(() => undefined);
    return session?.locale ?? 'en';
  }

  const result = (reply: FastifyReply, status: string, lang: string, returnUrl?: string) => {
    const t = wordsFor(lang);
    const known = Object.hasOwn(OUTCOME, status);
    const copy = known
      ? { title: t(`result.${status}.title` as 'result.FAILED.title'), message: t(`result.${status}.message` as 'result.FAILED.message'), outcome: OUTCOME[status]! }
      : { title: t('result.other.title', { status }), message: t('result.other.message'), outcome: 'info' as const };
    return send(reply, 200, renderResultPage({ ...copy, lang, returnUrl, notifyEmbedder: true }));
  };
  const unknownLink = (reply: FastifyReply) => {
    const t = wordsFor('en');
    return send(reply, 404, renderResultPage({ title: t('result.unknown.title'), message: t('result.unknown.message'), outcome: 'info' }));
  };

  /**
   * Where the customer goes after deciding: the attempt's own return URLs, else Lunas's result
   * page. A session's attempts run inside an SDK's action iframe (the merchant's Components
   * page, or Lunas's hosted checkout for PAYMENT_LINK), so they end on the result page, which
   * tells the SDK the step is done; the hosted checkout then sends the customer on itself.
   */
  function returnUrlFor(subject: Subject, succeeded: boolean): string | undefined {
    const properties = subject.row.body.channel_properties;
    return (succeeded ? properties?.success_return_url : (properties?.failure_return_url ?? properties?.cancel_return_url)) as string | undefined;
  }

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: SIMULATOR_FORM_LIMIT });
    // Its 413 names this limit, not LUNAS_BODY_LIMIT; everything else goes to the one handler.
    scope.setErrorHandler(async (error) => {
      throw withBodyLimit(error, SIMULATOR_FORM_LIMIT);
    });

    scope.get<{ Params: { token: string } }>('/simulator/:token', { schema: { hide: true } }, async (request, reply) => {
      const subject = await find(request.params.token);
      if (!subject) return unknownLink(reply);
      const { row, channel } = subject;
      const lang = await langOf(subject);
      if (row.status !== 'REQUIRES_ACTION' && row.status !== 'PENDING') return result(reply, row.status, lang);
      const { name: merchantName, color, logo } = await deps.look(row.business_id, lang);
      const brand = { color, logo };
      const amount =
        subject.kind === 'request' ? formatMoney(subject.row.request_amount_minor ?? 0, row.currency, lang, row.country) : wordsFor(lang)('provider.save', { channel: channel.displayName });
      const formAction = `/simulator/${request.params.token}`;
      if (channel.family === 'CARDS') {
        const { channel_properties: properties, internal } = subject.row.body;
        const card = (properties?.card_details ?? {}) as Record<string, string>;
        return send(
          reply,
          200,
          renderAcsPage({ lang, brand, formAction, merchantName, amount, maskedCardNumber: card.masked_card_number ?? '', network: card.network ?? internal.network ?? '', testOtp: TEST_OTP, selectableOutcome: simulatorState(storedAcquirerState(internal)).selectable_outcome ?? false }),
        );
      }
      return send(reply, 200, renderProviderPage({ lang, brand, formAction, merchantName, amount, channelName: channel.displayName, family: channel.family as ProviderFamily, push: subject.kind === 'request' && channel.interaction === 'PUSH' }));
    });

    scope.post<{ Params: { token: string }; Body: Record<string, string> | undefined }>('/simulator/:token', { schema: { hide: true } }, async (request, reply) => {
      const subject = await find(request.params.token);
      if (!subject) return unknownLink(reply);
      const lang = await langOf(subject);
      const form = request.body ?? {};
      const decision = toDecision(form);
      if (!decision) return send(reply, 400, renderResultPage({ lang, title: wordsFor(lang)('result.choose.title'), message: wordsFor(lang)('result.choose.message'), outcome: 'info' }));
      const wasOpen = subject.row.status === 'REQUIRES_ACTION' || subject.row.status === 'PENDING';
      // The decision is the business's: on its (test) clock.
      const decide = async (): Promise<{ status: string }> => (subject.kind === 'request' ? payments.decide(subject.row, decision) : tokens.decide(subject.row, decision));
      const after = deps.runAs ? await deps.runAs(subject.row.business_id, decide) : await decide();
      const succeeded = after.status === 'SUCCEEDED' || after.status === 'AUTHORIZED' || after.status === 'ACTIVE';
      const returnUrl = wasOpen ? returnUrlFor(subject, succeeded) : undefined;
      if (returnUrl) return reply.status(303).header('location', returnUrl).header('cache-control', 'no-store').send();
      return result(reply, after.status, lang);
    });
  });
}

function toDecision(form: Record<string, string>): Decision | undefined {
  switch (form.decision) {
    case 'approve':
      return { kind: 'approve', otp: typeof form.otp === 'string' ? form.otp.trim() : undefined, acsOutcome: typeof form.acs_outcome === 'string' ? form.acs_outcome : undefined };
    case 'decline':
      return { kind: 'decline' };
    case 'cancel':
      return { kind: 'cancel' };
    default:
      return undefined;
  }
}
