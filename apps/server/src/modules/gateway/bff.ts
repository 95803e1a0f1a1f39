import { instructionTranslator, translator } from '@lunas/components/i18n';
import type { Customer } from '../customers/service.ts';
import type { Action } from '../../channels/acquirer/types.ts';
import type { Channel, ChannelFamily, FormField } from '../../channels/catalogue.ts';
import { omitUndefined } from '../../json.ts';
import { toMajorUnits, type Currency } from '../../money.ts';
import type { Session } from '../sessions/model.ts';
import { markCode } from './channel-marks.tsx';
import { SESSION_LOCALES, type BffAction, type BffChannel, type BffCustomer, type BffEntity, type BffSession, type BffUiGroup, type FormField as BffFormField } from '@lunas/protocol/gateway';

/**
 * The shapes the Components SDK reads from the gateway ("BFF"), built from Lunas's own
 * objects (components-protocol.md §2.3). Pure functions: the routes fetch, these shape.
 */
const PM_TYPE: Record<ChannelFamily, string> = {
  CARDS: 'CARDS',
  EWALLET: 'EWALLET',
  DIRECT_DEBIT: 'DIRECT_DEBIT',
  VIRTUAL_ACCOUNT: 'VIRTUAL_ACCOUNT',
  QR: 'QR_CODE',
  OTC: 'OVER_THE_COUNTER',
  ONLINE_BANKING: 'ONLINE_BANKING',
  PAYLATER: 'PAYLATER',
};

/** The channel groups the picker shows, in this order (cards first); labels from the SDK's dictionaries. */
export const UI_GROUP_ORDER: readonly ChannelFamily[] = ['CARDS', 'EWALLET', 'QR', 'DIRECT_DEBIT', 'ONLINE_BANKING', 'VIRTUAL_ACCOUNT', 'OTC', 'PAYLATER'];

const logoUrl = (publicUrl: string, code: string) => `${publicUrl}/components/logos/${encodeURIComponent(code)}.svg`;

export function bffSession(row: Session): BffSession {
  const { details } = row;
  const session = {
    payment_session_id: row.id,
    business_id: row.business_id,
    created: row.created,
    updated: row.updated,
    reference_id: row.reference_id,
    customer_id: row.customer_id ?? '',
    session_type: row.session_type as BffSession['session_type'],
    currency: row.currency,
    amount: toMajorUnits(row.amount_minor, row.currency as Currency),
    country: row.country,
    mode: row.mode,
    channel_properties: details.channel_properties as BffSession['channel_properties'],
    allowed_payment_channels: details.allowed_payment_channels,
    expires_at: row.expires_at,
    locale: (SESSION_LOCALES as readonly string[]).includes(row.locale) ? row.locale : 'en',
    description: details.description,
    items: Array.isArray(details.items) ? details.items : null,
    status: row.status,
    payment_token_id: row.payment_token_id,
    payment_request_id: row.payment_request_id,
    allow_save_payment_method: (row.allow_save_payment_method ?? 'DISABLED') as BffSession['allow_save_payment_method'],
    capture_method: (row.capture_method ?? 'AUTOMATIC') as BffSession['capture_method'],
  } satisfies BffSession;
  return omitUndefined(session);
}

export function bffCustomer(row: Customer | undefined): BffCustomer | null {
  if (!row) return null;
  const detail = row.individual_detail;
  return {
    id: row.id,
    type: row.type as BffCustomer['type'],
    email: row.email,
    mobile_number: row.mobile_number,
    phone_number: row.details.phone_number ?? null,
    business_detail: null,
    individual_detail: detail ? { given_names: detail.given_names ?? '', surname: detail.surname ?? null } : null,
  };
}

/** A catalogue form field as the SDK's ChannelFormField. */
function formField(field: FormField, locale: string): BffFormField {
  const t = instructionTranslator(locale);
  // The field's label in the session's language; a field without a translation keeps the catalogue's.
  const translated = t(`field.${field.name}` as Parameters<typeof t>[0]);
  const label = translated === `field.${field.name}` ? field.label : translated;
  const base = { label, placeholder: '', channel_property: field.name, required: field.required, span: 2 as const };
  if (field.type === 'phone') return { ...base, type: { name: 'phone_number' } };
  if (field.type === 'email') return { ...base, type: { name: 'email' } };
  return {
    ...base,
    type: {
      name: 'text',
      max_length: field.maxLength ?? 255,
      ...(field.minLength ? { min_length: field.minLength } : {}),
      ...(field.type === 'digits' ? { numeric: true } : {}),
      ...(field.pattern ? { regex_validators: [{ regex: field.pattern, message: t('field.invalid', { label: label.toLowerCase() }) }] } : {}),
    },
  };
}

