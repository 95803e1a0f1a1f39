/**
 * Builds every browser bundle Lunas serves, with esbuild: the @lunas/components SDK files, the
 * hosted checkout's page script, the dashboard's app and the secure card-field script. The package build
 * (build/build.ts) runs this once and ships the result as `dist/bundles/` (writeBrowserBundles); a process running
 * from the TypeScript sources (tests, `npm run dev`) runs it at first use instead.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { buildSdk } from '@lunas/components/build';
import { bundleSecureFieldScript } from '@lunas/secure-fields/build';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SDK_MODULE_PATH, type BrowserBundles, type BundlesManifest } from './manifest.ts';

const hashOf = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64url').slice(0, 16);

/** A page script from Lunas's sources: the hosted checkout's, or the dashboard's Preact app. */
async function bundlePageScript(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
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
    jsx: 'automatic',
    jsxImportSource: 'preact',
  });
  const script = result.outputFiles[0]?.text;
  if (!script) throw new Error(`esbuild produced no script for ${entry}`);
  return script;
}

export async function buildBrowserBundles(): Promise<BrowserBundles> {
  const [sdk, checkout, dashboard, secureField] = await Promise.all([
    buildSdk(),
    bundlePageScript('../modules/checkout/client/checkout.ts'),
    bundlePageScript('../modules/dashboard/client/app.tsx'),
    bundleSecureFieldScript(),
  ]);
  return {
    // Compressed here, once: brotli at full quality costs ~100 ms per file, too slow for a first request.
    sdk: new Map(
      [...sdk.files.values()].map((file) => [
        file.name,
        { ...file, br: brotliCompressSync(file.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), gzip: gzipSync(file.body, { level: 9 }) },
      ]),
    ),
    checkout: { name: `checkout-${hashOf(checkout)}.mjs`, body: checkout },
    dashboard: { name: `dashboard-${hashOf(dashboard)}.mjs`, body: dashboard },
    secureField,
  };
}

/** Writes the bundles as `dir/manifest.json` and one file per body (served.ts reads them back). */
export function writeBrowserBundles(bundles: BrowserBundles, dir: string): BundlesManifest {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'sdk'), { recursive: true });
  const manifest: BundlesManifest = { sdk: [], checkout: { name: bundles.checkout.name, file: 'checkout.mjs' }, dashboard: { name: bundles.dashboard.name, file: 'dashboard.mjs' }, secureField: 'secure-field.js' };
  // The stable alias names carry the same bytes as their hashed twins: one file each.
  const files = new Map<string, string>();
  for (const file of bundles.sdk.values()) {
    const key = hashOf(file.body);
    let stored = files.get(key);
    if (!stored) {
      stored = `sdk/${key}.js`;
      files.set(key, stored);
      writeFileSync(path.join(dir, stored), file.body);
      writeFileSync(path.join(dir, `${stored}.br`), file.br);
      writeFileSync(path.join(dir, `${stored}.gz`), file.gzip);
    }
    manifest.sdk.push({ name: file.name, file: stored, contentType: file.contentType, immutable: file.immutable });
  }
  writeFileSync(path.join(dir, manifest.checkout.file), bundles.checkout.body);
  writeFileSync(path.join(dir, manifest.dashboard.file), bundles.dashboard.body);
  writeFileSync(path.join(dir, manifest.secureField), bundles.secureField);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}
