/**
 * What the Components gateway ("BFF", components-protocol.md §2) answers, endpoint by endpoint.
 * The server builds these replies (apps/server/src/modules/gateway) and both SDKs read them:
 * the official xendit-components-web 0.0.24 and @lunas/components. Names follow the official
 * SDK's backend types (BffResponse, BffSession, …) so the spec and the code read alike.
 */

/** Sent as `components_version` on every gateway request; the version whose protocol this is. */
export const COMPONENTS_VERSION = 'v0.0.24';

/** The languages the SDK has text for; a session in any other locale is shown in English. */
export const SESSION_LOCALES = ['en', 'id', 'th', 'vi'] as const;
export type Locale = (typeof SESSION_LOCALES)[number];

export type SessionType = 'PAY' | 'SAVE' | 'SUBSCRIPTION';
export type SessionStatus = 'ACTIVE' | 'COMPLETED' | 'PENDING' | 'EXPIRED' | 'CANCELED';
export type AllowSavePaymentMethod = 'DISABLED' | 'FORCED' | 'OPTIONAL';
export type CaptureMethod = 'AUTOMATIC' | 'MANUAL';

export interface ChannelProperties {
  [key: string]: ChannelPropertyPrimitive | ChannelPropertyPrimitive[] | ChannelProperties;
}
export type ChannelPropertyPrimitive = string | number | boolean | undefined;

export interface BffSession {
  payment_session_id: string;
  business_id: string;
  /** The official SDK's types list these two; neither SDK reads them. */
  created?: string;
  updated?: string;
  reference_id: string;
  customer_id: string;
  session_type: SessionType;
  currency: string;
  amount: number;
  country: string;
  mode: string;
  channel_properties?: Record<string, ChannelProperties>;
  allowed_payment_channels?: string[];
  expires_at: string;
  locale: string;
  description?: string;
  items: BffItem[] | null;
  status: SessionStatus;
  payment_token_id?: string | null;
  payment_request_id?: string | null;
  allow_save_payment_method?: AllowSavePaymentMethod;
  capture_method?: CaptureMethod;
}

export interface BffItem {
  type: 'DIGITAL_PRODUCT' | 'PHYSICAL_PRODUCT' | 'DIGITAL_SERVICE' | 'PHYSICAL_SERVICE' | 'FEE';
  name: string;
  net_unit_amount: number;
  quantity: number;
  reference_id?: string;
  url?: string;
  image_url?: string;
  category?: string;
  subcategory?: string;
  description?: string;
  metadata?: Record<string, string>;
}

export interface BffCustomer {
  id: string;
  type: 'INDIVIDUAL' | 'BUSINESS';
  email: string | null;
  mobile_number: string | null;
  phone_number?: string | null;
  business_detail?: null;
  individual_detail: { given_names: string; surname: string | null } | null;
}

/** The card fields the secure iframe draws; also its `input_type` query parameter (§3.1). */
export const SECURE_FIELD_TYPES = ['credit_card_number', 'credit_card_expiry', 'credit_card_cvn'] as const;
export type SecureFieldType = (typeof SECURE_FIELD_TYPES)[number];

export type FieldType =
  | { name: SecureFieldType | 'phone_number' | 'email' | 'postal_code' | 'country' | 'province' | 'installment_plan' }
  | { name: 'text'; min_length?: number; max_length: number; numeric?: boolean; regex_validators?: { regex: string; message: string }[]; autocomplete?: string }
  | { name: 'dropdown'; options: { label: string; subtitle?: string; icon_url?: string; value: string }[] };

/** One field of a channel's form (ChannelFormField); `channel_property` is a dotted path, or one per value. */
export interface FormField {
  label: string;
  group_label?: string;
  placeholder: string;
  type: FieldType;
  channel_property: string | string[];
  initial_value?: string;
  disabled?: boolean;
  required: boolean;
  span: 1 | 2;
  join?: boolean;
  display_if?: [string, 'equals' | 'not_equals', string][];
  flags?: { require_billing_information?: boolean };
}

