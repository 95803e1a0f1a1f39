/**
 * The browser bundles Lunas serves (SDK, hosted-checkout script, secure card field), loaded once
 * per process. The installed package reads them from `dist/bundles/`, built ahead of time, so
 * no request waits for a build and the package needs no esbuild; a process running from the
 * TypeScript sources builds them at first use (build.ts), so a change to the SDK shows without a
 * package build.
 */
import { readFileSync } from 'node:fs';
import { lazyBuild } from '../lazy-build.ts';
import type { BrowserBundles, BundlesManifest, ServedFile } from './manifest.ts';

export { SDK_MODULE_PATH, type BrowserBundles, type ServedFile } from './manifest.ts';

/** `true` in the package build (esbuild `define`); undeclared when running from the TypeScript sources. */
declare const __LUNAS_PREBUILT__: boolean;

/** A value read from disk at its first use, then kept. */
function onFirstUse<T>(read: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= read());
}

function fromDirectory(dir: URL): BrowserBundles {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as BundlesManifest;
  const bytes = (file: string) => readFileSync(new URL(file, dir));
  const sdk = new Map<string, ServedFile>();
  for (const entry of manifest.sdk) {
    const body = onFirstUse(() => bytes(entry.file).toString('utf8'));
    const br = onFirstUse(() => bytes(`${entry.file}.br`));
    const gzip = onFirstUse(() => bytes(`${entry.file}.gz`));
    sdk.set(entry.name, {
      name: entry.name,
      contentType: entry.contentType,
      immutable: entry.immutable,
      get body() {
        return body();
      },
      get br() {
        return br();
      },
      get gzip() {
        return gzip();
      },
    });
  }
  const checkout = onFirstUse(() => bytes(manifest.checkout.file).toString('utf8'));
  const dashboard = onFirstUse(() => bytes(manifest.dashboard.file).toString('utf8'));
  const secureField = onFirstUse(() => bytes(manifest.secureField).toString('utf8'));
  return {
    sdk,
    checkout: {
      name: manifest.checkout.name,
      get body() {
        return checkout();
      },
    },
    dashboard: {
      name: manifest.dashboard.name,
      get body() {
        return dashboard();
      },
    },
    get secureField() {
      return secureField();
    },
  };
}

async function load(): Promise<BrowserBundles> {
  if (typeof __LUNAS_PREBUILT__ === 'boolean') return fromDirectory(new URL('./bundles/', import.meta.url));
  // From the sources only. A computed specifier, so the package build does not compile the
  // builder (and esbuild) into dist/lunas.js.
  const builder = new URL('./build.ts', import.meta.url).href;
  const { buildBrowserBundles } = (await import(builder)) as typeof import('./build.ts');
  return buildBrowserBundles();
}

const once = lazyBuild<BrowserBundles>();

/** Every bundle, loaded (or built) at the first call; concurrent first calls share one load. */
export const browserBundles = (): Promise<BrowserBundles> => once('bundles', load);
