import type { BffChannel, BffResponse, FormField } from '../types.ts';
import { ACTION_COMPLETE } from '@lunas/protocol/messages';

/**
 * The canned session of mock mode (components-protocol.md §5): a PAY session of IDR 10,000 with
 * one channel of every family, each ending the way its `_mock` behaviour says.
 */
export type MockBehaviour = 'iframe' | 'push' | 'qr' | 'va' | 'otc' | 'instant';

const LOGO = (text: string, color: string) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" rx="10" fill="${color}"/><text x="24" y="30" font-family="sans-serif" font-size="15" font-weight="700" fill="#fff" text-anchor="middle">${text}</text></svg>`)}`;

const CARD_FORM: FormField[] = [
  { label: 'Card number', placeholder: '4000 0000 0000 1091', type: { name: 'credit_card_number' }, channel_property: 'card_details.card_number', required: true, span: 2 },
  { label: 'Expiry date', placeholder: 'MM/YY', type: { name: 'credit_card_expiry' }, channel_property: ['card_details.expiry_month', 'card_details.expiry_year'], required: true, span: 1 },
  { label: 'CVN', placeholder: '123', type: { name: 'credit_card_cvn' }, channel_property: 'card_details.cvn', required: true, span: 1 },
  { label: 'Cardholder name', placeholder: 'John Doe', type: { name: 'text', max_length: 50, regex_validators: [{ regex: "/^[\\p{L} .'-]+$/u", message: 'Use letters only' }] }, channel_property: 'card_details.cardholder_first_name', required: false, span: 2 },
];

function channel(code: string, name: string, group: string, pmType: string, color: string, form: FormField[] = [], instructions: string[] = []): BffChannel {
  return { brand_name: name, brand_logo_url: LOGO(name.slice(0, 2).toUpperCase(), color), brand_color: color, pm_type: pmType, ui_group: group, channel_code: code, allow_pay_without_save: true, allow_save: group === 'cards', form, instructions, min_amount: 1, max_amount: 100_000_000 };
}

export const MOCK_BEHAVIOUR: Record<string, MockBehaviour> = {
  CARDS: 'iframe',
  MOCK_EWALLET: 'iframe',
  MOCK_EWALLET_WITH_PHONE: 'iframe',
  MOCK_EWALLET_PUSH_NOTIFICATION: 'push',
  MOCK_DIRECT_DEBIT: 'instant',
  MOCK_QR: 'qr',
  MOCK_VA: 'va',
  MOCK_OTC: 'otc',
};

export function mockSession(now: Date): BffResponse {
  const then = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const next = ['Pay with this mock channel', 'Continue to see what the customer sees next.'];
  return {
    business: { name: 'Components Mock Merchant', country_of_operation: 'ID', merchant_profile_picture_url: null },
    customer: { id: 'cust-mock', type: 'INDIVIDUAL', email: 'j***@example.com', mobile_number: null, individual_detail: { given_names: 'J***', surname: 'D***' } },
    channels: [
      { ...channel('CARDS', 'Cards', 'cards', 'CARDS', '#1d4ed8', CARD_FORM), card: { brands: ['VISA', 'MASTERCARD', 'JCB'].map((name) => ({ name, logo_url: LOGO(name.slice(0, 2), '#334155') })) } },
      channel('MOCK_EWALLET', 'Mock e-wallet', 'ewallet', 'EWALLET', '#047857', [], next),
      channel('MOCK_EWALLET_WITH_PHONE', 'Mock e-wallet (phone)', 'ewallet', 'EWALLET', '#0f766e', [{ label: 'Mobile number', placeholder: '812 3456 7890', type: { name: 'phone_number' }, channel_property: 'account_mobile_number', required: true, span: 2 }]),
      channel('MOCK_EWALLET_PUSH_NOTIFICATION', 'Mock push wallet', 'ewallet', 'EWALLET', '#6d28d9', [], next),
      channel('MOCK_DIRECT_DEBIT', 'Mock direct debit', 'direct_debit', 'DIRECT_DEBIT', '#b45309', [], next),
      channel('MOCK_QR', 'Mock QR', 'qr', 'QR_CODE', '#be123c', [], next),
      channel('MOCK_VA', 'Mock bank', 'virtual_account', 'VIRTUAL_ACCOUNT', '#0369a1', [], next),
      channel('MOCK_OTC', 'Mock store', 'otc', 'OVER_THE_COUNTER', '#a16207', [{ label: 'Payer name', placeholder: 'John Doe', type: { name: 'text', max_length: 100 }, channel_property: 'payer_name', required: true, span: 2 }]),
    ],
    channel_ui_groups: ['cards', 'ewallet', 'direct_debit', 'qr', 'virtual_account', 'otc'].map((id) => ({ id, label: id, icon_url: '' })),
    session: {
      payment_session_id: 'ps-000000000000000000000000',
      business_id: 'mock-business',
      reference_id: 'mock-order-1',
      customer_id: 'cust-mock',
      session_type: 'PAY',
      currency: 'IDR',
      amount: 10000,
      country: 'ID',
      mode: 'COMPONENTS',
      expires_at: then(60),
      locale: 'en',
      items: [{ type: 'PHYSICAL_PRODUCT', name: 'Mock item', net_unit_amount: 10000, quantity: 1 }],
      status: 'ACTIVE',
      allow_save_payment_method: 'OPTIONAL',
      capture_method: 'AUTOMATIC',
    },
  };
}

/** The mock action page: two buttons that end the step either way (posted as `mockStatus`). */
export const MOCK_ACTION_PAGE =
  'data:text/html;charset=utf-8,' +
  encodeURIComponent(`<!doctype html><meta name="viewport" content="width=device-width"><body style="font:16px system-ui;display:grid;gap:12px;place-content:center;min-height:90vh;margin:0">
<p>Mock verification page (test mode)</p><button data-testid="mock-success" onclick="parent.postMessage({type:'${ACTION_COMPLETE}',mockStatus:'success'},'*')">Simulate success</button>
<button data-testid="mock-failure" onclick="parent.postMessage({type:'${ACTION_COMPLETE}',mockStatus:'fail'},'*')">Simulate failure</button></body>`);
