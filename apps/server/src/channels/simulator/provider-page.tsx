import { AlertBox, DecisionButtons, Icon, renderPage, Summary, type PageCommon } from './layout.tsx';

export type ProviderFamily = 'EWALLET' | 'DIRECT_DEBIT' | 'ONLINE_BANKING' | 'PAYLATER';

const FAMILY: Record<ProviderFamily, { label: string; heading: (c: string) => string; lead: (c: string) => string }> = {
  EWALLET: {
    label: 'E-wallet',
    heading: (c) => `Pay with ${c}`,
    lead: (c) => `Log in to your ${c} wallet and confirm this payment.`,
  },
  DIRECT_DEBIT: {
    label: 'Direct debit',
    heading: (c) => `Authorise a debit from ${c}`,
    lead: (c) => `Allow this payment to be debited from your linked ${c} account.`,
  },
  ONLINE_BANKING: {
    label: 'Online banking',
    heading: (c) => `Pay with ${c} online banking`,
    lead: (c) => `Sign in to ${c} and approve the transfer.`,
  },
  PAYLATER: {
    label: 'PayLater',
    heading: (c) => `Pay later with ${c}`,
    lead: (c) => `Confirm this purchase with your ${c} credit limit.`,
  },
};

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
  const family = FAMILY[p.family];
  const channel = p.channelName;
  const initial = Array.from(channel.trim())[0]?.toUpperCase() ?? '?';
  const heading = p.push ? `Approve the payment in the ${channel} app` : family.heading(channel);
  const lead = p.push ? `${p.merchantName} sent a payment request to your ${channel} app.` : family.lead(channel);
  return renderPage({
    lang: p.lang,
    title: p.push ? `Approve in ${channel}` : heading,
    children: (
      <div class="card">
        <div class="brand">
          <span class="badge" aria-hidden="true">
            {initial}
          </span>
          <p class="eyebrow">{`${channel} · ${family.label}`}</p>
        </div>
        <h1>{heading}</h1>
        <p class="lead">{lead}</p>
        <Summary
          rows={[
            { label: 'Merchant', value: p.merchantName },
            { label: 'Amount', value: <span data-testid="lunas-amount">{p.amount}</span>, class: 'total' },
          ]}
        />
        {p.push && (
          <p class="callout">
            <Icon name="phone" size={20} />
            <span>{`This page stands in for the ${channel} app: approving here is the same as approving the push notification on your phone.`}</span>
          </p>
        )}
        <form method="post" action={p.formAction}>
          <AlertBox error={p.error} id="lunas-error" />
          <DecisionButtons approve="Approve payment" decline="Decline" cancel="Cancel and go back" />
        </form>
      </div>
    ),
  });
}
