/**
 * The one input each secure-field page shows (components-protocol.md §3.5, UI side). The page
 * has no visible chrome of its own: the SDK draws the border, label and errors around the iframe,
 * so the input only fills the frame. The `<style>` in the page (see build.ts) does the layout.
 */
import type { FieldType } from './validate.ts';

export interface FieldCallbacks {
  /** The field's current logical value (card number with spaces, "MM/YY", CVN). */
  change(value: string): void;
  focus(): void;
  blur(): void;
}

/** The field's accessible name, in the checkout's language (`locale` query parameter, Lunas's SDK). */
const LABELS: Record<string, Record<FieldType, string>> = {
  en: { credit_card_number: 'Card number', credit_card_expiry: 'Expiry date (MM/YY)', credit_card_cvn: 'Security code (CVN)' },
  id: { credit_card_number: 'Nomor kartu', credit_card_expiry: 'Tanggal kedaluwarsa (BB/TT)', credit_card_cvn: 'Kode keamanan (CVN)' },
  th: { credit_card_number: 'หมายเลขบัตร', credit_card_expiry: 'วันหมดอายุ (ดด/ปป)', credit_card_cvn: 'รหัสความปลอดภัย (CVN)' },
  vi: { credit_card_number: 'Số thẻ', credit_card_expiry: 'Ngày hết hạn (MM/YY)', credit_card_cvn: 'Mã bảo mật (CVN)' },
};

/** Groups of four digits, at most 19 digits (the longest PAN). */
export function formatCardNumber(raw: string): string {
  const digits = raw.replace(/\D/g, '').slice(0, 19);
  return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * MM/YY as the user types: the slash appears after the month, a lone digit before a typed slash
 * is zero-padded ("1/" → "01/"), a pasted/autofilled 4-digit year is shortened. Deleting is left
 * alone (only junk characters are dropped): re-adding the slash would make backspace unable to get
 * past it, and re-padding "1/30" (after deleting the 2 of "12/30") would invent a digit.
 */
export function formatExpiry(raw: string, deleting: boolean): string {
  const cleaned = raw.replace(/[^\d/]/g, '');
  if (deleting) return cleaned;
  const slash = cleaned.indexOf('/');
  let month: string;
  let year: string;
  if (slash >= 0) {
    month = cleaned.slice(0, slash);
    year = cleaned.slice(slash + 1).replace(/\//g, '');
    if (month.length === 1) month = `0${month}`;
    if (month.length > 2) [month, year] = [month.slice(0, 2), month.slice(2) + year];
  } else {
    month = cleaned.slice(0, 2);
    year = cleaned.slice(2);
  }
  year = year.length >= 4 ? year.slice(2, 4) : year.slice(0, 2);
  return month.length < 2 ? month : `${month}/${year}`;
}

/** Caret index just after the n-th digit of `formatted` (so reformatting does not move it). */
function caretAfterDigits(formatted: string, n: number): number {
  if (n <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < formatted.length; i++) {
    if (/\d/.test(formatted.charAt(i)) && ++seen === n) return i + 1;
  }
  return formatted.length;
}

const digitsIn = (s: string) => s.replace(/\D/g, '').length;

/** Replaces the value with its formatted form, keeping the caret next to the same digit. */
function reformat(input: HTMLInputElement, format: (raw: string) => string): void {
  const atEnd = input.selectionStart === input.value.length;
  const digitsBeforeCaret = digitsIn(input.value.slice(0, input.selectionStart ?? input.value.length));
  const formatted = format(input.value);
  if (formatted === input.value) return;
  input.value = formatted;
  const caret = atEnd ? formatted.length : caretAfterDigits(formatted, digitsBeforeCaret);
  if (document.activeElement === input) input.setSelectionRange(caret, caret);
}

/**
 * Backspace/delete right next to a space in the card number would delete only the space, which
 * grouping immediately puts back (the key would seem dead); delete the neighbouring digit instead.
 * Returns true when it handled the edit.
 */
function deleteAcrossSpace(input: HTMLInputElement, event: InputEvent): boolean {
  const start = input.selectionStart;
  const value = input.value;
  if (start === null || start !== input.selectionEnd) return false;
  let next: string;
  let caret: number;
  if (event.inputType === 'deleteContentBackward' && start >= 2 && value.charAt(start - 1) === ' ') {
    next = value.slice(0, start - 2) + value.slice(start - 1);
    caret = start - 2;
  } else if (event.inputType === 'deleteContentForward' && value.charAt(start) === ' ') {
    next = value.slice(0, start + 1) + value.slice(start + 2);
    caret = start + 1;
  } else {
    return false;
  }
  event.preventDefault();
  input.value = next;
  input.setSelectionRange(caret, caret);
  return true;
}

export function createField(type: FieldType, callbacks: FieldCallbacks, locale = 'en'): HTMLInputElement {
  const label = document.createElement('label');
  label.htmlFor = 'field';
  label.className = 'visually-hidden';
  label.textContent = (LABELS[locale] ?? LABELS.en!)[type];
  document.documentElement.lang = locale in LABELS ? locale : 'en';

  const input = document.createElement('input');
  input.id = 'field';
  input.name = type;
  input.type = 'text';
  input.spellcheck = false;
  input.setAttribute('autocorrect', 'off');
  input.setAttribute('autocapitalize', 'off');

  let format: (raw: string, deleting: boolean) => string = (raw) => raw;
  let allowed = /^\d+$/; // what a single typed/pasted chunk may contain
  switch (type) {
    case 'credit_card_number':
      Object.assign(input, { inputMode: 'numeric', autocomplete: 'cc-number', maxLength: 23, placeholder: '1234 1234 1234 1234' });
      format = formatCardNumber;
      allowed = /^[\d\s-]+$/; // pasted "4000 0000…" or "4000-0000-…"; formatting strips the separators
      break;
    case 'credit_card_expiry':
      // maxLength 7 (not 5) so a pasted or autofilled "MM/YYYY" arrives whole and gets shortened.
      Object.assign(input, { inputMode: 'numeric', autocomplete: 'cc-exp', maxLength: 7, placeholder: 'MM/YY' });
      format = formatExpiry;
      allowed = /^[\d/\s]+$/;
      break;
    case 'credit_card_cvn':
      Object.assign(input, { type: 'password', inputMode: 'numeric', autocomplete: 'cc-csc', maxLength: 4, placeholder: '123' });
      break;
  }

  const update = (deleting: boolean) => {
    reformat(input, (raw) => format(raw, deleting));
    callbacks.change(input.value);
  };
  input.addEventListener('beforeinput', (event) => {
    if (event.data && !allowed.test(event.data)) event.preventDefault();
    // A prevented edit fires no 'input' event, so report the hand-made one ourselves.
    else if (type === 'credit_card_number' && deleteAcrossSpace(input, event)) update(true);
  });
  // 'input' covers typing, paste, drop and autofill; 'change' catches autofill in browsers that
  // skip 'input'. The caller drops duplicate values.
  const onInput = (event: Event) => update(event instanceof InputEvent && event.inputType.startsWith('delete'));
  input.addEventListener('input', onInput);
  input.addEventListener('change', onInput);
  input.addEventListener('focus', () => callbacks.focus());
  input.addEventListener('blur', () => callbacks.blur());

  document.body.replaceChildren(label, input);
  return input;
}

/** Startup failure: a small red "✕ <code>" instead of a field that would silently not encrypt. */
export function showFailure(code: string): void {
  const div = document.createElement('div');
  div.setAttribute('role', 'alert');
  div.className = 'failure';
  div.textContent = `✕ ${code}`;
  document.body.replaceChildren(div);
}
