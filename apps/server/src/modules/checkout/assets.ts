/**
 * The hosted checkout's static assets, served from Lunas's own origin under content-hashed
 * names (`/checkout/assets/checkout-<hash>.mjs`, `.css`) so they can be cached forever:
 * - the page script, bundled from `client/` (bundles/: ahead of time in the package, at first
 *   use from the sources); the SDK it loads stays a separate file;
 * - the stylesheet (styles.ts) and the per-colour theme sheets (theme.ts).
 */
import { createHash } from 'node:crypto';
import { browserBundles, SDK_MODULE_PATH } from '../../bundles/served.ts';
import { CHECKOUT_CSS } from './styles.ts';
import { themeColorOf, themeCss, themeFile } from './theme.ts';

export const ASSET_PREFIX = '/checkout/assets/';
export { SDK_MODULE_PATH };

export interface Asset {
  body: string;
  contentType: string;
}

const hashOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 16);

export function checkoutAssets() {
  const css = { name: `checkout-${hashOf(CHECKOUT_CSS)}.css`, body: CHECKOUT_CSS };
  const clientScript = async () => (await browserBundles()).checkout;

  return {
    /** The stylesheets a page links to; the theme follows the merchant's brand colour. */
    styles: (brandColor: string) => ({ css: ASSET_PREFIX + css.name, theme: ASSET_PREFIX + themeFile(brandColor) }),

    /** The checkout page's script and the SDK it loads. */
    async scripts() {
      return { js: ASSET_PREFIX + (await clientScript()).name, sdk: SDK_MODULE_PATH };
    },

    /** Only the exact current names answer; anything else is a 404. */
    async find(file: string): Promise<Asset | undefined> {
      if (file === css.name) return { body: css.body, contentType: 'text/css; charset=utf-8' };
      const color = themeColorOf(file);
      if (color) return { body: themeCss(color), contentType: 'text/css; charset=utf-8' };
      if (/^checkout-[\w-]{16}\.mjs$/.test(file)) {
        const built = await clientScript();
        if (file === built.name) return { body: built.body, contentType: 'text/javascript; charset=utf-8' };
      }
      return undefined;
    },
  };
}

export type CheckoutAssets = ReturnType<typeof checkoutAssets>;
