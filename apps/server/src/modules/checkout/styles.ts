/**
 * The hosted checkout's stylesheet, served from Lunas's origin (`style-src 'self'`). Mobile
 * first: one column on phones; from 880 px the order summary and the payment form sit side by
 * side. Colours come from the theme sheet (theme.ts): --brand, --on-brand, --accent.
 */
export const CHECKOUT_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Thai",sans-serif;color:#111827;background:#f3f4f6;min-height:100vh;display:flex;flex-direction:column}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:8px;top:-48px;padding:8px 12px;background:#fff;border-radius:6px;z-index:10}
.skip:focus{top:8px}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.test-banner{display:flex;flex-wrap:wrap;gap:4px 10px;justify-content:center;align-items:center;padding:6px 16px;font-size:13px;background:#fef3c7;color:#78350f;border-bottom:1px solid #fcd34d}
.test-banner strong{text-transform:uppercase;letter-spacing:.04em}
.merchant{display:flex;align-items:center;gap:12px;max-width:1040px;width:100%;margin:0 auto;padding:20px 16px 8px}
.logo{height:40px;width:auto;max-width:160px;object-fit:contain}
.monogram{display:inline-grid;place-items:center;width:40px;height:40px;border-radius:10px;background:var(--brand);color:var(--on-brand);font-weight:700;font-size:18px}
.merchant-name{font-weight:600;font-size:17px}
.layout{flex:1;display:grid;gap:16px;max-width:1040px;width:100%;margin:0 auto;padding:8px 16px 24px;align-items:start}
.panel{background:#fff;border-radius:14px;box-shadow:0 1px 2px rgba(0,0,0,.06),0 1px 8px rgba(0,0,0,.04);padding:20px}
.eyebrow{display:block;font-size:14px;font-weight:500;color:#4b5563;margin-bottom:2px}
h1{margin:0;font-size:inherit}
.amount{display:block;font-size:30px;font-weight:700;letter-spacing:-.01em;line-height:1.2;overflow-wrap:anywhere}
.description{margin:12px 0 0;color:#374151;overflow-wrap:anywhere}
h2{font-size:16px;margin:0 0 12px}
.items{list-style:none;margin:16px 0 0;padding:0;border-top:1px solid #e5e7eb}
.item{display:grid;grid-template-columns:1fr auto;gap:2px 12px;padding:10px 0;border-bottom:1px solid #e5e7eb}
.item-name{font-weight:500;overflow-wrap:anywhere}
.item-qty{grid-row:2;color:#4b5563;font-size:14px}
.item-amount{grid-row:1/3;grid-column:2;align-self:center;font-variant-numeric:tabular-nums}
.total{display:flex;justify-content:space-between;gap:12px;padding:12px 0 0;font-weight:700}
.expires{margin:14px 0 0;font-size:14px;color:#4b5563}
.form{min-height:120px}
/* The page shows a failed attempt's message by its Pay button (#checkout-error); the SDK's copy inside the form would repeat it. */
#checkout-form [data-testid="lunas-submission-error"]{display:none}
.loading{color:#4b5563;margin:8px 0}
.error{margin:14px 0 0;padding:12px 14px;border-radius:8px;background:#fef2f2;color:#7f1d1d;border:1px solid #fecaca}
.error strong{display:block;margin-bottom:2px}
.error p{margin:0}
.pay{display:flex;justify-content:center;align-items:center;gap:8px;width:100%;min-height:52px;margin-top:18px;padding:12px 16px;border:0;border-radius:10px;font:inherit;font-weight:700;font-size:17px;background:var(--brand);color:var(--on-brand);cursor:pointer;text-decoration:none;text-align:center}
.pay:hover:not(:disabled){filter:brightness(.94)}
.pay:disabled{background:#d1d5db;color:#374151;cursor:not-allowed}
.status{min-height:1.5em;margin:8px 0 0;font-size:14px;color:#4b5563;text-align:center}
.cancel-confirm{margin:4px 0 0;text-align:center}
.cancel-confirm summary{display:inline-block;list-style:none}.cancel-confirm summary::-webkit-details-marker{display:none}
.cancel-form{margin:8px 0 0;padding:12px;border-radius:10px;background:#f9fafb;border:1px solid #e5e7eb}
.cancel-form p{margin:0 0 10px;color:#374151}
.cancel-yes{min-height:44px;padding:10px 16px;border-radius:8px;border:1px solid #b91c1c;background:#fff;color:#b91c1c;font:inherit;font-weight:600;cursor:pointer}
.cancel{background:none;border:0;padding:10px 12px;font:inherit;font-size:15px;color:#4b5563;text-decoration:underline;cursor:pointer;border-radius:6px}
.cancel:hover{color:#111827}
.foot{padding:16px;text-align:center;font-size:13px;color:#4b5563}
.result{flex:1;max-width:552px;width:100%;margin:0 auto;padding:24px 16px;text-align:center}
.result .panel{padding:32px 24px}
.result-icon{display:inline-grid;place-items:center;width:56px;height:56px;border-radius:50%;margin-bottom:12px}
.result-COMPLETED .result-icon{background:#dcfce7;color:#166534}
.result-EXPIRED .result-icon,.result-CANCELED .result-icon,.result-NOT_FOUND .result-icon{background:#f3f4f6;color:#374151}
.result h1{font-size:22px;margin-bottom:6px}
.result p{margin:0;color:#374151}
.result dl{margin:20px 0 0;display:grid;grid-template-columns:auto 1fr;gap:6px 12px;text-align:left;padding:14px;border-radius:10px;background:#f9fafb}
.result dt{color:#4b5563}
.result dd{margin:0;text-align:right;font-weight:600;overflow-wrap:anywhere}
@media (max-width:879px){
body:has(.pay-bar){padding-bottom:96px}
.pay-bar{position:fixed;left:0;right:0;bottom:0;z-index:5;padding:10px 16px calc(10px + env(safe-area-inset-bottom,0px));background:rgba(255,255,255,.97);border-top:1px solid #e5e7eb;box-shadow:0 -4px 16px rgba(0,0,0,.06)}
.pay-bar .pay{margin-top:0}
.pay-bar .status{margin:6px 0 0}.pay-bar .status:empty{display:none}
}
@media (min-width:880px){
.layout{grid-template-columns:minmax(0,5fr) minmax(0,6fr);gap:24px;padding-top:16px}
.summary{position:sticky;top:16px}
.panel{padding:28px}
.amount{font-size:36px}
}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}
`;
