/**
 * The postMessage protocol (components-protocol.md §3.2, §4): every message is a plain object
 * with a `type`. The type strings are the official SDK's, so the secure iframe and the
 * action-complete page work with both xendit-components-web 0.0.24 and @lunas/components.
 */

/** Secure iframe → SDK: the field is up; `ecdhPublicKey` goes into every envelope (envelope.ts). */
export const IFRAME_READY = 'xendit-iframe-ready';
/** Secure iframe → SDK: the field's value changed; carries only ciphertext. */
export const IFRAME_CHANGE = 'xendit-iframe-change';
/** Both ways: iframe → SDK when the input gains focus; SDK → iframe to give it focus. */
export const IFRAME_FOCUS = 'xendit-iframe-focus';
/** Secure iframe → SDK: the input lost focus (a blur on a non-empty field marks it touched). */
export const IFRAME_BLUR = 'xendit-iframe-blur';
/** Secure iframe → SDK (target '*'): the field could not start; the SDK only logs it. */
export const IFRAME_FAILED_INIT = 'xendit-iframe-failed-init';
/** SDK → secure iframe: the test-scenario picker asks for a test card (dev hosts, mock mode). */
export const IFRAME_POPULATE_FOR_SIMULATION = 'xendit-iframe-populate-for-simulation';
/** Action page (3DS, redirect) → SDK, from inside the action iframe: done, poll for the outcome. */
export const ACTION_COMPLETE = 'xendit-iframe-action-complete';

/** One AES-GCM ciphertext of one plaintext (the expiry field sends two: month, year). */
export interface EncryptedPart {
  iv: string;
  value: string;
}

export interface IframeReadyMessage {
  type: typeof IFRAME_READY;
  ecdhPublicKey: string;
}

export interface IframeChangeMessage {
  type: typeof IFRAME_CHANGE;
  encrypted: EncryptedPart[];
  empty: boolean;
  valid: boolean;
  /** An invalid field always has at least one; the SDK shows the first. */
  validationErrorCodes: { localeKey: string }[];
  /** VISA, MASTERCARD, AMERICAN-EXPRESS, …; card-number field only. */
  cardBrand: string | null;
}

export interface IframeFocusMessage {
  type: typeof IFRAME_FOCUS;
}

export interface IframeBlurMessage {
  type: typeof IFRAME_BLUR;
}

export interface IframeFailedInitMessage {
  type: typeof IFRAME_FAILED_INIT;
}

export interface IframePopulateForSimulationMessage {
  type: typeof IFRAME_POPULATE_FOR_SIMULATION;
  /** e.g. "3_ds_frictionless_authentication_is_successful_visa". */
  scenario: string;
}

export interface ActionCompleteMessage {
  type: typeof ACTION_COMPLETE;
  /** Mock mode only: the outcome the mock action page chose. */
  mockStatus?: 'success' | 'fail';
}

export type SecureFieldToSdkMessage = IframeReadyMessage | IframeChangeMessage | IframeFocusMessage | IframeBlurMessage | IframeFailedInitMessage;
export type SdkToSecureFieldMessage = IframeFocusMessage | IframePopulateForSimulationMessage;

/** The `validationErrorCodes[].localeKey` values the secure iframe reports (§3.5). */
export type SecureFieldErrorKey =
  | 'validation.card_number_invalid'
  | 'validation.card_expiry_invalid'
  | 'validation.card_cvn_invalid'
  | 'validation.text_too_short'
  | 'validation.text_too_long';