/** The card form, in the session's language (the SDK's dictionaries: one translation source). */
function cardForm(locale: string): BffFormField[] {
  const t = translator(locale);
  return [
    { group_label: t('card.details'), label: t('card.number'), placeholder: '1234 1234 1234 1234', type: { name: 'credit_card_number' }, channel_property: 'card_details.card_number', required: true, span: 2 },
    { label: t('card.expiry'), placeholder: 'MM/YY', type: { name: 'credit_card_expiry' }, channel_property: ['card_details.expiry_month', 'card_details.expiry_year'], required: true, span: 1, join: true },
    { label: 'CVN', placeholder: 'CVN', type: { name: 'credit_card_cvn' }, channel_property: 'card_details.cvn', required: true, span: 1, join: true },
    { group_label: t('card.holder'), label: t('card.first_name'), placeholder: 'John', type: { name: 'text', max_length: 50 }, channel_property: 'card_details.cardholder_first_name', required: false, span: 1 },
    { label: t('card.last_name'), placeholder: 'Doe', type: { name: 'text', max_length: 50 }, channel_property: 'card_details.cardholder_last_name', required: false, span: 1 },
  ];
}

const CARD_BRANDS = ['VISA', 'MASTERCARD', 'JCB', 'AMERICAN-EXPRESS'];

export function bffChannel(channel: Channel, session: Session, publicUrl: string): BffChannel {
  // A SUBSCRIPTION session saves like a SAVE one (the SDK links a token for its plan).
  const linksOnly = session.session_type === 'SAVE' || session.session_type === 'SUBSCRIPTION';
  const saving = linksOnly || session.allow_save_payment_method === 'FORCED' || session.allow_save_payment_method === 'OPTIONAL';
  return {
    brand_name: channel.displayName,
    brand_logo_url: logoUrl(publicUrl, markCode(channel.code)),
    brand_color: brandColor(channel.code),
    pm_type: PM_TYPE[channel.family],
    ui_group: channel.family.toLowerCase(),
    channel_code: channel.code,
    allow_pay_without_save: !linksOnly && session.allow_save_payment_method !== 'FORCED',
    allow_save: saving && channel.savable,
    form: channel.family === 'CARDS' ? cardForm(session.locale) : channel.form.map((field) => formField(field, session.locale)),
    // The SDK shows these two lines for a channel with nothing to fill in, and needs exactly two.
    instructions: channel.family !== 'CARDS' && channel.form.length === 0 ? instructionsFor(channel, session.locale) : [],
    ...(session.session_type === 'SAVE' ? {} : { min_amount: toMajorUnits(channel.minMinor, channel.currency), ...(channel.maxMinor === null ? {} : { max_amount: toMajorUnits(channel.maxMinor, channel.currency) }) }),
    requires_customer_details: false,
    ...(channel.family === 'CARDS' ? { card: { brands: CARD_BRANDS.map((name) => ({ name, logo_url: logoUrl(publicUrl, name) })) } } : {}),
  };
}

/** In the session's language (English for a locale Lunas has no words for). */
function instructionsFor(channel: Channel, locale: string): [string, string] {
  const t = instructionTranslator(locale);
  const params = { channel: channel.displayName };
  const next =
    channel.interaction === 'PRESENT'
      ? t('instructions.present')
      : channel.interaction === 'PUSH'
        ? t('instructions.push', params)
        : // Some banks approve on their page, others with a one-time password they text (OTP flows).
          channel.family === 'DIRECT_DEBIT'
          ? t('instructions.direct_debit', params)
          : t('instructions.redirect', params);
  return [t('instructions.pay_with', params), next];
}

