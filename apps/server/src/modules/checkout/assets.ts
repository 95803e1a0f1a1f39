/**
 * The hosted checkout's static assets, served from Lunas's own origin under content-hashed
 * names (`/checkout/assets/checkout-<hash>.mjs`, `.css`) so they can be cached forever:
 * - the page script, bundled from `client/` by esbuild at first use and kept in memory
 *   (lazy-build.ts, as for the SDK and the card iframe); the SDK it loads stays a separate file;
 * - the stylesheet (styles.ts) and the per-colour theme sheets (theme.ts).
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lazyBuild } from '../../lazy-build.ts';
import { CHECKOUT_CSS } from './styles.ts';
import { themeColorOf, themeCss, themeFile } from './theme.ts';

export const ASSET_PREFIX = '/checkout/assets/';
/** Lunas's own SDK, served by Lunas; the checkout script imports it by this absolute path. */
export const SDK_MODULE_PATH = '/sdk/lunas-components.mjs';

export interface Asset {
  body: string;
  contentType: string;
}

const hashOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 16);

async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./client/checkout.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    logLevel: 'silent',
    external: [SDK_MODULE_PATH],
  });
  const script = result.outputFiles[0]?.text;
  if (!script) throw new Error('esbuild produced no checkout script');
  return script;
}

export function checkoutAssets() {
  const css = { name: `checkout-${hashOf(CHECKOUT_CSS)}.css`, body: CHECKOUT_CSS };
  const script = lazyBuild<{ name: string; body: string }>();
  const clientScript = () => script('checkout', async () => {
    const body = await bundleClient();
    return { name: `checkout-${hashOf(body)}.mjs`, body };
  });

  return {
    /** The stylesheets a page links to; the theme follows the merchant's brand colour. */
    styles: (brandColor: string) => ({ css: ASSET_PREFIX + css.name, theme: ASSET_PREFIX + themeFile(brandColor) }),

    /** The checkout page's script (built at the first call) and the SDK it loads. */
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
