/**
 * Request examples for /openapi.json: what a merchant would really send. They sit on the
 * request schemas as `examples`, and test/openapi.test.ts validates each one against its
 * route's schema (and posts the session and payment request ones), so they cannot rot.
 * Card numbers are the simulator's test cards (channels/simulator/cards-table.ts).
 */
const customer = {
  reference_id: 'customer-1042',
  type: 'INDIVIDUAL',
  email: 'budi@example.com',
  mobile_number: '+628123456789',
  individual_detail: { given_names: 'Budi', surname: 'Santoso' },
} as const;

const testCard = { card_number: '4000000000001000', expiry_month: '12', expiry_year: '2030', cvn: '123', cardholder_first_name: 'Budi', cardholder_last_name: 'Santoso' };

export const SESSION_EXAMPLES = [
  {
    reference_id: 'order-1042',
    session_type: 'PAY',
    mode: 'COMPONENTS',
    amount: 150000,
    currency: 'IDR',
    country: 'ID',
    customer,
    description: 'Two coffee bags',
    items: [{ reference_id: 'sku-coffee-250', type: 'PHYSICAL_PRODUCT', name: 'Coffee beans 250 g', net_unit_amount: 75000, quantity: 2, category: 'Groceries' }],
    components_configuration: { origins: ['https://shop.example.com'] },
  },
  {
    reference_id: 'invoice-2207',
    session_type: 'PAY',
    mode: 'PAYMENT_LINK',
    amount: 250000,
    currency: 'IDR',
    country: 'ID',
    customer,
    locale: 'id',
    success_return_url: 'https://shop.example.com/orders/2207/thanks',
    cancel_return_url: 'https://shop.example.com/orders/2207',
  },
  {
    reference_id: 'save-card-1042',
    session_type: 'SAVE',
    mode: 'COMPONENTS',
    amount: 0,
    currency: 'IDR',
    country: 'ID',
    customer,
    allowed_payment_channels: ['CARDS'],
    components_configuration: { origins: ['https://shop.example.com'] },
  },
  {
    reference_id: 'membership-1042',
    session_type: 'SUBSCRIPTION',
    mode: 'PAYMENT_LINK',
    amount: 99000,
    currency: 'IDR',
    country: 'ID',
    customer,
    description: 'Monthly membership',
    subscription: {
      schedule: { interval: 'MONTH', interval_count: 1, anchor_date: '2027-01-05T02:00:00Z', total_retry: 2, retry_interval: 'DAY', retry_interval_count: 1 },
      failed_cycle_action: 'STOP',
      immediate_payment: false,
    },
    success_return_url: 'https://shop.example.com/membership/welcome',
  },
];

/** A cycle not yet charged gets a new amount (PATCH /recurring/plans/{plan_id}/cycles/{id}). */
export const RECURRING_CYCLE_UPDATE_EXAMPLES = [{ amount: 120000 }];

export const PAYMENT_REQUEST_EXAMPLES = [
  {
    reference_id: 'order-3001',
    type: 'PAY',
    country: 'ID',
    currency: 'IDR',
    request_amount: 150000,
    capture_method: 'AUTOMATIC',
    channel_code: 'CARDS',
    channel_properties: { card_details: testCard, success_return_url: 'https://shop.example.com/orders/3001/thanks', failure_return_url: 'https://shop.example.com/orders/3001' },
    customer: { ...customer, reference_id: 'customer-3001' },
    description: 'Order 3001',
  },
  {
    reference_id: 'order-3002',
    type: 'PAY',
    country: 'ID',
    currency: 'IDR',
    request_amount: 150000,
    channel_code: 'BCA_VIRTUAL_ACCOUNT',
    channel_properties: { display_name: 'Budi Santoso' },
    description: 'Order 3002',
  },
  {
    reference_id: 'order-3003',
    type: 'PAY',
    country: 'ID',
    currency: 'IDR',
    request_amount: 50000,
    channel_code: 'OVO',
    channel_properties: { account_mobile_number: '+628123456789' },
  },
];

export const SESSION_ATTEMPT_EXAMPLES = [{ channel_code: 'BCA_VIRTUAL_ACCOUNT', channel_properties: { display_name: 'Budi Santoso' } }];

export const CAPTURE_EXAMPLES = [{ capture_amount: 150000 }];

export const SIMULATE_EXAMPLES = [{ amount: 150000 }];

export const REFUND_EXAMPLES = [
  { payment_request_id: 'pr-5b2c8f0e-3d1a-4c7e-9f2b-6a8d4e1c0b97', reason: 'REQUESTED_BY_CUSTOMER', reference_id: 'refund-3001-1', currency: 'IDR', amount: 50000 },
];

export const PAYMENT_TOKEN_EXAMPLES = [
  {
    reference_id: 'card-on-file-1042',
    channel_code: 'CARDS',
    country: 'ID',
    currency: 'IDR',
    customer: { ...customer, reference_id: 'customer-4001' },
    channel_properties: { card_details: testCard, success_return_url: 'https://shop.example.com/account/cards' },
  },
];

export const WEBHOOK_ENDPOINT_EXAMPLES = [{ url: 'https://shop.example.com/webhooks/lunas', event_groups: ['session_completed', 'payment_status'] }];
export const WEBHOOK_ENDPOINT_CHANGE_EXAMPLES = [{ event_groups: ['session_completed', 'session_expired', 'payment_status', 'refund'] }];
export const RESEND_FAILED_EXAMPLES = [{ since: '2026-03-01T00:00:00Z' }];
export const CALLBACK_TOKEN_EXAMPLES = [{ callback_token: 'my-shop-callback-token-2026' }];
export const LISTEN_PROGRESS_EXAMPLES = [{ last_event_id: 'evt_5f0c1a2b-3d4e-4f60-8a7b-9c0d1e2f3a4b' }];
export const RESEND_EXAMPLES = [{ endpoint_id: 'whe_0b7e2f4a-8c1d-4e3f-9a5b-2d6c8e0f1a3b' }];

export const BRANDING_EXAMPLES = [{ display_name: 'Kopi Nusantara', brand_color: '#7c2d12' }];

export const KEY_EXAMPLES = [{ name: 'ci' }];
export const ACCOUNT_EXAMPLES = [{ email: 'owner@branch-1.example.com', type: 'OWNED', public_profile: { business_name: 'Kopi Nusantara Bandung' } }];

export const CUSTOMER_EXAMPLES = [
  {
    ...customer,
    reference_id: 'customer-5001',
    addresses: [{ country: 'ID', street_line1: 'Jl. Sudirman 1', city: 'Jakarta Selatan', postal_code: '12190', category: 'HOME', is_primary: true }],
    metadata: { tier: 'gold' },
  },
  { reference_id: 'merchant-5002', type: 'BUSINESS', business_detail: { business_name: 'Toko Kopi Santoso', business_type: 'SOLE_PROPRIETOR' }, email: 'owner@tokokopi.example.com', date_of_registration: '2019-04-01', domicile_of_registration: 'ID' },
];

export const CUSTOMER_PATCH_EXAMPLES = [{ email: 'budi.santoso@example.com', mobile_number: '+628129876543', description: 'Prefers bank transfer' }];
