import { toMinorUnits, type Currency } from '../money.ts';
import { EXPIRY_MINUTES, LUNAS_TABLES, SPEC_TABLES, type Country, type Row } from './catalogue-data.ts';

/**
 * The payment channel catalogue: which channel codes exist per country and currency, their
 * limits and features (spec §12), and how a customer completes a payment on each (§10a). The
 * raw tables live in catalogue-data.ts; this module derives the Channel objects once at load
 * and fails loudly there if a row is malformed, so bad data never reaches a request.
 */
export type ChannelFamily = 'CARDS' | 'EWALLET' | 'DIRECT_DEBIT' | 'VIRTUAL_ACCOUNT' | 'QR' | 'OTC' | 'ONLINE_BANKING' | 'PAYLATER';
export { COUNTRIES, type Country } from './catalogue-data.ts';
/** How the customer completes a payment on this channel (drives the simulator). */
export type Interaction =
  | 'CARD' // card fields, 3DS challenge or frictionless
  | 'REDIRECT' // REDIRECT_CUSTOMER/WEB_URL to a provider page (e-wallet, direct debit, online banking, paylater)
  | 'PUSH' // approve in the provider app: REQUIRES_ACTION with actions: [] (OVO, JENIUSPAY)
  | 'PRESENT'; // PRESENT_TO_CUSTOMER: VA number, QR string or payment code, paid later (simulate)
export interface FormField {
  /** channel_properties key the checkout must collect, e.g. 'account_mobile_number'. Card fields use 'card_details.card_number' etc. */
  name: string;
  type: 'text' | 'phone' | 'email' | 'digits' | 'card_number' | 'card_expiry_month' | 'card_expiry_year' | 'cvn' | 'card_expiry_mm_yy';
  required: boolean;
  label: string; // English label for a form
  minLength?: number;
  maxLength?: number;
  pattern?: string; // JSON-schema style pattern without slashes
}
export interface Channel {
  code: string;
  country: Country;
  currency: Currency;
  family: ChannelFamily;
  displayName: string;
  /** Per-transaction minimum in minor units of `currency`. */
  minMinor: number;
  /** Per-transaction maximum in minor units; null where §12 has '-'. */
  maxMinor: number | null;
  interaction: Interaction;
  /** PRESENT channels: what the action presents. */
  presents?: 'VIRTUAL_ACCOUNT_NUMBER' | 'QR_STRING' | 'PAYMENT_CODE';
  /** Mobile deeplink variant exists (a DEEPLINK_URL action is offered alongside WEB_URL). */
  deeplink: boolean;
  /** "SKIP" in the approval column: payments with a saved token need no customer action. */
  skipApprovalWithToken: boolean;
  savable: boolean;
  reusableCode: boolean;
  /** 'soon' in §12 counts as not refundable: Lunas cannot promise what Xendit does not offer yet. */
  refundable: boolean;
  partialRefund: boolean;
  authCapture: boolean;
  mit: boolean;
  /** Default payment-request expiry in minutes; sources and Lunas choices in EXPIRY_MINUTES. */
  defaultExpiryMinutes: number;
  /** channel_properties a checkout must collect for this channel; return URLs are not form fields. */
  form: FormField[];
}

const QR_CODES = new Set(['QRIS', 'QRPH', 'PROMPTPAY', 'QRPROMPTPAY']);
/** Codes only Xendit's request examples use, for a channel a session lists under its table name. */
const API_ONLY_CODES = new Set(['QRPROMPTPAY']);
const OTC_CODES = new Set([
  'ALFAMART', 'INDOMARET', '7ELEVEN', '7ELEVEN_CLIQQ', 'CEBUANA', 'CVM', 'ECPAY', 'ECPAY_DRAGONLOAN', 'ECPAY_SCHOOL',
  'LBC', 'MLHUILLIER', 'PALAWAN', 'RD_PAWNSHOP', 'ROBINSONS_BILLS_PAYMENT', 'SM_BILLS_PAYMENT', 'USSC',
]);
const PAYLATER_CODES = new Set(['AKULAKU', 'KREDIVO', 'ATOME', 'INDODANA', 'BILLEASE']);
// §12 lists OVO and JENIUSPAY as REDIRECT, but §10a.2 says both approve by app push with actions: [].
const PUSH_CODES = new Set(['OVO', 'JENIUSPAY']);
// §10a.2/.3/.7 "Desktop/Mobile Support"; `CC:CODE` where only some countries' variant has one.
const DEEPLINK = new Set([
  'DANA', 'GCASH', 'GOPAY_RECURRING', 'ID:SHOPEEPAY', 'PH:SHOPEEPAY', 'MY:SHOPEEPAY', 'TOUCHNGO', 'WECHATPAY',
  'KRUNGSRI_DIRECT_DEBIT', 'BBL_MOBILE_BANKING', 'KTB_MOBILE_BANKING', 'KRUNGSRI_MOBILE_BANKING',
]);
const PRESENTS = { VIRTUAL_ACCOUNT: 'VIRTUAL_ACCOUNT_NUMBER', QR: 'QR_STRING', OTC: 'PAYMENT_CODE' } as const;

