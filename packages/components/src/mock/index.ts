import { OTP_CODES } from '@lunas/protocol/gateway';
import { ACTION_COMPLETE, type ActionCompleteMessage } from '@lunas/protocol/messages';
import type { AttemptBody, Gateway } from '../gateway.ts';
import type { BffAction, BffEntity, BffResponse } from '../types.ts';
import { MOCK_ACTION_PAGE, MOCK_BEHAVIOUR, mockSession } from './data.ts';

/**
 * Mock mode's gateway (lazy module): answers like Lunas after a short delay, without a
 * network. Outcomes come from the mock action page's buttons, "simulate payment", or the
 * channel's behaviour (direct debit succeeds at once).
 */
const DELAY_MS = 300;
const wait = <T,>(value: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(value()), DELAY_MS));

export function createMockGateway(): Gateway {
  const data: BffResponse = mockSession(new Date());
  let entity: BffEntity | undefined;
  let counter = 0;

  const settle = (success: boolean) => {
    if (!entity) return;
    entity = { ...entity, status: success ? 'SUCCEEDED' : 'FAILED', actions: [], ...(success ? {} : { failure_code: 'DECLINED_BY_ISSUER' }) };
    if (success) data.session = { ...data.session, status: 'COMPLETED', payment_request_id: entity.payment_request_id ?? null, payment_token_id: entity.payment_token_id ?? null };
    else data.session = { ...data.session };
  };
  window.addEventListener('message', (event) => {
    const message = event.data as Partial<ActionCompleteMessage> | null;
    if (message?.type === ACTION_COMPLETE && message.mockStatus) settle(message.mockStatus === 'success');
  });

  function create(body: AttemptBody, kind: 'payment_request' | 'payment_token'): BffEntity {
    const id = `${kind === 'payment_request' ? 'pr' : 'pt'}-mock-${++counter}`;
    const behaviour = MOCK_BEHAVIOUR[body.channel_code] ?? 'instant';
    const actions: BffAction[] =
      behaviour === 'iframe'
        ? [{ type: 'REDIRECT_CUSTOMER', descriptor: 'WEB_URL', value: MOCK_ACTION_PAGE, iframe_capable: true }]
        : behaviour === 'qr'
          ? [{ type: 'PRESENT_TO_CUSTOMER', descriptor: 'QR_STRING', value: '00020101021226570011ID.LUNAS.MOCK0118936000000000000000303UMI51440014ID.CO.QRIS.WWW0215ID10000000000000303UMI5204599953033605405100005802ID5913Mock Merchant6007Jakarta6304ABCD' }]
          : behaviour === 'va'
            ? [{ type: 'PRESENT_TO_CUSTOMER', descriptor: 'VIRTUAL_ACCOUNT_NUMBER', value: '8808 1234 5678 9012' }]
            : behaviour === 'otc'
              ? [{ type: 'PRESENT_TO_CUSTOMER', descriptor: 'PAYMENT_CODE', value: 'LUNAS12345' }]
              : [];
    entity = { [`${kind}_id`]: id, status: behaviour === 'instant' ? 'SUCCEEDED' : 'REQUIRES_ACTION', actions, channel_code: body.channel_code, session_token_request_id: id };
    if (behaviour === 'instant') settle(true);
    return entity;
  }

  return {
    session: () => wait(() => structuredClone(data)),
    createPaymentRequest: (body) => wait(() => create(body, 'payment_request')),
    createPaymentToken: (body) => wait(() => create(body, 'payment_token')),
    poll: () => wait(() => ({ session: structuredClone(data.session), ...(entity ? { [entity.payment_request_id ? 'payment_request' : 'payment_token']: entity } : {}), ...(data.session.status === 'COMPLETED' && entity ? { succeeded_channel: { channel_code: entity.channel_code, logo_url: '' } } : {}) })),
    cardInfo: () => wait(() => ({ require_billing_information: false, country_codes: ['ID'], schemes: ['VISA'] })),
    simulate: () =>
      wait(() => {
        settle(true);
        return entity!;
      }),
    // Mock attempts never ask for an OTP; a code that arrives anyway pays only if it is Xendit's test OTP.
    validateOtp: (_url, code) =>
      wait(() => {
        settle(code === OTP_CODES.pays);
        return entity!;
      }),
    resendOtp: () => wait(() => entity!),
  };
}

export type MockModule = { createMockGateway: typeof createMockGateway };
