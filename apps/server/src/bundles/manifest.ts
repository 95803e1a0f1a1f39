/** What the browser bundles are, shared by the builder (build.ts) and the server that serves them (served.ts). */

/** Lunas's own SDK, served by Lunas; the checkout script imports it by this absolute path. */
export const SDK_MODULE_PATH = '/sdk/lunas-components.mjs';

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
  /** The dashboard's Preact app (modules/dashboard/client). */
  dashboard: { name: string; body: string };
  /** The field script, still carrying the pinning-key marker that render.ts fills in. */
  secureField: string;
}

/**
 * `dist/bundles/manifest.json`: which files there are. Each body sits beside it in a file of
 * its own (with `.br` and `.gz` twins for the SDK), read at its first request: a first SDK
 * request reads ~30 KB, not every bundle.
 */
export interface BundlesManifest {
  sdk: { name: string; file: string; contentType: string; immutable: boolean }[];
  checkout: { name: string; file: string };
  dashboard: { name: string; file: string };
  secureField: string;
}
