import { useEffect, useState } from 'preact/hooks';
import type { UiChannel } from '../channels.ts';
import { fieldKey } from '../form/fields.ts';
import type { FormField } from '../types.ts';
import { useEnv } from './context.ts';

/** Fields the SDK draws itself (everything but card data): text, email, phone, dropdowns. */
export function NativeField({ field, channel, id, invalid }: { field: FormField; channel: UiChannel; id: string; invalid: boolean }) {
  const { checkout, t } = useEnv();
  const key = fieldKey(field);
  const value = checkout.formOf(channel).values[key];
  const text = typeof value === 'string' ? value : (field.initial_value ?? '');
  useEffect(() => {
    if (value === undefined && field.initial_value !== undefined) checkout.setValue(channel, key, field.initial_value);
  }, [key]);
  const common = {
    id,
    name: key,
    class: 'lunas-input',
    required: field.required,
    disabled: field.disabled || checkout.state.submission !== null,
    'aria-invalid': invalid,
    'aria-describedby': invalid ? `${id}-error` : undefined,
    onBlur: () => checkout.touch(channel, key),
  };
  const label = (
    <label class="lunas-label" for={id}>
      {field.label} {!field.required && <small>{t('field.optional')}</small>}
    </label>
  );
  const type = field.type;
  if (type.name === 'phone_number') return <>{label}<PhoneInput field={field} channel={channel} common={common} /></>;
  if (type.name === 'dropdown') {
    return (
      <>
        {label}
        <select {...common} value={text} onChange={(e) => checkout.setValue(channel, key, e.currentTarget.value)}>
          <option value="">{field.placeholder || '—'}</option>
          {type.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </>
    );
  }
  const attributes =
    type.name === 'email'
      ? { type: 'email', autoComplete: 'email', inputMode: 'email' as const }
      : type.name === 'postal_code'
        ? { type: 'text', autoComplete: 'postal-code' }
        : type.name === 'text'
          ? { type: 'text', maxLength: type.max_length, inputMode: type.numeric ? ('numeric' as const) : undefined, autoComplete: type.autocomplete }
          : { type: 'text' };
  return (
    <>
      {label}
      <input {...common} {...attributes} placeholder={field.placeholder} value={text} onInput={(e) => checkout.setValue(channel, key, e.currentTarget.value)} />
    </>
  );
}

/** Calling codes of the countries Lunas serves; the lazily loaded libphonenumber validates the rest. */
const CALLING_CODES: Record<string, string> = { ID: '62', PH: '63', TH: '66', VN: '84', MY: '60', SG: '65' };

/**
 * A national number with its country code, kept as E.164 in the form. libphonenumber (a lazy
 * module) decides validity per country; until it arrives, the E.164 shape is checked.
 */
function PhoneInput({ field, channel, common }: { field: FormField; channel: UiChannel; common: Record<string, unknown> }) {
  const { checkout, t, lazy } = useEnv();
  const session = checkout.state.session!;
  const key = fieldKey(field);
  const [country, setCountry] = useState(CALLING_CODES[session.country] ? session.country : 'ID');
  const [national, setNational] = useState('');
  const phone = lazy.peek('phone');
  useEffect(() => void lazy.load('phone').catch(() => undefined), []);
  const update = (nextCountry: string, nextNational: string) => {
    setCountry(nextCountry);
    setNational(nextNational);
    const digits = nextNational.replace(/[^\d]/g, '').replace(/^0+/, '');
    const e164 = phone?.toE164(nextCountry, nextNational) ?? (digits ? `+${CALLING_CODES[nextCountry]}${digits}` : '');
    checkout.setValue(channel, key, digits ? e164 || `+${CALLING_CODES[nextCountry]}${digits}` : '');
  };
  return (
    <div class="lunas-phone">
      <select class="lunas-input" aria-label={t('field.phone_country')} value={country} disabled={common.disabled as boolean} onChange={(e) => update(e.currentTarget.value, national)}>
        {Object.entries(CALLING_CODES).map(([code, calling]) => (
          <option key={code} value={code}>
            {code} +{calling}
          </option>
        ))}
      </select>
      <input {...common} type="tel" autoComplete="tel-national" inputMode="tel" placeholder={field.placeholder || '812 3456 7890'} value={national} onInput={(e) => update(country, e.currentTarget.value)} />
    </div>
  );
}
