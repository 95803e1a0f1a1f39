import type { UiChannel } from './channels.ts';
import type { Translate } from './i18n/index.ts';
import type { BffAction, BffEntity, BffResponse, BffSession, XenditPaymentChannelGroup } from './types.ts';

/** A form value: a typed string, or the encrypted envelope(s) a secure field produced. */
export type FieldValue = string | string[];

/** A secure card field's latest report from its iframe (components-protocol.md §3.2). */
export interface CardFieldState {
  empty: boolean;
  valid: boolean;
  errorKey: string | null;
  brand: string | null;
}

export interface ChannelFormState {
  values: Record<string, FieldValue>;
  cards: Record<string, CardFieldState>;
  touched: Set<string>;
  /** card_info's verdict on the typed card: its schemes, and whether the channel accepts one. */
  schemes: string[] | null;
  billingRequired: boolean;
}

/** What the customer is being asked to do for the current attempt. */
export type ActionView =
  | { kind: 'iframe'; url: string; purpose: 'card' | 'redirect' }
  | { kind: 'deeplink'; url: string; webUrl: string | null }
  | { kind: 'push' }
  | { kind: 'present'; action: Extract<BffAction, { type: 'PRESENT_TO_CUSTOMER' }> }
  | { kind: 'otp'; title: string; instructions: string; url: string; resendUrl: string | null; busy: boolean; error: string | null; resent: boolean };

export type Submission =
  | { stage: 'creating'; abort: AbortController }
  | { stage: 'entity'; kind: 'payment_request' | 'payment_token'; entity: BffEntity; tokenRequestId: string; action: ActionView | null; actionDone: boolean };

export interface CheckoutState {
  phase: 'loading' | 'ready' | 'fatal';
  fatalMessage: string | null;
  data: BffResponse | null;
  session: BffSession | null;
  channels: UiChannel[];
  groups: XenditPaymentChannelGroup[];
  current: UiChannel | null;
  forms: Map<string, ChannelFormState>;
  saveChecked: boolean;
  showAllErrors: boolean;
  submission: Submission | null;
  /** The customer-facing lines of the last failed attempt, shown above the form until the next one. */
  lastError: string[] | null;
  succeededChannel: string | null;
}

export function initialState(): CheckoutState {
  return {
    phase: 'loading',
    fatalMessage: null,
    data: null,
    session: null,
    channels: [],
    groups: [],
    current: null,
    forms: new Map(),
    saveChecked: false,
    showAllErrors: false,
    submission: null,
    lastError: null,
    succeededChannel: null,
  };
}

export function emptyForm(): ChannelFormState {
  return { values: {}, cards: {}, touched: new Set(), schemes: null, billingRequired: false };
}

const MOBILE = /Android|iPhone|iPad|iPod/i;

/**
 * Picks what to show for a REQUIRES_ACTION entity (§2.4 step 4): a web page in the action
 * iframe (or a full redirect when the page refuses framing), the provider's app on a phone,
 * a code to present, a one-time password to type, or — with no actions at all — "approve in your app".
 */
export function chooseAction(actions: BffAction[], userAgent: string, isCard: boolean): ActionView | { kind: 'redirect'; url: string } | null {
  if (actions.length === 0) return { kind: 'push' };
  const web = actions.find((a) => a.type === 'REDIRECT_CUSTOMER' && a.descriptor === 'WEB_URL');
  const deeplink = actions.find((a) => a.type === 'REDIRECT_CUSTOMER' && a.descriptor === 'DEEPLINK_URL');
  if (deeplink && MOBILE.test(userAgent)) return { kind: 'deeplink', url: deeplink.value, webUrl: web?.value ?? null };
  if (web && web.type === 'REDIRECT_CUSTOMER') {
    if (web.iframe_capable === false) return { kind: 'redirect', url: web.value };
    return { kind: 'iframe', url: web.value, purpose: isCard ? 'card' : 'redirect' };
  }
  const present = actions.find((a) => a.type === 'PRESENT_TO_CUSTOMER');
  if (present && present.type === 'PRESENT_TO_CUSTOMER') return { kind: 'present', action: present };
  // The bank texted a one-time password: ask for it (Lunas's gateway endpoints take it).
  const otp = actions.find((a) => a.type === 'API_POST_REQUEST' && a.descriptor === 'VALIDATE_OTP');
  if (otp && otp.type === 'API_POST_REQUEST') {
    const resend = actions.find((a) => a.type === 'API_POST_REQUEST' && a.descriptor === 'RESEND_OTP');
    return { kind: 'otp', title: otp.otp?.title ?? '', instructions: otp.otp?.instructions ?? '', url: otp.value, resendUrl: resend?.value ?? null, busy: false, error: null, resent: false };
  }
  return null;
}

/** What a failed attempt tells the customer: its status's title, and its failure code's sentence (a general one for a code without). */
export function failureLines(t: Translate, status: string, code: string): string[] {
  const sentence = t(`failure.${code}`);
  return [t(`failure.title.${status}`), sentence === `failure.${code}` ? t('failure.code') : sentence];
}
