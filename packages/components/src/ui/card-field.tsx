import { useLayoutEffect, useRef } from 'preact/hooks';
import { formatEnvelope } from '@lunas/protocol/envelope';
import type { UiChannel } from '../channels.ts';
import { fieldKey, type CardFieldType } from '../form/fields.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { FormField } from '../types.ts';
import { useEnv, type Env } from './context.ts';

/**
 * A card field: Lunas's secure-field page in an iframe (the same page the official SDK loads),
 * so the PAN, expiry and CVN never exist in the merchant's page. The iframe reports validity and
 * ciphertext; 300 ms after the number changes, card_info tells the scheme for the brand check.
 */
const LABELS: Record<CardFieldType, MessageKey> = { credit_card_number: 'card.number', credit_card_expiry: 'card.expiry', credit_card_cvn: 'card.cvn' };
const TEST_IDS: Record<CardFieldType, string> = { credit_card_number: 'lunas-card-number', credit_card_expiry: 'lunas-card-expiry', credit_card_cvn: 'lunas-card-cvn' };
const CARD_INFO_DELAY_MS = 300;

export function CardField({ field, channel, id, invalid }: { field: FormField; channel: UiChannel; id: string; invalid: boolean }) {
  const env = useEnv();
  const type = field.type.name as CardFieldType;
  const label = env.t(LABELS[type]);
  if (env.mock) return <MockCardInput field={field} channel={channel} id={id} label={label} invalid={invalid} env={env} />;
  return <SecureFrame field={field} channel={channel} id={id} label={label} invalid={invalid} env={env} />;
}

function iframeUrl(env: Env, type: CardFieldType): string {
  const url = new URL('/components/secure-iframe.html', env.baseUrl);
  const params: Record<string, string> = {
    input_type: type,
    embedder: window.location.origin,
    session_id: env.checkout.state.session!.payment_session_id,
    pk: env.key.publicKey,
    sig: env.key.signature,
    locale: env.locale,
  };
  if (env.appearance) params.appearance = JSON.stringify(env.appearance);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

function SecureFrame({ field, channel, id, label, invalid, env }: { field: FormField; channel: UiChannel; id: string; label: string; invalid: boolean; env: Env }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const type = field.type.name as CardFieldType;
  const key = fieldKey(field);
  const { checkout } = env;

  // Registered in the commit itself, before the iframe can load and say it is ready: a ready
  // message from an unregistered frame is dropped, and without it no change can be decrypted.
  useLayoutEffect(() => {
    if (!frame.current || !env.bridge) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unregister = env.bridge.register(frame.current, (report) => {
      checkout.setCard(channel, key, report, report.value);
      if (type !== 'credit_card_number') return;
      clearTimeout(timer);
      if (report.empty || typeof report.value !== 'string') return checkout.setSchemes(channel, null, false);
      const envelope = report.value;
      timer = setTimeout(() => {
        checkout.options.gateway
          .cardInfo(envelope)
          .then((info) => checkout.formOf(channel).values[key] === envelope && checkout.setSchemes(channel, info.schemes, info.require_billing_information))
          .catch(() => undefined); // the form works without it; the server checks the card again
      }, CARD_INFO_DELAY_MS);
    }, () => checkout.touch(channel, key));
    return () => {
      clearTimeout(timer);
      unregister();
    };
  }, [channel.key, key]);

  return (
    <>
      <label class="lunas-label" id={`${id}-label`} onClick={() => frame.current && env.bridge?.focus(frame.current)}>
        {label}
      </label>
      <div class="lunas-card-frame">
        <iframe
          ref={frame}
          src={iframeUrl(env, type)}
          title={env.t('card.secure_field', { label })}
          aria-labelledby={`${id}-label`}
          aria-invalid={invalid}
          sandbox="allow-scripts allow-same-origin"
          allow="payment"
          data-testid={TEST_IDS[type]}
        />
      </div>
    </>
  );
}

/**
 * Test mode without a server (LunasComponentsTest): plain inputs stand in for the secure fields,
 * marked as such; their "envelopes" carry no real card data and go nowhere.
 */
function MockCardInput({ field, channel, id, label, invalid, env }: { field: FormField; channel: UiChannel; id: string; label: string; invalid: boolean; env: Env }) {
  const type = field.type.name as CardFieldType;
  const key = fieldKey(field);
  const onInput = (raw: string) => {
    const digits = raw.replace(/\D/g, '');
    const valid = type === 'credit_card_number' ? digits.length >= 12 : type === 'credit_card_expiry' ? /^(0[1-9]|1[0-2])\/?\d{2}$/.test(raw.trim()) : /^\d{3,4}$/.test(digits);
    const mockEnvelope = (text: string) => formatEnvelope('MOCK', { iv: 'MOCK', value: btoa(text) });
    const value = type === 'credit_card_expiry' ? [mockEnvelope(digits.slice(0, 2)), mockEnvelope(`20${digits.slice(2, 4)}`)] : mockEnvelope(digits);
    env.checkout.setCard(channel, key, { empty: raw === '', valid, errorKey: valid ? null : `validation.${type.replace('credit_', '')}_invalid`, brand: null }, raw === '' ? '' : value);
  };
  return (
    <>
      <label class="lunas-label" for={id}>
        {label}
      </label>
      <input id={id} class="lunas-input" inputMode="numeric" autoComplete="off" aria-invalid={invalid} data-testid={TEST_IDS[type]} onInput={(e) => onInput(e.currentTarget.value)} onBlur={() => env.checkout.touch(channel, key)} />
    </>
  );
}
