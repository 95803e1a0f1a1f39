import { Errors } from '../../errors.ts';
import { SessionClosedError } from '../sessions/lifecycle.ts';
import type { Session } from '../sessions/model.ts';
import type { CommitHook, SessionService } from '../sessions/service.ts';
import type { TokenService } from '../tokens/service.ts';
import type { PaymentEngine } from './engine.ts';
import { checkChannelProperties, resolveChannel } from '../attempts/channel-input.ts';
import type { SessionAttemptInput } from './schemas.ts';
import { paymentRequestView } from './views.ts';

/**
 * A customer's attempt to pay a session: what the Components gateway calls for the browser,
 * and what the server-side extension `POST /sessions/{id}/payment_requests` calls today.
 * The attempt is made on the session's terms: its amount, currency, capture method, customer
 * and save preference; the customer only picks the channel and fills its form.
 */
export type SessionAttemptResult = { kind: 'payment_request' | 'payment_token'; object: Record<string, unknown> };

export function sessionPayments(deps: { engine: PaymentEngine; sessions: SessionService; tokens: TokenService; now: () => Date }) {
  const { engine, sessions, tokens } = deps;

  async function attemptOn(session: Session, input: SessionAttemptInput, onCommit?: CommitHook): Promise<SessionAttemptResult> {
    if (session.status !== 'ACTIVE') throw Errors.invalidSessionStatus(session.status);
    const channel = resolveChannel(input.channel_code, session.country, session.currency);
    if (!sessions.channelsOf(session).some((offered) => offered.code === channel.code)) {
      throw Errors.invalidPaymentChannel(`Channel ${channel.code} is not available for this session`);
    }
    // A SUBSCRIPTION session links the token its plan's cycles charge (modules/recurring), as Xendit's SDK does.
    if (session.session_type === 'SAVE' || session.session_type === 'SUBSCRIPTION') {
      return { kind: 'payment_token', object: await tokens.createForSession(session, channel, input.channel_properties, onCommit) };
    }
    const save = channel.savable && (session.allow_save_payment_method === 'FORCED' || (session.allow_save_payment_method === 'OPTIONAL' && input.save_payment_method === true));
    const { echo, card } = checkChannelProperties(channel, input.channel_properties, { withToken: false, now: deps.now() });
    const { details } = session;
    try {
      const row = await engine.create(
        {
          businessId: session.business_id,
          sessionId: session.id,
          referenceId: session.reference_id,
          type: save ? 'PAY_AND_SAVE' : 'PAY',
          channel,
          amountMinor: session.amount_minor,
          captureMethod: (session.capture_method ?? 'AUTOMATIC') as 'AUTOMATIC' | 'MANUAL',
          customerId: session.customer_id,
          token: null,
          channelProperties: echo,
          card,
          description: details.description,
          metadata: details.metadata ?? undefined,
        },
        onCommit,
      );
      return { kind: 'payment_request', object: paymentRequestView(row) };
    } catch (error) {
      if (!(error instanceof SessionClosedError)) throw error;
      // Another attempt paid the session (or it expired) while this one was being made.
      const now = await sessions.load(session.business_id, session.id);
      throw Errors.invalidSessionStatus(now.status);
    }
  }

  return {
    attemptOn,
    async attempt(businessId: string, sessionId: string, input: SessionAttemptInput, onCommit?: CommitHook): Promise<SessionAttemptResult> {
      return attemptOn(await sessions.load(businessId, sessionId), input, onCommit);
    },
  };
}

export type SessionPayments = ReturnType<typeof sessionPayments>;
