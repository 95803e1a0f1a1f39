import { CHECKOUT_CSS } from '../checkout/styles.ts';

/**
 * The hosted checkout's own rules for its merchant header and Pay button, scoped under
 * .checkout-preview: the branding page's preview is drawn with them, so it cannot drift from the page.
 */
const CHECKOUT_PREVIEW_CSS = CHECKOUT_CSS.split('\n')
  .filter((line) => /^\.(merchant|logo|monogram|merchant-name|pay)[{:]/.test(line))
  .map((line) => `.checkout-preview ${line}`)
  .join('\n');

/**
 * The dashboard's one stylesheet, served from Lunas's origin (the CSP allows no inline style).
 * Contrast meets WCAG AA (axe-core checks it in test/e2e/dashboard.test.ts); below 600 px the
 * tables become stacked cards, so every page reads at 375 px.
 */
export const DASHBOARD_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#f6f7f9;overflow-wrap:anywhere}
a{color:#0b57d0}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:8px}
.skip:focus{left:8px}
header.top{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;padding:10px 16px;background:#14213d;color:#fff}
header.top a{color:#fff}
header.top .brand{font-weight:700;font-size:17px;margin-right:auto}
header.top nav{display:flex;flex-wrap:wrap;gap:12px}
header.top nav a[aria-current=page]{text-decoration:underline 3px;text-underline-offset:5px}
header.top label{font-size:13px}
header.top select{max-width:200px}
.test-mode{background:#fff4d6;color:#4a3500;padding:4px 16px;font-size:13px}
main{padding:16px;max-width:1100px;margin:0 auto}
main:focus{outline:none}
table+form,table+p{margin-top:12px}
h1{font-size:22px;margin:8px 0 16px}
h2{font-size:18px;margin:24px 0 8px}
.filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin-bottom:12px}
.filters label{display:flex;flex-direction:column;font-size:13px;gap:2px}
input,select,button{font:inherit;min-height:36px}
input,select{padding:4px 8px;border:1px solid #6b7280;border-radius:6px;background:#fff;color:#1b1f24}
button{padding:4px 14px;border:1px solid #0b57d0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#0b57d0}
button.danger{background:#b3261e;border-color:#b3261e}
button:disabled{opacity:.6;cursor:default}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d0d5dd}
th,td{text-align:left;padding:8px;border-bottom:1px solid #e4e7ec;vertical-align:top;overflow-wrap:anywhere}
th{font-size:13px;color:#374151;background:#f0f2f5}
.status{display:inline-block;white-space:nowrap;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#e4e7ec;color:#1b1f24}
.status.COMPLETED,.status.SUCCEEDED,.status.DELIVERED,.status.ok{background:#d1f0dc;color:#0b4d23}
.status.FAILED,.status.fail{background:#fbd9d6;color:#7a1810}
.status.ACTIVE,.status.PENDING,.status.REQUIRES_ACTION{background:#dbe7fb;color:#0b3a82}
.pager{display:flex;gap:8px;margin-top:12px}
.note{color:#4b5563;font-size:13px}
.error{color:#9b1c13;font-weight:600}
.live{font-size:13px;color:#0b4d23}
.card{background:#fff;border:1px solid #d0d5dd;border-radius:8px;padding:12px 16px;margin-bottom:12px}
.card>h2:first-child{margin-top:4px}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dl.facts dt{color:#4b5563}
dl.facts dd{margin:0;overflow-wrap:anywhere}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #c7cdd6}
ol.timeline>li{position:relative;margin:0 0 12px 0;padding:8px 12px 8px 16px;background:#fff;border:1px solid #e4e7ec;border-radius:6px;margin-left:12px}
ol.timeline .when{font-size:12px;color:#4b5563}
ul.attempts{margin:6px 0 0;padding-left:18px;font-size:13px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f0f2f5;padding:6px;border-radius:4px;font-size:12px;max-height:160px;overflow:auto}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.signin{max-width:380px;margin:10vh auto;background:#fff;border:1px solid #d0d5dd;border-radius:10px;padding:24px}
.signin form{display:flex;flex-direction:column;gap:12px}
.signin label{display:flex;flex-direction:column;gap:4px;font-weight:600}
.plain{list-style:none;padding:0;margin:0}
.plain>li{background:#fff;border:1px solid #e4e7ec;border-radius:6px;padding:8px 12px;margin-bottom:8px}
ul.links{display:flex;flex-wrap:wrap;gap:4px 16px;list-style:none;padding:0;margin:10px 0 0}
.branding{display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));align-items:start}
.stack{display:flex;flex-direction:column;gap:12px}
.stack label{display:flex;flex-direction:column;gap:4px;font-weight:600}
.checkout-preview{background:#f3f4f6;border:1px solid #d0d5dd;border-radius:8px;color:#111827;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.checkout-preview a{color:var(--accent)}
.checkout-preview .preview-body{background:#fff;border-radius:14px;margin:8px 16px 16px;padding:16px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:600px){
 table,thead,tbody,tr,th,td{display:block}
 thead{position:absolute;left:-9999px}
 tr{border-bottom:2px solid #d0d5dd;padding:6px 0}
 td{border:0;padding:3px 8px}
 td[data-label]::before{content:attr(data-label) ": ";font-weight:600;color:#374151}
 main{padding:10px}
}
${CHECKOUT_PREVIEW_CSS}
`;
