/**
 * The simulator's one stylesheet, inlined into every page so the pages need no external
 * resource (the CSP is `default-src 'none'`). Colours come in light/dark pairs chosen for
 * WCAG AA contrast (≥ 4.5:1 for text, ≥ 3:1 for borders and focus rings) on their background.
 * Icons are inline <svg> elements, never `url(data:…)` backgrounds, which `img-src` would block.
 */
export const SIMULATOR_CSS = `
:root{color-scheme:light dark;
--bg:#f1f3f7;--card:#fff;--text:#111827;--muted:#4b5563;--border:#cfd5df;--soft:#f6f7fa;
--accent:#4338ca;--accent-hover:#3730a3;--on-accent:#fff;--focus:#2563eb;
--danger:#b91c1c;--danger-bg:#fef2f2;--success:#047857;--success-bg:#ecfdf5;
--info:#1d4ed8;--info-bg:#eff6ff;--neutral:#4b5563;--neutral-bg:#eef0f4;
--warn-bg:#fef3c7;--warn-text:#78350f;--warn-edge:#d97706;
--radius:16px;--ctl:10px;--shadow:0 1px 2px rgb(16 24 40/.06),0 12px 32px -8px rgb(16 24 40/.14)}
@media (prefers-color-scheme:dark){:root{
--bg:#0b1020;--card:#151b2e;--text:#eef1f6;--muted:#a7b0c0;--border:#334059;--soft:#1c2439;
--accent:#a5b4fc;--accent-hover:#c7d2fe;--on-accent:#111a3a;--focus:#93c5fd;
--danger:#fca5a5;--danger-bg:#3a1418;--success:#6ee7b7;--success-bg:#0d2e25;
--info:#93c5fd;--info-bg:#102446;--neutral:#cbd5e1;--neutral-bg:#222b3f;
--warn-bg:#3d2506;--warn-text:#fde68a;--warn-edge:#b45309;--shadow:0 12px 32px -8px rgb(0 0 0/.6)}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;min-height:100dvh;display:flex;flex-direction:column;background:var(--bg);color:var(--text);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","Noto Sans","Liberation Sans",Arial,sans-serif;
-webkit-font-smoothing:antialiased}
svg{flex:none}
.banner{display:flex;align-items:center;justify-content:center;flex-wrap:wrap;gap:.25rem .5rem;padding:.625rem 1rem;
background:var(--warn-bg);color:var(--warn-text);border-bottom:2px solid var(--warn-edge);font-size:.875rem;text-align:center}
.banner strong{letter-spacing:.06em;display:inline-flex;align-items:center;gap:.375rem}
.page{flex:1;display:grid;place-items:center;padding:2rem 1rem}
.card{width:100%;max-width:27rem;background:var(--card);border:1px solid var(--border);border-radius:var(--radius);
box-shadow:var(--shadow);padding:1.75rem 1.75rem 1.5rem}
.brand{display:flex;align-items:center;gap:.75rem;margin-bottom:1.25rem}
.badge{width:2.5rem;height:2.5rem;border-radius:12px;display:grid;place-items:center;background:var(--accent);color:var(--on-accent);
font-weight:700;font-size:1.125rem}
.logo{height:2.5rem;width:auto;max-width:8rem;object-fit:contain;flex:none}
.eyebrow{margin:0;font-size:.8125rem;font-weight:600;color:var(--muted);letter-spacing:.04em;text-transform:uppercase;overflow-wrap:anywhere}
h1{font-size:1.375rem;line-height:1.3;letter-spacing:-.01em;margin:0 0 .375rem;overflow-wrap:anywhere}
.lead{margin:0;color:var(--muted);overflow-wrap:anywhere}
.summary{margin:1.25rem 0 1.5rem;padding:.875rem 1rem;border-radius:12px;background:var(--soft);border:1px solid var(--border);display:grid;gap:.5rem}
/* Rows wrap the value under its label before breaking inside it, so amounts stay whole. */
.summary div{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;column-gap:1rem;min-width:0}
.summary dt{color:var(--muted);font-size:.9375rem}
.summary dd{margin:0 0 0 auto;font-weight:600;text-align:right;min-width:0;overflow-wrap:break-word}
.summary .total dd{font-size:1.25rem;font-variant-numeric:tabular-nums}
.mono,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
code{background:var(--soft);border:1px solid var(--border);border-radius:6px;padding:.05em .35em;font-size:.9em;color:var(--text)}
.field{margin:0 0 1.125rem}
label{display:block;font-weight:600;margin:0 0 .375rem}
input,select{display:block;width:100%;min-height:3rem;font:inherit;color:var(--text);background:var(--card);
border:1px solid var(--border);border-radius:var(--ctl);padding:.625rem .875rem}
input.otp{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:1.5rem;letter-spacing:.35em;text-align:center}
input:hover,select:hover{border-color:var(--muted)}
[aria-invalid="true"]{border-color:var(--danger);border-width:2px}
.hint{margin:.375rem 0 0;font-size:.875rem;color:var(--muted)}
.alert{display:flex;gap:.625rem;align-items:flex-start;margin:0 0 1.125rem;padding:.75rem .875rem;border-radius:var(--ctl);
background:var(--danger-bg);color:var(--danger);border:1px solid currentColor;font-weight:500;overflow-wrap:anywhere}
.alert svg{margin-top:.2rem}
.callout{display:flex;gap:.75rem;align-items:flex-start;margin:0 0 1.25rem;padding:.75rem .875rem;border-radius:var(--ctl);
background:var(--info-bg);color:var(--text);font-size:.9375rem}
.callout svg{color:var(--info);margin-top:.15rem}
.actions{display:grid;gap:.625rem;margin-top:1.5rem}
.btn{display:flex;align-items:center;justify-content:center;width:100%;min-height:3rem;padding:.625rem 1rem;border-radius:var(--ctl);
font:inherit;font-weight:600;cursor:pointer;text-decoration:none;border:1px solid transparent;text-align:center}
.btn-primary{background:var(--accent);color:var(--on-accent)}
.btn-primary:hover{background:var(--accent-hover)}
.btn-danger{background:var(--card);color:var(--danger);border-color:var(--border)}
.btn-danger:hover{background:var(--danger-bg);border-color:var(--danger)}
.btn-quiet{background:transparent;color:var(--muted);text-decoration:underline;text-underline-offset:.2em;min-height:2.75rem}
.btn-quiet:hover{color:var(--text)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.result{text-align:center}
.status{width:3.75rem;height:3.75rem;border-radius:50%;display:grid;place-items:center;margin:.25rem auto 1rem}
.status-success{background:var(--success-bg);color:var(--success)}
.status-failure{background:var(--danger-bg);color:var(--danger)}
.status-canceled{background:var(--neutral-bg);color:var(--neutral)}
.status-info{background:var(--info-bg);color:var(--info)}
.foot{padding:0 1rem 1.5rem;text-align:center;font-size:.8125rem;color:var(--muted)}
@media (max-width:480px){.page{padding:1.25rem .75rem;place-items:start center}.card{padding:1.375rem 1.125rem 1.125rem;border-radius:14px}
h1{font-size:1.25rem}}
/* Phones and short frames (the SDK's 3DS pop-up): everything tightens so the primary action
   shows without scrolling at 375×667; the banner keeps its warning, the footer goes. */
@media (max-width:480px),(max-height:760px){
.banner{padding:.375rem .75rem;font-size:.8125rem}.banner span{display:none}
.page{padding:.625rem .625rem 1rem;place-items:start center}
.card{padding:1rem 1rem .875rem;border-radius:14px}
.brand{margin-bottom:.5rem;gap:.5rem}.logo{height:2rem}.badge{width:2rem;height:2rem;border-radius:10px;font-size:1rem}
h1{font-size:1.1875rem;margin-bottom:.25rem}.lead{font-size:.9375rem;line-height:1.4}
.summary{margin:.75rem 0;padding:.5rem .75rem;gap:.125rem}.summary .total dd{font-size:1.125rem}
.field{margin-bottom:.75rem}label{margin-bottom:.25rem}input,select{min-height:2.75rem;padding:.5rem .75rem}
input.otp{font-size:1.25rem}.hint{font-size:.8125rem;margin-top:.25rem}
.alert,.callout{margin-bottom:.75rem;padding:.5rem .75rem;font-size:.875rem}
.actions{margin-top:.75rem;gap:.375rem}.btn{min-height:2.75rem;padding:.5rem 1rem}.btn-quiet{min-height:2.5rem}
.status{width:3rem;height:3rem;margin-bottom:.5rem}
.foot{display:none}}
@media (forced-colors:active){.btn,.alert,.card{border:1px solid CanvasText}}
`;
