import type { Action, Attempt, ChannelAdapter, FinalOutcome } from '../../acquirer/types.ts';
import { simulatedRefund } from '../refunds.ts';

/**
 * E-wallets, direct debit, online banking and paylater: the customer approves on the
 * provider's page (a WEB_URL, plus a DEEPLINK_URL where the provider has an app link), or in
 * the provider's app for push channels (REQUIRES_ACTION with no action at all), though linking
 * is always on the provider's page. Saved accounts on "SKIP" channels pay without the customer.
 */
function providerPage(attempt: Attempt): Action[] {
  const actions: Action[] = [{ type: 'REDIRECT_CUSTOMER', descriptor: 'WEB_URL', value: attempt.simulatorUrl }];
  if (attempt.channel.deeplink) actions.push({ type: 'REDIRECT_CUSTOMER', descriptor: 'DEEPLINK_URL', value: `${attempt.simulatorUrl}?via=deeplink` });
  return actions;
}

function paid(attempt: Attempt, remark: string): FinalOutcome {
  return { status: attempt.captureMethod === 'MANUAL' ? 'AUTHORIZED' : 'SUCCEEDED', paymentDetails: { remark } };
}

export const redirectAdapter: ChannelAdapter = {
  start(attempt) {
    if (attempt.withToken && attempt.channel.skipApprovalWithToken) return paid(attempt, 'Paid with a linked account');
    return { status: 'REQUIRES_ACTION', actions: attempt.channel.interaction === 'PUSH' ? [] : providerPage(attempt) };
  },
  complete(attempt, decision) {
    if (decision.kind === 'decline') return { status: 'FAILED', failureCode: 'USER_DECLINED_PAYMENT' };
    if (decision.kind === 'cancel') return { status: 'FAILED', failureCode: 'USER_DID_NOT_AUTHORIZE' };
    return paid(attempt, `Approved in the ${attempt.channel.displayName} simulator`);
  },
  linking: {
    // Linking happens on the provider's page even for push channels (Xendit's OVO token example
    // redirects): there is no payment to push for approval.
    start(attempt) {
      return { status: 'REQUIRES_ACTION', actions: providerPage(attempt) };
    },
    complete(attempt, decision) {
      if (decision.kind !== 'approve') return { status: 'FAILED', failureCode: 'AUTHENTICATION_FAILED' };
      const suffix = String(attempt.random(2).readUInt16BE() % 10000).padStart(4, '0');
      return { status: 'ACTIVE', tokenDetails: { account_name: 'LUNAS TEST ACCOUNT', account_balance: '1000000', account_point_balance: '0', account_number: `XXXXXX${suffix}` } };
    },
  },
  refund: simulatedRefund,
};
