import { AlertBox, BrandMark, DecisionButtons, Icon, renderPage, Summary, wordsFor, type PageCommon } from './layout.tsx';

export type ProviderFamily = 'EWALLET' | 'DIRECT_DEBIT' | 'ONLINE_BANKING' | 'PAYLATER';

/**
 * Provider approval page for e-wallets, direct debit, online banking and paylater. For push
 * channels the real approval happens in the provider's app; this page stands in for the app.
 */
export function renderProviderPage(
  p: PageCommon & {
    formAction: string;
    merchantName: string;
    amount: string;
    channelName: string;
    family: ProviderFamily;
    push: boolean;
    error?: string;
  },
): string {
  const t = wordsFor(p.lang);
  const channel = p.channelName;
  const initial = Array.from(channel.trim())[0]?.toUpperCase() ?? '?';
  const heading = p.push ? t('provider.push.heading', { channel }) : t(`provider.${p.family}.heading`, { channel });
  const lead = p.push ? t('provider.push.lead', { channel, merchant: p.merchantName }) : t(`provider.${p.family}.lead`, { channel });
  return renderPage({
    lang: p.lang,
    brand: p.brand,
    title: p.push ? t('provider.push.title', { channel }) : heading,
    children: (
      <div class="card">
        <div class="brand">
          <BrandMark brand={p.brand}>
            <span class="badge" aria-hidden="true">
              {initial}
            </span>
          </BrandMark>
          <p class="eyebrow">{`${channel} · ${t(`provider.${p.family}.label`)}`}</p>
        </div>
        <h1>{heading}</h1>
        <p class="lead">{lead}</p>
        <Summary
          rows={[
            { label: t('sim.merchant'), value: p.merchantName },
            { label: t('sim.amount'), value: <span data-testid="lunas-amount">{p.amount}</span>, class: 'total' },
          ]}
        />
        {p.push && (
          <p class="callout">
            <Icon name="phone" size={20} />
            <span>{t('provider.push.callout', { channel })}</span>
          </p>
        )}
        <form method="post" action={p.formAction}>
          <AlertBox error={p.error} id="lunas-error" />
          <DecisionButtons approve={t('provider.approve')} decline={t('sim.decline')} cancel={t('provider.cancel')} />
        </form>
      </div>
    ),
  });
}