function familyOf(code: string): ChannelFamily {
  if (code === 'CARDS') return 'CARDS';
  if (code.endsWith('_VIRTUAL_ACCOUNT') || code === 'BANK_TRANSFER') return 'VIRTUAL_ACCOUNT';
  if (QR_CODES.has(code)) return 'QR';
  if (OTC_CODES.has(code)) return 'OTC';
  if (code.endsWith('_DIRECT_DEBIT') || code === 'BPI_RECURRING' || code === 'UBP_EADA') return 'DIRECT_DEBIT';
  if (/_(ONLINE_BANKING|MOBILE_BANKING|FPX|FPX_BUSINESS)$/.test(code)) return 'ONLINE_BANKING';
  if (PAYLATER_CODES.has(code)) return 'PAYLATER';
  return 'EWALLET';
}

function interactionOf(code: string, family: ChannelFamily): Interaction {
  if (family === 'CARDS') return 'CARD';
  if (family === 'VIRTUAL_ACCOUNT' || family === 'QR' || family === 'OTC') return 'PRESENT';
  return PUSH_CODES.has(code) ? 'PUSH' : 'REDIRECT';
}

// §10a field names. Patterns follow the published formats (E.164 phones, "MM"/"YYYY", "MM/YY").
const E164 = '^\\+[1-9][0-9]{7,14}$';
const MOBILE: FormField = { name: 'account_mobile_number', type: 'phone', required: true, label: 'Mobile number', pattern: E164 };
const CARD_FORM: FormField[] = [
  { name: 'card_details.card_number', type: 'card_number', required: true, label: 'Card number', minLength: 12, maxLength: 19, pattern: '^[0-9]{12,19}$' },
  { name: 'card_details.expiry_month', type: 'card_expiry_month', required: true, label: 'Expiry month (MM)', pattern: '^(0[1-9]|1[0-2])$' },
  { name: 'card_details.expiry_year', type: 'card_expiry_year', required: true, label: 'Expiry year (YYYY)', pattern: '^[0-9]{4}$' },
  // The manual-capture guide omits cvn, but a checkout always has the customer at hand to ask for it.
  { name: 'card_details.cvn', type: 'cvn', required: true, label: 'Security code (CVN)', pattern: '^[0-9]{3,4}$' },
  { name: 'card_details.cardholder_first_name', type: 'text', required: false, label: 'Cardholder first name' },
  { name: 'card_details.cardholder_last_name', type: 'text', required: false, label: 'Cardholder last name' },
  { name: 'card_details.cardholder_email', type: 'email', required: false, label: 'Cardholder email' },
  { name: 'card_details.cardholder_phone_number', type: 'phone', required: false, label: 'Cardholder phone number', pattern: E164 },
];
const IDENTITY: FormField = { name: 'account_identity_number', type: 'text', required: true, label: 'National ID or passport number' };
const PAYER_NAME: FormField = { name: 'payer_name', type: 'text', required: true, label: 'Payer name' };
const CODE_FORMS: Readonly<Record<string, FormField[]>> = {
  OVO: [MOBILE],
  // Jenius publishes no $cashtag format, so any text is passed on.
  JENIUSPAY: [{ name: 'cashtag', type: 'text', required: true, label: 'Jenius $Cashtag' }],
  BRI_DIRECT_DEBIT: [
    { name: 'card_last_four', type: 'digits', required: true, label: 'Last 4 digits of debit card', minLength: 4, maxLength: 4, pattern: '^[0-9]{4}$' },
    { name: 'card_expiry', type: 'card_expiry_mm_yy', required: true, label: 'Card expiry (MM/YY)', pattern: '^(0[1-9]|1[0-2])/[0-9]{2}$' },
    { name: 'account_email', type: 'email', required: true, label: 'Email' },
    MOBILE,
  ],
  // TH banks match the login against the mobile number; KTB and Krungsri also check the ID.
  BBL_DIRECT_DEBIT: [MOBILE],
  SCB_DIRECT_DEBIT: [MOBILE],
  KTB_DIRECT_DEBIT: [MOBILE, IDENTITY],
  KRUNGSRI_DIRECT_DEBIT: [MOBILE, IDENTITY],
  // Other OTC outlets do not show a payer name, so only these two ask for it.
  ALFAMART: [PAYER_NAME],
  INDOMARET: [PAYER_NAME],
};
// §10a.4 infers display_name as required, but the server can default it to the merchant, so the
// payer is never blocked on it.
const VA_FORM: FormField[] = [{ name: 'display_name', type: 'text', required: false, label: 'Name shown to the payer' }];

