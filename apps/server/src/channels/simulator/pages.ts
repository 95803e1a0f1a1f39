/**
 * Server-rendered pages of the test-mode acquirer: the 3DS ACS challenge, the provider
 * approval page (e-wallets, direct debit, online banking, paylater) and the result page.
 *
 * Merchants drive these from their own browser tests, so the pages are deliberately boring:
 * plain HTML forms that work with JavaScript disabled, stable `data-testid` hooks, and no
 * script or external resource at all, which lets the server send the strict SIMULATOR_CSP.
 * Every render function is pure; the pages are Preact components rendered to a string
 * (layout.tsx, acs-page.tsx, provider-page.tsx, result-page.tsx), so every value is escaped.
 */
import { ACTION_COMPLETE_SCRIPT_HASH } from '../action-complete.ts';

export type { PageCommon } from './layout.tsx';
export { renderAcsPage } from './acs-page.tsx';
export { renderProviderPage, type ProviderFamily } from './provider-page.tsx';
export { renderResultPage, type ResultOutcome } from './result-page.tsx';
/** The ACS outcomes a test card may offer; the first is the default. */
export { ACS_OUTCOMES, type AcsOutcome } from './cards.ts';

/**
 * Content-Security-Policy for every simulator page.
 * - `default-src 'none'`: the pages load nothing (no script, font, image, frame or fetch).
 * - `img-src data:`: the merchant's logo (branding), inlined as a data: URL; nothing is fetched.
 * - `style-src 'unsafe-inline'`: the inline <style> (and the brand colour's one rule); a nonce would buy nothing as no
 *   untrusted markup can reach the page (everything is escaped) and no script can run.
 * - `form-action 'self' https:`: the forms post to the server itself, which then 303-redirects
 *   to the merchant's return URL; browsers check form-action on those redirects too, and
 *   return URLs are always https (docs/compatibility.md).
 * - `frame-ancestors *`: the pages run inside the Components SDK's action iframe on whatever
 *   origin the merchant configured (including http://localhost), so no X-Frame-Options either.
 * - `base-uri 'none'`: a relative form action can never be re-rooted by an injected <base>.
 * - `script-src '<hash>'`: the one script allowed is the result page's notice to the Components
 *   SDK that an action iframe step is done (action-complete.ts); nothing else can run.
 */
export const SIMULATOR_CSP = `default-src 'none'; script-src '${ACTION_COMPLETE_SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src data:; form-action 'self' https:; frame-ancestors *; base-uri 'none'`;
