import type { UiChannel } from '../channels.ts';
import type { ChannelFormState } from '../state.ts';
import type { BffChannel, BffSession } from '../types.ts';
import { fieldKey, isCardField, isVisible, validateField, type FieldError } from './fields.ts';

/**
 * The rules of one channel's form, pure: which channel saving selects, how saving shows, and
 * every visible field's error (card fields as their secure iframes reported them).
 */
export type SaveMode = 'optional' | 'forced' | 'session' | 'none';

/** A checkbox for OPTIONAL, a notice when the only channel saves (FORCED) or for SAVE sessions. */
export function saveModeOf(session: BffSession | null, channel: UiChannel): SaveMode {
  if (!session) return 'none';
  if (session.session_type === 'SAVE') return 'session';
  if (!channel.saving) return 'none';
  if (!channel.payOnly || !channel.payOnly.allow_pay_without_save) return 'forced';
  return session.allow_save_payment_method === 'OPTIONAL' ? 'optional' : 'none';
}

export function channelToSubmit(channel: UiChannel, saving: boolean): BffChannel {
  return (saving ? channel.saving : channel.payOnly) ?? channel.payOnly ?? channel.saving!;
}

export function formErrors(channel: BffChannel, form: ChannelFormState, phoneValid?: (value: string) => boolean): Record<string, FieldError | null> {
  const errors: Record<string, FieldError | null> = {};
  for (const field of channel.form) {
    if (!isVisible(field, form.values, form.billingRequired)) continue;
    const key = fieldKey(field);
    if (!isCardField(field)) {
      errors[key] = validateField(field, form.values[key], phoneValid);
      continue;
    }
    const card = form.cards[key];
    if (!card || card.empty) errors[key] = field.required ? { key: 'validation.required' } : null;
    else if (!card.valid) errors[key] = { key: card.errorKey ?? `validation.${field.type.name.replace('credit_', '')}_invalid` };
    else if (field.type.name === 'credit_card_number' && !brandAccepted(channel, form.schemes)) errors[key] = { key: 'validation.card_brand_not_supported' };
    else errors[key] = null;
  }
  return errors;
}

/** 0.0.24's rule: a card whose schemes (from card_info) miss every accepted brand is invalid. */
function brandAccepted(channel: BffChannel, schemes: string[] | null): boolean {
  const accepted = channel.card?.brands.map((b) => b.name) ?? [];
  if (!schemes || schemes.length === 0 || accepted.length === 0) return true;
  return schemes.some((scheme) => accepted.includes(scheme));
}
