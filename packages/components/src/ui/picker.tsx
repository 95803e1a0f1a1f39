import { withinLimits, type UiChannel } from '../channels.ts';
import type { MessageKey } from '../i18n/index.ts';
import { ChannelForm } from './channel-form.tsx';
import { useEnv } from './context.ts';
import { StatusView } from './status.tsx';

/**
 * The channel picker: one accordion section per UI group (cards, e-wallets, bank transfer, …),
 * and inside the open one, a choice of provider followed by its form. Native buttons and radio
 * inputs, so it works with a keyboard and announces itself to screen readers.
 */
export function Picker() {
  const { checkout, t } = useEnv();
  const { state } = checkout;
  if (state.phase !== 'ready' || state.session?.status !== 'ACTIVE') return <StatusView />;
  const session = state.session;
  const usable = (channel: UiChannel) => withinLimits(channel.public, session.amount, session.session_type);
  const groups = state.groups.filter((group) => state.channels.some((c) => c.group === group.groupId && usable(c)));
  if (groups.length === 0) return <p class="lunas-note">{t('picker.empty')}</p>;
  const openGroup = state.current?.group ?? null;
  const busy = state.submission !== null;

  return (
    <div class="lunas-groups" role="group" aria-label={t('picker.label')} data-testid="lunas-channel-picker" tabIndex={-1} data-lunas-focus-return>
      {groups.map((group) => {
        const channels = state.channels.filter((c) => c.group === group.groupId && usable(c));
        const open = openGroup === group.groupId;
        const bodyId = `lunas-group-${group.groupId}`;
        const label = t(`group.${group.groupId}` as MessageKey);
        return (
          <section class="lunas-group" key={group.groupId}>
            <button
              type="button"
              class="lunas-group-head"
              aria-expanded={open}
              aria-controls={bodyId}
              disabled={busy}
              data-testid={`lunas-group-${group.groupId}`}
              onClick={() => checkout.select(open ? null : channels[0]!)}
            >
              <span>{label === `group.${group.groupId}` ? group.label : label}</span>
              <span class="lunas-logos" aria-hidden="true">
                {/* One mark per brand: variants of a brand (GoPay, GoPay Recurring) share one mark URL. */}
                {channels
                  .filter((c, i) => channels.findIndex((other) => other.public.brandLogoUrl === c.public.brandLogoUrl) === i)
                  .slice(0, 4)
                  .map((c) => (
                    <img class="lunas-logo" src={c.public.brandLogoUrl} alt="" key={c.key} />
                  ))}
              </span>
              <span class="lunas-chevron" aria-hidden="true">▾</span>
            </button>
            {open && (
              <div class="lunas-group-body" id={bodyId}>
                {channels.length > 1 && <ChannelChoices channels={channels} />}
                {state.current && <ChannelForm channel={state.current} />}
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}

function ChannelChoices({ channels }: { channels: UiChannel[] }) {
  const { checkout, t } = useEnv();
  const current = checkout.state.current;
  return (
    <fieldset class="lunas-choices">
      <legend class="lunas-sr">{t('channel.choose')}</legend>
      {channels.map((channel) => {
        const code = checkout.channelFor(channel).channel_code;
        return (
          <label class="lunas-choice" key={channel.key} data-selected={channel === current} data-testid={`lunas-channel-${code}`}>
            <input type="radio" name="lunas-channel" checked={channel === current} disabled={checkout.state.submission !== null} onChange={() => checkout.select(channel)} />
            <img class="lunas-logo" src={channel.public.brandLogoUrl} alt="" />
            <span>{channel.public.brandName}</span>
          </label>
        );
      })}
    </fieldset>
  );
}
