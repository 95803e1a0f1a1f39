import type { Attempt, ChannelAdapter, FinalOutcome, LinkOutcome } from '../../acquirer/types.ts';
import { declineForAmount, paymentDetails, TEST_OTP, type ThreeDsFlow } from '../cards.ts';

/**
 * Cards: 3DS by test card (frictionless or an ACS challenge page), decline by amount after
 * authentication, manual capture, merchant-initiated payments with a saved card.
 */
function card(attempt: Attempt): NonNullable<Attempt['card']> {
  if (!attempt.card) throw new Error('a card attempt needs card facts');
  return attempt.card;
}

function authorize(attempt: Attempt, flow: ThreeDsFlow): FinalOutcome {
  const { network, cvnGiven } = card(attempt);
  const decline = declineForAmount(attempt.amountMinor ?? 0, attempt.currency, network);
  const details = paymentDetails({ network, flow, decline, cvnGiven, random: attempt.random });
  if (decline) return { status: 'FAILED', failureCode: decline.failureCode, paymentDetails: details };
  return { status: attempt.captureMethod === 'MANUAL' ? 'AUTHORIZED' : 'SUCCEEDED', paymentDetails: details };
}

const authenticated = (decision: Parameters<ChannelAdapter['complete']>[1]): boolean =>
  decision.kind === 'approve' && decision.otp === TEST_OTP && (decision.acsOutcome === undefined || decision.acsOutcome === 'AUTHENTICATED');

const challenge = (attempt: Attempt) => ({ status: 'REQUIRES_ACTION' as const, actions: [{ type: 'REDIRECT_CUSTOMER' as const, descriptor: 'WEB_URL' as const, value: attempt.simulatorUrl }] });

function linked(attempt: Attempt, flow: ThreeDsFlow): LinkOutcome {
  const { network, cvnGiven } = card(attempt);
  return { status: 'ACTIVE', tokenDetails: paymentDetails({ network, flow, cvnGiven, random: attempt.random }) };
}

export const cardAdapter: ChannelAdapter = {
  start(attempt) {
    // A saved card is charged merchant-initiated: no cardholder, so no 3DS.
    if (attempt.withToken) return authorize(attempt, 'FRICTIONLESS');
    return card(attempt).scenario.threeDs === 'FRICTIONLESS' ? authorize(attempt, 'FRICTIONLESS') : challenge(attempt);
  },
  complete(attempt, decision) {
    if (!authenticated(decision)) {
      const { network, cvnGiven } = card(attempt);
      // 3DS failed: no authorisation is attempted, so the details carry only the authentication.
      const details = paymentDetails({ network, flow: 'CHALLENGE', cvnGiven, authenticated: false, random: attempt.random });
      return { status: 'FAILED', failureCode: 'AUTHENTICATION_FAILED', paymentDetails: details };
    }
    return authorize(attempt, 'CHALLENGE');
  },
  settle() {
    throw new Error('cards are not paid by presenting a code');
  },
  startLinking(attempt) {
    return card(attempt).scenario.threeDs === 'FRICTIONLESS' ? linked(attempt, 'FRICTIONLESS') : challenge(attempt);
  },
  completeLinking(attempt, decision) {
    return authenticated(decision) ? linked(attempt, 'CHALLENGE') : { status: 'FAILED', failureCode: 'AUTHENTICATION_FAILED' };
  },
};
