/**
 * The public types the SDK hands to merchant code (the xendit-components-web 0.0.24 surface,
 * camel-cased), and the gateway ("BFF") shapes it reads, which are @lunas/protocol's.
 */
import type { BffItem, ChannelProperties, Locale, SessionStatus } from '@lunas/protocol/gateway';

export type {
  BffAction,
  BffCardDetails,
  BffChannel,
  BffCustomer,
  BffEntity,
  BffItem,
  BffPollResponse,
  BffResponse,
  BffSession,
  ChannelProperties,
  ChannelPropertyPrimitive,
  FieldType,
  FormField,
  Locale,
  SessionStatus,
} from '@lunas/protocol/gateway';

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
