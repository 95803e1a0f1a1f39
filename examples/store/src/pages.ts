import type { OrderWithCapture } from './orders.ts';

/** The shop's HTML. Every value that comes from data goes through `html`'s escaping. */
export interface Product {
  sku: string;
  name: string;
  description: string;
  amount: number;
  currency: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escape = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Marks markup as safe so `html` does not escape it again. */
class Safe {
  constructor(readonly value: string) {}
  toString = () => this.value;
}
/** Tagged template: interpolated values are escaped, arrays are joined, nested `html` stays as is. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Safe {
  const render = (value: unknown): string => (value instanceof Safe ? value.value : Array.isArray(value) ? value.map(render).join('') : escape(value));
  return new Safe(strings.reduce((out, s, i) => out + s + (i < values.length ? render(values[i]) : ''), ''));
}

export const money = (amount: number, currency: string): string =>
  new Intl.NumberFormat('id-ID', { style: 'currency', currency, maximumFractionDigits: currency === 'IDR' ? 0 : 2 }).format(amount);

function layout(title: string, body: Safe, options: { refreshSeconds?: number } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.refreshSeconds ? html`<meta http-equiv="refresh" content="${options.refreshSeconds}">` : ''}
<title>${title} · Toko Lunas</title>
<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<header class="top"><a class="brand" href="/">Toko Lunas</a><nav><a href="/">Shop</a><a href="/orders">Orders</a></nav></header>
<main>${body}</main>
<footer>An example shop paying through Lunas in test mode. No money moves.</footer>
</body>
</html>`.value;
}

const TEST_CARD = html`<p class="hint">Test card <b>4000 0000 0000 1091</b> · <b>12/30</b> · CVN <b>123</b> · 3DS code <b>123456</b></p>`;

export const productPage = (product: Product): string =>
  layout(
    product.name,
    html`<article class="card product">
  <div class="art" aria-hidden="true"><svg viewBox="0 0 120 120"><rect x="30" y="22" width="60" height="82" rx="10" fill="#7c4a2d"/><rect x="30" y="22" width="60" height="18" rx="6" fill="#5b3420"/><circle cx="60" cy="72" r="16" fill="#f3e3c3"/><path d="M52 72c5-9 11-9 16 0" stroke="#7c4a2d" stroke-width="4" fill="none"/></svg></div>
  <div class="details">
    <h1 data-testid="product-name">${product.name}</h1>
    <p>${product.description}</p>
    <p class="price" data-testid="product-price">${money(product.amount, product.currency)}</p>
    <form method="post" action="/pay"><button class="primary" type="submit" data-testid="buy">Pay ${money(product.amount, product.currency)}</button></form>
    ${TEST_CARD}
  </div>
</article>`,
  );

/** The checkout: `@lunas/components` from Lunas renders the payment form; /static/checkout.js drives it. */
export function checkoutPage(order: OrderWithCapture, lunasUrl: string): string {
  const config = JSON.stringify({ sdkKey: order.sdk_key, lunasUrl, orderUrl: `/orders/${order.id}` }).replace(/</g, '\\u003c');
  return layout(
    'Checkout',
    html`<section class="card checkout">
  <h1>Checkout</h1>
  <div class="summary"><span>${order.product}</span><b data-testid="checkout-amount">${money(order.amount, order.currency)}</b></div>
  <p class="muted">Order <code>${order.id}</code></p>
  <div id="payment" data-testid="payment-form"></div>
  <p id="status" role="status" data-testid="checkout-status">Loading the payment form…</p>
  <button id="pay" class="primary" type="button" disabled data-testid="pay">Pay ${money(order.amount, order.currency)}</button>
  ${TEST_CARD}
</section>
<script type="application/json" id="checkout-config">${new Safe(config)}</script>
<script src="${lunasUrl}/sdk/lunas-components.umd.js"></script>
<script src="/static/checkout.js"></script>`,
  );
}

const badge = (status: string) => html`<span class="badge ${status.toLowerCase()}" data-testid="order-status">${status}</span>`;

function captureDetails(order: OrderWithCapture): Safe {
  const c = order.capture;
  if (!c) return html`<p class="muted">${order.status === 'PENDING' ? 'Waiting for the payment.' : 'No payment recorded.'}</p>`;
  return html`<dl class="capture">
  <dt>Payment</dt><dd data-testid="capture-payment-id"><code>${c.payment_id}</code></dd>
  <dt>Captured</dt><dd data-testid="capture-amount">${money(c.amount, c.currency)}</dd>
  <dt>Channel</dt><dd data-testid="capture-channel">${c.channel_code}</dd>
  ${c.masked_card_number ? html`<dt>Card</dt><dd data-testid="capture-card"><code>${c.masked_card_number}</code></dd>` : ''}
  <dt>At</dt><dd>${new Date(c.captured_at).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC</dd>
</dl>`;
}

export const orderPage = (order: OrderWithCapture): string =>
  layout(
    `Order ${order.id}`,
    html`<section class="card order" data-testid="order" data-order-id="${order.id}">
  <h1>${order.status === 'PAID' ? 'Thank you!' : order.status === 'PENDING' ? 'Confirming your payment…' : 'Order expired'}</h1>
  <div class="summary"><span>${order.product}</span><b>${money(order.amount, order.currency)}</b></div>
  <p>Order <code>${order.id}</code> ${badge(order.status)}</p>
  ${captureDetails(order)}
  ${order.status === 'PENDING' ? html`<p class="muted">This page refreshes until Lunas's webhook confirms the payment. <a href="/checkout/${order.id}">Back to checkout</a></p>` : ''}
  <p><a href="/orders">All orders</a></p>
</section>`,
    { refreshSeconds: order.status === 'PENDING' ? 2 : undefined },
  );

export const ordersPage = (orders: OrderWithCapture[]): string =>
  layout(
    'Orders',
    html`<section class="card">
  <h1>Orders</h1>
  ${orders.length === 0 ? html`<p class="muted">No orders yet. <a href="/">Buy something.</a></p>` : ''}
  <ul class="orders">${orders.map(
    (o) => html`<li data-testid="order-row" data-order-id="${o.id}">
    <div class="row-head"><a href="/orders/${o.id}"><code>${o.id}</code></a>${badge(o.status)}</div>
    <div class="row-body"><span>${o.product} · ${money(o.amount, o.currency)}</span><span class="muted">${o.created.slice(0, 16).replace('T', ' ')} UTC</span></div>
    ${o.capture ? html`<div class="row-capture" data-testid="order-capture">${o.capture.channel_code}${o.capture.masked_card_number ? html` · <code>${o.capture.masked_card_number}</code>` : ''} · ${money(o.capture.amount, o.capture.currency)} · <code>${o.capture.payment_id}</code></div>` : ''}
  </li>`,
  )}</ul>
</section>`,
  );

export const errorPage = (title: string, message: string): string => layout(title, html`<section class="card"><h1>${title}</h1><p>${message}</p><p><a href="/">Back to the shop</a></p></section>`);
