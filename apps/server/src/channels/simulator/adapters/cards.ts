import type { Attempt, ChannelAdapter, Decision, FinalOutcome, LinkOutcome, NewAttempt } from '../../acquirer/types.ts';
import { cardScenario, declineForAmount, paymentDetails, TEST_OTP, uuid, type Authentication, type ThreeDsFlow } from '../cards.ts';
import { simulatedRefund } from '../refunds.ts';
import { simulatorState, type SimulatorState } from '../state.ts';

/**
 * Cards: 3DS by test card (frictionless or an ACS challenge page), decline by amount after
 * authentication, manual capture, merchant-initiated payments with a saved card.
 */
function card(attempt: Attempt): NonNullable<Attempt['card']> {
  if (!attempt.card) throw new Error('a card attempt needs card facts');
  return attempt.card;
}

/**
 * The test card's scenario, remembered so the ACS page knows whether to offer outcomes. 3DS
 * begins here, so its DS transaction id is fixed now and reported by whatever it ends in.
 */
function scenarioState(attempt: NewAttempt): SimulatorState {
  if (attempt.cardNumber === undefined) throw new Error('a new card attempt needs the card number');
  const scenario = cardScenario(attempt.cardNumber, attempt.amountMinor ?? 0, attempt.currency);
  return { three_ds: scenario.threeDs, selectable_outcome: scenario.selectableOutcome, ds_trans_id: uuid(attempt.random) };
}

/** The 3DS that ran, from the state its start remembered (attempts from before the id was kept get one now). */
function authenticationOf(attempt: Attempt, flow: ThreeDsFlow, authenticated = true): Authentication {
  return { flow, authenticated, dsTransId: simulatorState(attempt.state).ds_trans_id ?? uuid(attempt.random) };
}

function authorize(attempt: Attempt, authentication: Authentication | undefined): FinalOutcome {
  const { network, cvnGiven } = card(attempt);
  const decline = declineForAmount(attempt.amountMinor ?? 0, attempt.currency, network);
  const details = paymentDetails({ network, authentication, decline, cvnGiven, random: attempt.random });
  if (decline) return { status: 'FAILED', failureCode: decline.failureCode, paymentDetails: details };
  return { status: attempt.captureMethod === 'MANUAL' ? 'AUTHORIZED' : 'SUCCEEDED', paymentDetails: details };
}

const authenticated = (decision: Decision): boolean =>
  decision.kind === 'approve' && decision.otp === TEST_OTP && (decision.acsOutcome === undefined || decision.acsOutcome === 'AUTHENTICATED');

const challenge = (attempt: Attempt) => ({ status: 'REQUIRES_ACTION' as const, actions: [{ type: 'REDIRECT_CUSTOMER' as const, descriptor: 'WEB_URL' as const, value: attempt.simulatorUrl }] });

function linked(attempt: Attempt, flow: ThreeDsFlow): LinkOutcome {
  const { network, cvnGiven } = card(attempt);
  return { status: 'ACTIVE', tokenDetails: paymentDetails({ network, authentication: authenticationOf(attempt, flow), cvnGiven, random: attempt.random }) };
}

export const cardAdapter: ChannelAdapter = {
  start(attempt) {
    // A saved card is charged merchant-initiated: no cardholder, so no 3DS.
    if (attempt.withToken) return authorize(attempt, undefined);
    const state = scenarioState(attempt);
    const started = { ...attempt, state };
    return { ...(state.three_ds === 'FRICTIONLESS' ? authorize(started, authenticationOf(started, 'FRICTIONLESS')) : challenge(attempt)), state };
  },
  complete(attempt, decision) {
    if (!authenticated(decision)) {
      const { network, cvnGiven } = card(attempt);
      // 3DS failed: no authorisation is attempted, so the details carry only the authentication.
      const details = paymentDetails({ network, authentication: authenticationOf(attempt, 'CHALLENGE', false), cvnGiven, random: attempt.random });
      return { status: 'FAILED', failureCode: 'AUTHENTICATION_FAILED', paymentDetails: details };
    }
    return authorize(attempt, authenticationOf(attempt, 'CHALLENGE'));
  },
  linking: {
    start(attempt) {
      const state = scenarioState(attempt);
      return { ...(state.three_ds === 'FRICTIONLESS' ? linked({ ...attempt, state }, 'FRICTIONLESS') : challenge(attempt)), state };
    },
    complete(attempt, decision) {
      return authenticated(decision) ? linked(attempt, 'CHALLENGE') : { status: 'FAILED', failureCode: 'AUTHENTICATION_FAILED' };
    },
  },
  refund: simulatedRefund,
};