function formOf(code: string, family: ChannelFamily): FormField[] {
  if (family === 'CARDS') return CARD_FORM;
  if (family === 'VIRTUAL_ACCOUNT') return VA_FORM;
  return CODE_FORMS[code] ?? [];
}

function expiryOf(code: string, country: Country, family: ChannelFamily): number {
  const minutes = EXPIRY_MINUTES[`${country}:${code}`] ?? EXPIRY_MINUTES[code] ?? EXPIRY_MINUTES[`${country}:${family}`] ?? EXPIRY_MINUTES[family];
  if (minutes === undefined) throw new Error(`catalogue: no default expiry for ${country} ${code}`);
  return minutes;
}

const AMOUNT_TEXT = /^\d{1,3}(,\d{3})*\.\d{2}$/;

/** "50,000.01" → minor units; throws on malformed text or decimals the currency cannot hold (e.g. IDR "1.50"). */
function minorOf(text: string, currency: Currency, where: string): number {
  if (!AMOUNT_TEXT.test(text)) throw new Error(`catalogue: ${where} amount "${text}" is not like 1,000.00`);
  const result = toMinorUnits(Number(text.replaceAll(',', '')), currency);
  if (!result.ok) throw new Error(`catalogue: ${where} amount "${text}" is ${result.reason} for ${currency}`);
  return result.minor;
}

const yes = (flag: string): boolean => flag === 'Y';

function freezeForm(form: FormField[]): FormField[] {
  for (const field of form) Object.freeze(field);
  return Object.freeze(form) as FormField[];
}

function toChannel(row: Row, country: Country, currency: Currency): Channel {
  const [code, flow, min, max, save, reusable, refunds, authCapture, mit, displayName] = row;
  const where = `${country}/${currency} ${code}`;
  const family = familyOf(code);
  const interaction = interactionOf(code, family);
  // A family rule that misses a new code would silently make it a redirect wallet; the table's
  // own flow column catches that.
  if ((flow === 'PRESENT TO CUSTOMER') !== (interaction === 'PRESENT')) throw new Error(`catalogue: ${where} is ${family} but its flow is ${flow}`);
  const [refund, partial] = refunds.split('/');
  const minMinor = minorOf(min, currency, where);
  const maxMinor = max === '-' ? null : minorOf(max, currency, where);
  if (minMinor < 1 || (maxMinor !== null && maxMinor < minMinor)) throw new Error(`catalogue: ${where} limits ${min}..${max}`);
  const presents = family === 'VIRTUAL_ACCOUNT' || family === 'QR' || family === 'OTC' ? PRESENTS[family] : undefined;
  return Object.freeze({
    code,
    country,
    currency,
    family,
    displayName,
    minMinor,
    maxMinor,
    interaction,
    ...(presents ? { presents } : {}),
    deeplink: DEEPLINK.has(code) || DEEPLINK.has(`${country}:${code}`),
    skipApprovalWithToken: flow.includes('SKIP'),
    savable: yes(save),
    reusableCode: yes(reusable),
    refundable: yes(refund ?? '-'),
    partialRefund: yes(partial ?? '-'),
    authCapture: yes(authCapture),
    mit: yes(mit),
    defaultExpiryMinutes: expiryOf(code, country, family),
    form: freezeForm([...formOf(code, family)]),
  });
}

const keyOf = (code: string, country: string, currency: string): string => `${country}/${currency}/${code}`;
const byKey = new Map<string, Channel>();
const byMarket = new Map<string, Channel[]>();

export const CHANNELS: readonly Channel[] = Object.freeze(
  [...SPEC_TABLES, ...LUNAS_TABLES].flatMap(({ country, currency, rows }) => rows.map((row) => toChannel(row, country, currency))),
);
for (const channel of CHANNELS) {
  const key = keyOf(channel.code, channel.country, channel.currency);
  if (byKey.has(key)) throw new Error(`catalogue: ${key} is listed twice`);
  byKey.set(key, channel);
  const market = `${channel.country}/${channel.currency}`;
  if (!API_ONLY_CODES.has(channel.code)) byMarket.set(market, [...(byMarket.get(market) ?? []), channel]);
}
const knownCodes = new Set(CHANNELS.map((channel) => channel.code));

/** The channel `code` for a session's country and currency, if that pair offers it. */
export function findChannel(code: string, country: string, currency: string): Channel | undefined {
  return byKey.get(keyOf(code, country, currency));
}

/** Every channel a session may offer for a country and currency, in §12 table order; a fresh array each call. */
export function channelsFor(country: string, currency: string): Channel[] {
  return [...(byMarket.get(`${country}/${currency}`) ?? [])];
}

/** Whether any country offers `code` (exact, case-sensitive: Xendit codes are upper case). */
export function isKnownChannelCode(code: string): boolean {
  return knownCodes.has(code);
}
