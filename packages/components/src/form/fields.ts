import { SECURE_FIELD_TYPES } from '@lunas/protocol/gateway';
import type { FieldValue } from '../state.ts';
import type { ChannelProperties, FormField } from '../types.ts';

/**
 * What a channel's form collects, pure: field keys, visibility, validation of the fields the
 * merchant page draws itself, and `channel_properties` built from the values
 * (components-protocol.md §2.3 "Building channel_properties from the form").
 */
/** The fields drawn by a secure iframe, not by the SDK. */
export const CARD_FIELD_TYPES = SECURE_FIELD_TYPES;
export type CardFieldType = (typeof CARD_FIELD_TYPES)[number];

export const fieldKey = (field: FormField): string => (Array.isArray(field.channel_property) ? field.channel_property.join('__') : field.channel_property);
export const isCardField = (field: FormField): boolean => (CARD_FIELD_TYPES as readonly string[]).includes(field.type.name);

/** `display_if` rules compare other fields' current values (by channel_property path). */
export function isVisible(field: FormField, values: Record<string, FieldValue>, billingRequired: boolean): boolean {
  if (field.flags?.require_billing_information && !billingRequired) return false;
  return (field.display_if ?? []).every(([path, op, expected]) => {
    const actual = values[path] ?? '';
    return op === 'equals' ? actual === expected : actual !== expected;
  });
}

export const E164 = /^\+[1-9][0-9]{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$/;

/** "/^a+$/i" or "^a+$" → RegExp; a malformed pattern from the server never blocks the customer. */
function toRegExp(source: string): RegExp | null {
  const slashed = /^\/(.*)\/([a-z]*)$/s.exec(source);
  try {
    return slashed ? new RegExp(slashed[1]!, slashed[2]) : new RegExp(source);
  } catch {
    return null;
  }
}

export interface FieldError {
  /** An i18n key, or literal text from the server's regex validator. */
  key: string;
  literal?: boolean;
  params?: Record<string, string | number>;
}

/**
 * Validates one field the SDK draws natively; card fields are validated inside their secure
 * iframes and reported separately. `phoneValid` is libphonenumber's verdict once it has loaded.
 */
export function validateField(field: FormField, raw: FieldValue | undefined, phoneValid?: (value: string) => boolean): FieldError | null {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (value === '') return field.required ? { key: 'validation.required' } : null;
  const type = field.type;
  switch (type.name) {
    case 'text': {
      if (type.numeric && !/^[0-9]+$/.test(value)) return { key: 'validation.numeric' };
      if (type.min_length !== undefined && value.length < type.min_length) return { key: 'validation.text_too_short', params: { min: type.min_length } };
      if (value.length > type.max_length) return { key: 'validation.text_too_long', params: { max: type.max_length } };
      for (const validator of type.regex_validators ?? []) {
        const regex = toRegExp(validator.regex);
        if (regex && !regex.test(value)) return { key: validator.message, literal: true };
      }
      return null;
    }
    case 'email':
      return EMAIL.test(value) ? null : { key: 'validation.email' };
    case 'phone_number':
      return (phoneValid ? phoneValid(value) : E164.test(value)) ? null : { key: 'validation.phone' };
    case 'postal_code':
      return POSTAL_CODE.test(value) ? null : { key: 'validation.postal_code' };
    case 'dropdown':
      return type.options.some((option) => option.value === value) ? null : { key: 'validation.required' };
    default:
      return null;
  }
}

function setPath(target: ChannelProperties, path: string, value: string | string[]): void {
  const wrap = path.endsWith('[]');
  const segments = (wrap ? path.slice(0, -2) : path).split('.');
  let node: ChannelProperties = target;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    node = (typeof next === 'object' && next !== null && !Array.isArray(next) ? next : (node[segment] = {})) as ChannelProperties;
  }
  node[segments[segments.length - 1]!] = wrap && !Array.isArray(value) ? [value] : value;
}

/** The visible, non-empty fields' values under their dotted `channel_property` paths. */
export function buildChannelProperties(form: FormField[], values: Record<string, FieldValue>, billingRequired: boolean): ChannelProperties {
  const properties: ChannelProperties = {};
  for (const field of form) {
    if (!isVisible(field, values, billingRequired)) continue;
    const value = values[fieldKey(field)];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (Array.isArray(field.channel_property)) {
      const parts = Array.isArray(value) ? value : (JSON.parse(value) as string[]);
      field.channel_property.forEach((path, index) => parts[index] !== undefined && setPath(properties, path, parts[index]!));
    } else {
      setPath(properties, field.channel_property, typeof value === 'string' && !isCardField(field) ? value.trim() : value);
    }
  }
  return properties;
}
