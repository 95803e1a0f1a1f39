import { renderToString } from 'preact-render-to-string';
import { ACTION_COMPLETE_SCRIPT } from '../../channels/action-complete.ts';

/**
 * The markup of the Components pages that are not the secure iframe. The action-complete
 * page's style and script are fixed text, rendered raw so the script stays byte for byte the
 * one its CSP hash names; everything else goes through Preact's escaping.
 */
const ACTION_COMPLETE_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;color:#1f2937;background:#f9fafb}main{padding:24px;text-align:center}';

let actionCompleteHtml: string | undefined;

/** The landing page that tells the SDK an action iframe step is finished; rendered once. */
export function actionCompletePage(): string {
  actionCompleteHtml ??= `<!doctype html>${renderToString(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Payment step finished</title>
        <style dangerouslySetInnerHTML={{ __html: ACTION_COMPLETE_STYLE }} />
      </head>
      <body>
        <main>
          <h1 style="font-size:1.25rem">Payment step finished</h1>
          <p>You can return to the checkout.</p>
        </main>
        <script dangerouslySetInnerHTML={{ __html: ACTION_COMPLETE_SCRIPT }} />
      </body>
    </html>,
  )}`;
  return actionCompleteHtml;
}

/** A channel's stand-in logo: its first two letters on its brand colour. */
export function channelLogoSvg(name: string, color: string): string {
  const letters = name.replace(/[^A-Z0-9]/g, '').slice(0, 2);
  return renderToString(
    <svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48" role="img" aria-label={name}>
      <rect width="48" height="48" rx="10" fill={color} />
      <text x="24" y="30" font-family="system-ui,sans-serif" font-size="16" font-weight="700" fill="#fff" text-anchor="middle">
        {letters}
      </text>
    </svg>,
  );
}
