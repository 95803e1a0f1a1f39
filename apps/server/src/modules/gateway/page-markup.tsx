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
