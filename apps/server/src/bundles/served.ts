/**
 * The browser bundles Lunas serves (SDK, hosted-checkout script, secure card field), loaded once
 * per process. The installed package reads them from `dist/bundles.json`, built ahead of time, so
 * no request waits for a build and the package needs no esbuild; a process running from the
 * TypeScript sources builds them at first use (build.ts), so a change to the SDK shows without a
 * package build.
 */
import { readFileSync } from 'node:fs';
import { lazyBuild } from '../lazy-build.ts';

/** `true` in the package build (esbuild `define`); undeclared when running from the TypeScript sources. */
declare const __LUNAS_PREBUILT__: boolean;

/** Lunas's own SDK, served by Lunas; the checkout script imports it by this absolute path. */
export const SDK_MODULE_PATH = '/sdk/lunas-components.mjs';

/** What the build writes (JSON: compressed bodies as base64). */
export interface BundlesManifest {
  sdk: { name: string; body: string; contentType: string; immutable: boolean; br: string; gzip: string }[];
  checkout: { name: string; body: string };
  /** The field script, still carrying the pinning-key marker that render.ts fills in. */
  secureField: string;
}

export interface ServedFile {
  name: string;
  body: string;
  contentType: string;
  /** Immutable (content-hashed) files may be cached for a year. */
  immutable: boolean;
  br: Buffer;
  gzip: Buffer;
}

export interface BrowserBundles {
  sdk: Map<string, ServedFile>;
  checkout: { name: string; body: string };
  secureField: string;
}

function fromManifest(manifest: BundlesManifest): BrowserBundles {
  return {
    sdk: new Map(manifest.sdk.map((file) => [file.name, { ...file, br: Buffer.from(file.br, 'base64'), gzip: Buffer.from(file.gzip, 'base64') }])),
    checkout: manifest.checkout,
    secureField: manifest.secureField,
  };
}

async function load(): Promise<BrowserBundles> {
  if (typeof __LUNAS_PREBUILT__ === 'boolean') return fromManifest(JSON.parse(readFileSync(new URL('./bundles.json', import.meta.url), 'utf8')) as BundlesManifest);
  // From the sources only. A computed specifier, so the package build does not compile the
  // builder (and esbuild) into dist/lunas.js.
  const builder = new URL('./build.ts', import.meta.url).href;
  const { buildBrowserBundles } = (await import(builder)) as typeof import('./build.ts');
  return fromManifest(await buildBrowserBundles());
}

const once = lazyBuild<BrowserBundles>();

/** Every bundle, loaded (or built) at the first call; concurrent first calls share one load. */
export const browserBundles = (): Promise<BrowserBundles> => once('bundles', load);
