/**
 * The hosted checkout's HTML, rendered on the server so that everything but the payment form
 * (merchant, amount, order, expiry, results) reads well before, or without, any script. Pure
 * functions: Preact components rendered to a string (page-shell.tsx, checkout-page.tsx,
 * result-page.tsx), so every value is escaped. The page's one script is a same-origin module
 * (`script-src 'self'`); its settings travel in a non-executable JSON data block.
 */
export type { CheckoutPageInput, MerchantLook, PageAssets, ResultPageInput, ResultStatus } from './page-input.ts';
export { safeHref } from './page-shell.tsx';
export { renderCheckoutPage } from './checkout-page.tsx';
export { renderResultPage, renderUnavailablePage } from './result-page.tsx';
