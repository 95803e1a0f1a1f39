import type { BffChannel, BffResponse, XenditGetChannelsOptions, XenditPaymentChannel, XenditPaymentChannelGroup } from './types.ts';

/**
 * The channels the customer chooses from. A brand offered twice in one group, once to pay
 * without saving and once to save, is one choice toggled by the save checkbox (§2.3 BffChannel).
 */
export interface UiChannel {
  key: string;
  /** The channel used when not saving, and the one used when saving (may be the same object). */
  payOnly: BffChannel | undefined;
  saving: BffChannel | undefined;
  group: string;
  public: XenditPaymentChannel;
}

export function buildChannels(data: BffResponse): { channels: UiChannel[]; groups: XenditPaymentChannelGroup[] } {
  const byBrand = new Map<string, BffChannel[]>();
  for (const channel of data.channels) {
    const key = `${channel.ui_group}\u0000${channel.brand_name}`;
    byBrand.set(key, [...(byBrand.get(key) ?? []), channel]);
  }
  const groups = new Map<string, XenditPaymentChannelGroup & { channels: XenditPaymentChannel[] }>();
  for (const group of data.channel_ui_groups) groups.set(group.id, { groupId: group.id, label: group.label, channels: [] });

  const channels: UiChannel[] = [];
  for (const members of byBrand.values()) {
    const pairable = members.length === 2 && members.some((c) => c.allow_save && !c.allow_pay_without_save) && members.some((c) => !c.allow_save);
    const sets = pairable ? [members] : members.map((c) => [c]);
    for (const set of sets) {
      const first = set[0]!;
      const group = groups.get(first.ui_group);
      if (!group) continue; // a channel must name a listed group
      const payOnly = set.find((c) => c.allow_pay_without_save);
      const saving = set.find((c) => c.allow_save);
      const codes = set.map((c) => c.channel_code);
      const publicChannel: XenditPaymentChannel = {
        channelCode: codes.length === 1 ? codes[0]! : codes,
        brandName: first.brand_name,
        brandColor: first.brand_color,
        brandLogoUrl: first.brand_logo_url,
        uiGroup: group,
        ...(first.min_amount !== undefined ? { minAmount: first.min_amount } : {}),
        ...(first.max_amount !== undefined ? { maxAmount: first.max_amount } : {}),
        ...(first.card ? { cardBrands: first.card.brands.map((b) => ({ name: b.name, logoUrl: b.logo_url })) } : {}),
      };
      group.channels.push(publicChannel);
      channels.push({ key: codes.join('+'), payOnly, saving, group: first.ui_group, public: publicChannel });
    }
  }
  return { channels, groups: [...groups.values()].filter((g) => g.channels.length > 0) };
}

/** Whether the amount is inside the channel's limits (SAVE sessions have none). */
export function withinLimits(channel: XenditPaymentChannel, amount: number, sessionType: string): boolean {
  if (sessionType !== 'PAY') return true;
  return (channel.minAmount === undefined || amount >= channel.minAmount) && (channel.maxAmount === undefined || amount <= channel.maxAmount);
}

export function matchesFilter(channel: XenditPaymentChannel, filter: XenditGetChannelsOptions['filter']): boolean {
  const codes = Array.isArray(channel.channelCode) ? channel.channelCode : [channel.channelCode];
  if (filter instanceof RegExp) return codes.some((code) => filter.test(code));
  const wanted = Array.isArray(filter) ? filter : [filter];
  return codes.some((code) => wanted.includes(code));
}
