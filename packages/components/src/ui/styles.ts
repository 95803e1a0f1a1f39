/**
 * The SDK's stylesheet. It lives in the `lunas` cascade layer, so any unlayered merchant rule
 * wins without fighting specificity, and it is adopted through CSSOM (constructable
 * stylesheets), which a strict Content-Security-Policy without 'unsafe-inline' still allows.
 * The custom properties are the official SDK's `--xendit-*` names, so theming carries over.
 */
const CSS = `@layer lunas {
:root{--xendit-font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Thai",sans-serif;--xendit-color-primary:#1d4ed8;--xendit-color-text:#111827;--xendit-color-text-secondary:#4b5563;--xendit-color-text-placeholder:#6b7280;--xendit-color-disabled:#f3f4f6;--xendit-color-danger:#b91c1c;--xendit-color-border:#d1d5db;--xendit-color-background:#fff;--xendit-focus-shadow:0 0 0 3px rgba(29,78,216,.35);--xendit-animation-duration:.15s;--xendit-animation-ease:ease-out;--xendit-radius-1:8px;--xendit-z-index-focus:1;--xendit-z-index-overlay:2147483000;--xendit-qr-foreground-color:#000;--xendit-qr-background-color:#fff;--xendit-channel-brand-color:#1f2937}
.lunas-root{font-family:var(--xendit-font-family);color:var(--xendit-color-text);font-size:16px;line-height:1.45;box-sizing:border-box}
.lunas-root *,.lunas-root *::before,.lunas-root *::after{box-sizing:inherit}
.lunas-sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.lunas-groups{border:1px solid var(--xendit-color-border);border-radius:var(--xendit-radius-1);background:var(--xendit-color-background);overflow:hidden}
.lunas-group+.lunas-group{border-top:1px solid var(--xendit-color-border)}
.lunas-group-head{display:flex;align-items:center;gap:12px;width:100%;padding:14px 16px;border:0;background:none;font:inherit;font-weight:600;color:inherit;text-align:left;cursor:pointer;min-height:52px}
.lunas-group-head:focus-visible,.lunas-btn:focus-visible,.lunas-choice:focus-within,.lunas-input:focus,.lunas-card-frame:focus-within{outline:none;box-shadow:var(--xendit-focus-shadow);position:relative;z-index:var(--xendit-z-index-focus)}
.lunas-group-head[aria-expanded=true]{background:var(--xendit-color-disabled)}
.lunas-group-head .lunas-chevron{margin-left:auto;transition:transform var(--xendit-animation-duration) var(--xendit-animation-ease)}
.lunas-group-head[aria-expanded=true] .lunas-chevron{transform:rotate(180deg)}
.lunas-logo{width:auto;height:32px;min-width:32px;max-width:96px;border-radius:6px;border:1px solid var(--xendit-color-border);object-fit:contain;background:#fff;flex:none}
.lunas-logos{display:flex;gap:4px;margin-left:8px;min-width:0;overflow:hidden}.lunas-logos .lunas-logo{height:24px;min-width:24px;max-width:96px}
.lunas-group-body{padding:12px 16px 16px}
.lunas-choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:0 0 12px;padding:0;border:0}
.lunas-choice{display:flex;align-items:center;gap:8px;padding:10px;border:1px solid var(--xendit-color-border);border-radius:var(--xendit-radius-1);cursor:pointer;background:var(--xendit-color-background)}
.lunas-choice input{margin:0;accent-color:var(--xendit-color-primary)}
.lunas-choice[data-selected=true]{border-color:var(--xendit-color-primary);box-shadow:inset 0 0 0 1px var(--xendit-color-primary)}
.lunas-choice[data-disabled=true]{opacity:.55;cursor:not-allowed}
.lunas-form{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.lunas-field{grid-column:span 2;display:flex;flex-direction:column;gap:4px;min-width:0}
.lunas-field[data-span="1"]{grid-column:span 1}
.lunas-group-label{grid-column:span 2;margin:4px 0 0;font-size:14px;font-weight:600}
.lunas-label{font-size:14px;font-weight:500;color:var(--xendit-color-text)}
.lunas-label small{font-weight:400;color:var(--xendit-color-text-secondary)}
.lunas-input,.lunas-card-frame{width:100%;min-height:44px;padding:10px 12px;border:1px solid var(--xendit-color-border);border-radius:var(--xendit-radius-1);background:var(--xendit-color-background);font:inherit;color:inherit}
.lunas-input::placeholder{color:var(--xendit-color-text-placeholder)}
.lunas-card-frame{padding:0;overflow:hidden;display:flex}
.lunas-card-frame iframe{border:0;width:100%;height:44px;display:block}
.lunas-field[data-invalid=true] .lunas-input,.lunas-field[data-invalid=true] .lunas-card-frame{border-color:var(--xendit-color-danger)}
.lunas-error{margin:0;font-size:13px;color:var(--xendit-color-danger)}
.lunas-phone{display:flex;gap:8px}.lunas-phone select{flex:0 0 6.5em}
.lunas-check{display:flex;gap:10px;align-items:flex-start;grid-column:span 2;font-size:14px;cursor:pointer}
.lunas-check input{width:18px;height:18px;margin:2px 0 0;accent-color:var(--xendit-color-primary)}
.lunas-note{grid-column:span 2;margin:0;font-size:14px;color:var(--xendit-color-text-secondary)}
.lunas-alert{margin:0 0 12px;padding:12px 14px;border-radius:var(--xendit-radius-1);background:#fef2f2;border:1px solid #fecaca;color:var(--xendit-color-danger);font-size:14px}
.lunas-alert p{margin:0}.lunas-alert p:first-child{font-weight:600}
.lunas-status{padding:24px 16px;text-align:center;border:1px solid var(--xendit-color-border);border-radius:var(--xendit-radius-1);background:var(--xendit-color-background)}
.lunas-status h2{margin:0 0 6px;font-size:20px}.lunas-status p{margin:0;color:var(--xendit-color-text-secondary)}
.lunas-btn{display:inline-flex;align-items:center;justify-content:center;gap:8px;min-height:44px;padding:10px 16px;border-radius:var(--xendit-radius-1);border:1px solid var(--xendit-color-border);background:var(--xendit-color-background);color:var(--xendit-color-text);font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
.lunas-btn-primary{background:var(--xendit-channel-brand-color);border-color:transparent;color:#fff}
.lunas-btn[disabled]{opacity:.6;cursor:progress}
.lunas-action{display:flex;flex-direction:column;gap:14px;text-align:center;align-items:center}
.lunas-action h2{margin:0;font-size:19px;max-width:100%;overflow-wrap:anywhere}.lunas-dialog .lunas-action h2{padding:0 36px}.lunas-action p{margin:0;color:var(--xendit-color-text-secondary)}
.lunas-action-frame{width:100%;height:min(600px,80vh);height:min(600px,80dvh);border:0;border-radius:var(--xendit-radius-1);background:#fff}
.lunas-code{display:flex;align-items:center;gap:8px;justify-content:center;flex-wrap:wrap}
.lunas-code output{font:600 22px/1.2 ui-monospace,SFMono-Regular,Menlo,monospace;letter-spacing:.06em;word-break:break-all}
.lunas-amount{font-size:18px;font-weight:600;color:var(--xendit-color-text)}
.lunas-qr svg,.lunas-qr img{width:min(260px,70vw);height:auto;display:block;background:var(--xendit-qr-background-color)}
.lunas-barcode svg{max-width:100%;height:auto}
.lunas-tabs{width:100%;text-align:left}.lunas-tabs details{border:1px solid var(--xendit-color-border);border-radius:var(--xendit-radius-1);padding:10px 14px;margin-top:8px}
.lunas-tabs summary{font-weight:600;cursor:pointer}.lunas-tabs ol{margin:8px 0 0;padding-left:20px;color:var(--xendit-color-text-secondary)}
.lunas-row{display:flex;gap:8px;flex-wrap:wrap;justify-content:center}
.lunas-test{font-size:13px;color:#92400e;background:#fffbeb;border:1px solid #fde68a;border-radius:6px;padding:4px 8px}
.lunas-spinner{width:28px;height:28px;border-radius:50%;border:3px solid var(--xendit-color-border);border-top-color:var(--xendit-color-primary);animation:lunas-spin 1s linear infinite}
@keyframes lunas-spin{to{transform:rotate(360deg)}}
@media (prefers-reduced-motion:reduce){.lunas-spinner{animation-duration:3s}}
.lunas-modal{position:fixed;inset:0;margin:0;z-index:var(--xendit-z-index-overlay);display:grid;place-items:center;background:rgba(17,24,39,.55);padding:12px}
.lunas-dialog{position:relative;width:min(440px,100%);max-height:calc(100vh - 24px);max-height:calc(100dvh - 24px);overflow:auto;background:var(--xendit-color-background);border-radius:12px;padding:20px 16px 16px;box-shadow:0 20px 50px rgba(0,0,0,.3)}
.lunas-dialog-close{position:absolute;top:8px;right:8px;width:36px;height:36px;min-height:0;padding:0;border:0;font-size:22px;line-height:1}
.lunas-dialog[data-frame=true]{display:flex;flex-direction:column;height:min(720px,calc(100vh - 24px));height:min(720px,calc(100dvh - 24px));overflow:hidden}
.lunas-dialog[data-frame=true] .lunas-action{flex:1;min-height:0;gap:10px}
.lunas-dialog[data-frame=true] .lunas-action h2{padding:0 40px}
.lunas-dialog[data-frame=true] .lunas-action-frame{flex:1;min-height:0;height:auto}
@media (max-width:480px){.lunas-form{grid-template-columns:1fr}.lunas-field[data-span="1"]{grid-column:span 2}.lunas-dialog{padding:16px 10px 10px}
.lunas-modal:has(.lunas-dialog[data-frame=true]){padding:0}
.lunas-dialog[data-frame=true]{width:100%;height:100vh;height:100dvh;max-height:none;border-radius:0;padding:12px 0 0}
.lunas-dialog[data-frame=true] .lunas-action-frame{border-radius:0}}
}`;

let installed = false;

export function installStyles(): void {
  if (installed || typeof document === 'undefined') return;
  installed = true;
  if ('adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    document.adoptedStyleSheets = [sheet, ...document.adoptedStyleSheets];
    return;
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  document.head.prepend(style);
}
