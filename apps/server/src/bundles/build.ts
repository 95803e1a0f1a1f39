/**
 * Builds every browser bundle Lunas serves, with esbuild: the @lunas/components SDK files, the
 * hosted checkout's page script and the secure card-field script. The package build
 * (build/build.ts) runs this once and ships the result as `dist/bundles.json`; a process running
 * from the TypeScript sources (tests, `npm run dev`) runs it at first use instead.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { buildSdk } from '@lunas/components/build';
import { bundleSecureFieldScript } from '@lunas/secure-fields/build';
import { SDK_MODULE_PATH, type BundlesManifest } from './served.ts';

const hashOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 16);

async function bundleCheckoutClient(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../modules/checkout/client/checkout.ts', import.meta.url))],
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

export async function buildBrowserBundles(): Promise<BundlesManifest> {
  const [sdk, checkout, secureField] = await Promise.all([buildSdk(), bundleCheckoutClient(), bundleSecureFieldScript()]);
  return {
    // Compressed here, once: brotli at full quality costs ~100 ms per file, too slow for a first request.
    sdk: [...sdk.files.values()].map((file) => ({
      ...file,
      br: brotliCompressSync(file.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64'),
      gzip: gzipSync(file.body, { level: 9 }).toString('base64'),
    })),
    checkout: { name: `checkout-${hashOf(checkout)}.mjs`, body: checkout },
    secureField,
  };
}
