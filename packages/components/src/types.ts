/**
 * The gateway ("BFF") shapes the SDK reads (components-protocol.md §2.3) and the public types it
 * hands to merchant code (the xendit-components-web 0.0.24 surface, camel-cased).
 */
export type Locale = 'en' | 'id' | 'th' | 'vi';
export type SessionStatus = 'ACTIVE' | 'COMPLETED' | 'PENDING' | 'EXPIRED' | 'CANCELED';

export interface BffSession {
  payment_session_id: string;
  business_id: string;
  reference_id: string;
  customer_id: string;
  session_type: 'PAY' | 'SAVE' | 'SUBSCRIPTION';
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
  allow_save_payment_method?: 'DISABLED' | 'FORCED' | 'OPTIONAL';
  capture_method?: 'AUTOMATIC' | 'MANUAL';
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
  individual_detail: { given_names: string; surname: string | null } | null;
}

export type FieldType =
  | { name: 'credit_card_number' | 'credit_card_expiry' | 'credit_card_cvn' | 'phone_number' | 'email' | 'postal_code' | 'country' | 'province' | 'installment_plan' }
  | { name: 'text'; min_length?: number; max_length: number; numeric?: boolean; regex_validators?: { regex: string; message: string }[]; autocomplete?: string }
  | { name: 'dropdown'; options: { label: string; subtitle?: string; icon_url?: string; value: string }[] };

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

export interface BffResponse {
  business: { name: string | null; country_of_operation: string | null; merchant_profile_picture_url: string | null };
  customer: BffCustomer | null;
  channels: BffChannel[];
  channel_ui_groups: { id: string; label: string; icon_url: string }[];
  session: BffSession;
  succeeded_channel?: { channel_code: string; logo_url: string };
}

export type BffAction =
  | { type: 'PRESENT_TO_CUSTOMER'; descriptor: 'PAYMENT_CODE' | 'QR_STRING' | 'VIRTUAL_ACCOUNT_NUMBER'; value: string; action_title?: string; action_subtitle?: string }
  | { type: 'REDIRECT_CUSTOMER'; descriptor: 'WEB_URL' | 'DEEPLINK_URL' | 'WEB_GOOGLE_PAYLINK'; value: string; iframe_capable?: boolean }
  | { type: 'API_POST_REQUEST'; descriptor: string; value: string };

/** A payment request or a payment token, as created and polled. */
export interface BffEntity {
  payment_request_id?: string;
  payment_token_id?: string;
  status: string;
  failure_code?: string;
  actions: BffAction[];
  channel_code: string;
  session_token_request_id?: string;
}

export interface BffPollResponse {
  session: BffSession;
  payment_request?: BffEntity;
  payment_token?: BffEntity;
  succeeded_channel?: { channel_code: string; logo_url: string };
}

export interface BffCardDetails {
  require_billing_information: boolean;
  country_codes: string[];
  schemes: string[];
}

export interface ChannelProperties {
  [key: string]: ChannelPropertyPrimitive | ChannelPropertyPrimitive[] | ChannelProperties;
}
export type ChannelPropertyPrimitive = string | number | boolean | undefined;

// ---- public (camel-cased) types, as in xendit-components-web 0.0.24 ----

export interface IframeAppearanceOptions {
  inputStyles?: { fontFamily?: string; fontSize?: string; fontWeight?: string; lineHeight?: string; letterSpacing?: string; color?: string; backgroundColor?: string };
  placeholderStyles?: { color?: string };
  fontFace?: { source: string; descriptors?: { display?: string; style?: string; stretch?: string } };
}

export interface LunasSdkOptions {
  componentsSdkKey: string;
  /** Where Lunas runs (gateway, secure fields, lazy modules). Defaults to the origin this script was served from. */
  baseUrl?: string;
  /** Overrides the session's locale for the SDK's own text. */
  locale?: Locale;
  iframeFieldAppearance?: IframeAppearanceOptions;
}

export interface XenditPaymentChannelGroup {
  groupId: string;
  label: string;
  channels: readonly XenditPaymentChannel[];
}

export interface XenditPaymentChannel {
  channelCode: string | string[];
  brandName: string;
  brandColor: string;
  brandLogoUrl: string;
  uiGroup: XenditPaymentChannelGroup;
  minAmount?: number;
  maxAmount?: number;
  cardBrands?: { name: string; logoUrl: string }[];
}

export interface XenditGetChannelsOptions {
  filter: string | string[] | RegExp;
  filterMinMax?: boolean;
}

export interface XenditSession {
  id: string;
  description?: string;
  sessionType: 'PAY' | 'SAVE' | 'SUBSCRIPTION';
  mode: 'COMPONENTS';
  referenceId: string;
  country: string;
  currency: string;
  amount: number;
  channelProperties?: Record<string, ChannelProperties>;
  expiresAt: Date;
  locale: string;
  status: SessionStatus;
  allowSavePaymentMethod?: 'DISABLED' | 'OPTIONAL' | 'FORCED';
  captureMethod?: 'AUTOMATIC' | 'MANUAL';
  items?: {
    type: BffItem['type'];
    referenceId?: string;
    name: string;
    netUnitAmount: number;
    quantity: number;
    url?: string;
    imageUrl?: string;
    category?: string;
    subcategory?: string;
    description?: string;
    metadata?: Record<string, string>;
  }[];
}

export interface XenditCustomer {
  id: string;
  type: 'INDIVIDUAL';
  email?: string;
  mobileNumber?: string;
  individualDetail: { givenNames: string; surname?: string };
}

export interface ActionContainerOptions {
  qrCode?: { qrCodeOnly?: boolean };
}