/** The picker's groups, labelled in the session's language: the official SDK shows labels as sent. */
export function bffUiGroups(channels: Channel[], publicUrl: string, locale: string): BffUiGroup[] {
  const t = translator(locale);
  // One fixed order, whatever order the catalogue lists channels in.
  const families = UI_GROUP_ORDER.filter((family) => channels.some((c) => c.family === family));
  return families.map((family) => ({ id: family.toLowerCase(), label: t(`group.${family.toLowerCase()}`), icon_url: logoUrl(publicUrl, family) }));
}

/** /v3 actions plus the SDK's display fields; every Lunas page can run inside the SDK's action iframe. */
export function bffAction(action: Action, channel: Channel | undefined, locale: string): BffAction {
  // Lunas's Action does not tie descriptors to types; the acquirer only pairs them as the protocol does.
  if (action.type === 'REDIRECT_CUSTOMER') return { ...(action as Extract<BffAction, { type: 'REDIRECT_CUSTOMER' }>), iframe_capable: action.descriptor === 'WEB_URL' };
  if (action.type === 'PRESENT_TO_CUSTOMER') {
    const t = instructionTranslator(locale);
    const params = { channel: channel?.displayName ?? t('instructions.this_channel') };
    const copy: Record<string, [string, string]> = {
      QR_STRING: [t('instructions.pay_with', params), t('instructions.scan_qr')],
      VIRTUAL_ACCOUNT_NUMBER: [t('instructions.pay_with', params), t('instructions.transfer_va')],
      PAYMENT_CODE: [t('instructions.pay_at', params), t('instructions.show_code')],
    };
    const [title, subtitle] = copy[action.descriptor] ?? [t('instructions.pay_with', params), ''];
    return { ...(action as Extract<BffAction, { type: 'PRESENT_TO_CUSTOMER' }>), action_title: title, action_subtitle: subtitle, action_graphic: '', instructions: null };
  }
  return { ...action } as BffAction;
}

/**
 * The OTP pair points at the v3 API, which needs the secret key: the browser gets the gateway's
 * own endpoints instead (routes.ts), keyed by the session like endpoint 7, and the copy to show.
 */
function bffOtpAction(action: Action, gatewayPath: string, channel: Channel | undefined, locale: string): BffAction {
  const verb = action.descriptor === 'VALIDATE_OTP' ? 'validate_otp' : 'resend_otp';
  const t = instructionTranslator(locale);
  return {
    type: 'API_POST_REQUEST',
    descriptor: action.descriptor as 'VALIDATE_OTP' | 'RESEND_OTP',
    value: `${gatewayPath}/${verb}`,
    otp: { title: t('instructions.otp_title'), instructions: t('instructions.otp_sent', { channel: channel?.displayName ?? t('instructions.your_bank') }) },
  };
}

const isOtp = (action: Action) => action.type === 'API_POST_REQUEST' && (action.descriptor === 'VALIDATE_OTP' || action.descriptor === 'RESEND_OTP');

/** `gatewayPath`: the session's gateway URL, `{publicUrl}/api/sessions/{key}`; `locale`: the session's, for the copy. */
export function bffEntity(kind: 'payment_request' | 'payment_token', object: Record<string, any>, channel: Channel | undefined, gatewayPath: string, locale: string): BffEntity {
  const id = kind === 'payment_request' ? object.payment_request_id : object.payment_token_id;
  const entityPath = `${gatewayPath}/${kind === 'payment_request' ? 'payment_requests' : 'payment_tokens'}/${encodeURIComponent(id)}`;
  return {
    [kind === 'payment_request' ? 'payment_request_id' : 'payment_token_id']: id,
    status: object.status,
    ...(object.failure_code ? { failure_code: object.failure_code } : {}),
    actions: ((object.actions ?? []) as Action[]).map((action) => (isOtp(action) ? bffOtpAction(action, entityPath, channel, locale) : bffAction(action, channel, locale))),
    channel_code: object.channel_code,
    // The SDK polls with this; Lunas answers polls by the entity's own id.
    session_token_request_id: id,
  };
}

/** A stable, readable colour per brand for its logo and the SDK's accents. */
export function brandColor(code: string): string {
  let hash = 0;
  for (const char of code) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return hslToHex(hue, 0.55, 0.4);
}

function hslToHex(h: number, s: number, l: number): string {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}
