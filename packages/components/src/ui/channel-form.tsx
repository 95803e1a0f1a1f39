import type { UiChannel } from '../channels.ts';
import { fieldKey, isCardField, isVisible, type FieldError } from '../form/fields.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { FormField } from '../types.ts';
import { CardField } from './card-field.tsx';
import { useEnv, type Env } from './context.ts';
import { NativeField } from './fields.tsx';

/**
 * One channel's form: its fields in the catalogue's order and spans, the save choice, the
 * message of a failed attempt (announced), and for channels with nothing to fill in, the
 * two-line explanation of what happens next.
 */
export function ChannelForm({ channel }: { channel: UiChannel }) {
  const env = useEnv();
  const { checkout, t } = env;
  const bff = checkout.channelFor(channel);
  const form = checkout.formOf(channel);
  const errors = checkout.errorsOf(channel);
  const visible = bff.form.filter((field) => isVisible(field, form.values, form.billingRequired));
  const shown = (key: string) => (checkout.state.showAllErrors || form.touched.has(key) ? (errors[key] ?? null) : null);
  const lastError = checkout.state.lastError;
  const invalidShown = checkout.state.showAllErrors && Object.values(errors).some(Boolean);
  const saveMode = checkout.saveMode(channel);

  return (
    <div class="lunas-channel" data-testid={`lunas-form-${bff.channel_code}`} style={{ '--xendit-channel-brand-color': bff.brand_color }}>
      {lastError && (
        <div class="lunas-alert" role="alert" data-testid="lunas-submission-error">
          {lastError.map((line, index) => (
            <p key={index}>{line}</p>
          ))}
        </div>
      )}
      <p class="lunas-sr" aria-live="polite">
        {invalidShown ? t('validation.errors_summary') : ''}
      </p>
      <div class="lunas-form">
        {visible.length === 0 && bff.instructions.length > 0 && (
          <div class="lunas-note">
            {bff.instructions.map((line, index) => (
              <p key={index} style={{ margin: index === 0 ? '0 0 4px' : '0', fontWeight: index === 0 ? 600 : 400 }}>
                {line}
              </p>
            ))}
          </div>
        )}
        {visible.map((field) => (
          <FieldRow key={fieldKey(field)} field={field} channel={channel} error={shown(fieldKey(field))} env={env} />
        ))}
        {bff.card && <AcceptedBrands brands={bff.card.brands} label={t('card.accepted')} active={form.schemes} />}
        {saveMode === 'optional' && (
          <label class="lunas-check">
            <input type="checkbox" checked={checkout.state.saveChecked} data-testid="lunas-save-checkbox" disabled={checkout.state.submission !== null} onChange={(e) => checkout.setSave(e.currentTarget.checked)} />
            <span>{t('save.optional')}</span>
          </label>
        )}
        {saveMode === 'forced' && <p class="lunas-note" data-testid="lunas-save-forced">{t('save.forced')}</p>}
        {saveMode === 'session' && <p class="lunas-note" data-testid="lunas-save-session">{t('save.session')}</p>}
      </div>
    </div>
  );
}

function FieldRow({ field, channel, error, env }: { field: FormField; channel: UiChannel; error: FieldError | null; env: Env }) {
  const key = fieldKey(field);
  const id = `lunas-${channel.key}-${key}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const message = error ? (error.literal ? error.key : env.t(error.key as MessageKey, error.params)) : null;
  return (
    <>
      {field.group_label && <p class="lunas-group-label">{field.group_label}</p>}
      <div class="lunas-field" data-span={field.span} data-invalid={message !== null}>
        {isCardField(field) ? <CardField field={field} channel={channel} id={id} invalid={message !== null} /> : <NativeField field={field} channel={channel} id={id} invalid={message !== null} />}
        {message !== null && (
          <p class="lunas-error" id={`${id}-error`} data-testid={`lunas-error-${key}`}>
            {message}
          </p>
        )}
      </div>
    </>
  );
}

function AcceptedBrands({ brands, label, active }: { brands: { name: string; logo_url: string }[]; label: string; active: string[] | null }) {
  return (
    <div class="lunas-note" style={{ display: 'flex', gap: '6px', alignItems: 'center' }} aria-label={label} role="img">
      {brands.map((brand) => (
        <img key={brand.name} class="lunas-logo" style={{ width: '34px', height: '24px', opacity: active && active.length > 0 && !active.includes(brand.name) ? 0.3 : 1 }} src={brand.logo_url} alt={brand.name} title={brand.name} />
      ))}
    </div>
  );
}