export interface BffChannel {
  brand_name: string;
  brand_logo_url: string;
  brand_color: string;
  pm_type?: string;
  ui_group: string;
  channel_code: string;
  allow_pay_without_save: boolean;
  allow_save: boolean;
  form: FormField[];
  instructions: string[];
  min_amount?: number;
  max_amount?: number;
  requires_customer_details?: boolean;
  card?: { brands: { name: string; logo_url: string }[] };
}

export interface BffUiGroup {
  id: string;
  label: string;
  icon_url: string;
}

export interface BffSucceededChannel {
  channel_code: string;
  logo_url: string;
}

/** GET /api/sessions/{key}: everything the SDK needs to draw the checkout. */
export interface BffResponse {
  business: { name: string | null; country_of_operation: string | null; merchant_profile_picture_url: string | null };
  customer: BffCustomer | null;
  channels: BffChannel[];
  channel_ui_groups: BffUiGroup[];
  session: BffSession;
  succeeded_channel?: BffSucceededChannel;
}

export type BffAction =
  | {
      type: 'PRESENT_TO_CUSTOMER';
      descriptor: 'PAYMENT_CODE' | 'QR_STRING' | 'VIRTUAL_ACCOUNT_NUMBER';
      value: string;
      action_title?: string;
      action_subtitle?: string;
      action_graphic?: string;
      instructions?: null;
    }
  | { type: 'REDIRECT_CUSTOMER'; descriptor: 'WEB_URL' | 'DEEPLINK_URL' | 'WEB_GOOGLE_PAYLINK'; value: string; iframe_capable?: boolean }
  | {
      type: 'API_POST_REQUEST';
      descriptor: 'CAPTURE_PAYMENT' | 'VALIDATE_OTP' | 'RESEND_OTP';
      /** For the OTP pair: the gateway endpoint the browser posts to (`{otp_code}` for VALIDATE_OTP). */
      value: string;
      /** What to tell the customer above the OTP field (components-protocol.md §2.3). */
      otp?: { title: string; instructions: string };
    };

/**
 * A payment request or a payment token, as created (POST …/payment_requests, …/payment_tokens),
 * simulated and polled. The SDK tells them apart by which id is present.
 */
export interface BffEntity {
  payment_request_id?: string;
  payment_token_id?: string;
  status: string;
  failure_code?: string;
  actions: BffAction[];
  channel_code: string;
  /** What the SDK polls with (`token_request_id`). */
  session_token_request_id?: string;
}

/** GET /api/sessions/{key}/poll?token_request_id=… */
export interface BffPollResponse {
  session: BffSession;
  payment_request?: BffEntity;
  payment_token?: BffEntity;
  succeeded_channel?: BffSucceededChannel;
}

/** POST /api/sessions/{key}/card_info */
export interface BffCardDetails {
  require_billing_information: boolean;
  country_codes: string[];
  schemes: string[];
}

export interface BffInstallmentPlan {
  interval: string;
  interval_count: number;
  terms: number;
  installment_amount: number;
  total_amount: number;
  code?: string;
  interest_rate: number;
  description: string;
}

/** POST /api/sessions/{key}/payment_options */
export interface BffPaymentOptions {
  channel_code: string;
  country: string;
  currency: string;
  amount: number;
  installment_plans?: BffInstallmentPlan[];
  paylater_plans?: Record<string, unknown>[];
}

/** The `payload` of POST …/payment_requests and …/payment_tokens (with `session_id`, the auth key). */
export interface BffAttemptRequest {
  channel_code: string;
  channel_properties: ChannelProperties;
  save_payment_method?: boolean;
  customer?: { given_names: string };
}

/** Every non-2xx gateway answer; the SDK shows `error_content`'s lines to the customer. */
export interface GatewayErrorBody {
  error_code: string;
  message: string;
  error_content: { title: string; message_1: string; message_2?: string };
}

/**
 * The test one-time passwords of Xendit's direct-debit API, which Lunas's simulated bank answers
 * the same way (docs/testing.md "OTP"): 222000 pays, 333000 links a debit card, 222001 is an
 * expired OTP, 222002 has used up the attempts, 222003 is wrong. The server judges them; the
 * SDK's OTP form (and its mock gateway) names them in test mode.
 */
export const OTP_CODES = { pays: '222000', links: '333000', expired: '222001', maxAttempts: '222002', invalid: '222003' } as const;
