import { WORDS, type Words } from './i18n.ts';
import type { CheckoutPageInput } from './page-input.ts';
import { JsonDataBlock, MerchantHeader, renderDocument } from './page-shell.tsx';

/** The page of an ACTIVE link: what is being paid for, and the form the page script fills in. */
export function renderCheckoutPage(p: CheckoutPageInput): string {
  const words = WORDS[p.locale];
  const saving = p.sessionType === 'SAVE';
  // A SUBSCRIPTION shows its cycle amount; linking the method starts the plan (docs/compatibility.md "Subscriptions").
  const subscribing = p.sessionType === 'SUBSCRIPTION';
  const heading = saving ? words.saveFor(p.merchant.name) : subscribing ? words.subscribeTo(p.merchant.name) : words.payTo(p.merchant.name);
  return renderDocument({
    lang: p.lang,
    locale: p.locale,
    title: `${heading} · ${words.checkout}`,
    assets: p.assets,
    head: <link rel="modulepreload" href={p.assets.sdk} />,
    tail: <JsonDataBlock id="checkout-config" value={p.config} />,
    children: (
      <>
        <a class="skip" href="#payment">
          {words.choosePayment}
        </a>
        <MerchantHeader merchant={p.merchant} />
        <main class="layout">
          <section class="panel summary" aria-labelledby="summary-title">
            <h1 id="summary-title">
              <span class="eyebrow">{heading}</span>
              {!saving && (
                <span class="amount" data-testid="checkout-amount">
                  {p.amount}
                </span>
              )}
            </h1>
            {p.description && (
              <p class="description" data-testid="checkout-description">
                {p.description}
              </p>
            )}
            <OrderSummary items={p.items} amount={p.amount} words={words} />
            <p class="expires" data-testid="checkout-expires">
              <Expiry words={words} at={p.expiresAt} text={p.expiresText} />
            </p>
          </section>
          <section class="panel payment" id="payment" tabIndex={-1} aria-labelledby="payment-title">
            <h2 id="payment-title">{words.choosePayment}</h2>
            <div id="checkout-form" class="form" data-testid="checkout-form" aria-busy="true">
              <p class="loading">{words.loading}</p>
            </div>
            <noscript>
              <p class="error">{words.noScript}</p>
            </noscript>
            <div id="checkout-error" class="error" role="alert" data-testid="checkout-error" hidden />
            {/* On a phone the bar stays at the bottom of the screen, so Pay shows without scrolling. */}
            <div class="pay-bar">
              <button id="checkout-pay" class="pay" type="button" data-testid="checkout-pay" disabled>
                {saving ? words.save : subscribing ? words.subscribe : words.pay(p.amount)}
              </button>
              <p id="checkout-status" class="status" role="status" aria-live="polite" data-testid="checkout-status" />
            </div>
            {/* Cancel asks first; a <details> needs no script and works with the keyboard. */}
            <details class="cancel-confirm" data-testid="checkout-cancel-confirm">
              <summary class="cancel" data-testid="checkout-cancel-open">
                {words.cancel}
              </summary>
              <form class="cancel-form" method="post" action={p.cancelAction}>
                <p>{words.cancelQuestion}</p>
                <button class="cancel-yes" type="submit" data-testid="checkout-cancel">
                  {words.cancelYes}
                </button>
              </form>
            </details>
          </section>
        </main>
      </>
    ),
  });
}

function OrderSummary({ items, amount, words }: { items: CheckoutPageInput['items']; amount: string; words: Words }) {
  if (!items.length) return null;
  return (
    <>
      <h2 class="visually-hidden">{words.orderSummary}</h2>
      <ul class="items" data-testid="checkout-items">
        {items.map((item) => (
          <li class="item">
            <span class="item-name">{item.name}</span>
            <span class="item-qty">{words.quantity(item.quantity)}</span>
            <span class="item-amount">{item.amount ?? ''}</span>
          </li>
        ))}
      </ul>
      <p class="total">
        <span>{words.total}</span>
        <span>{amount}</span>
      </p>
    </>
  );
}

const TIME_SLOT = '{time}';

/** "This link expires on …" in the page's language, the moment itself in a <time> element. */
function Expiry({ words, at, text }: { words: Words; at: string; text: string }) {
  const sentence = words.expires(TIME_SLOT);
  const slot = sentence.indexOf(TIME_SLOT);
  if (slot < 0) return <>{sentence}</>;
  return (
    <>
      {sentence.slice(0, slot)}
      <time datetime={at}>{text}</time>
      {sentence.slice(slot + TIME_SLOT.length)}
    </>
  );
}
