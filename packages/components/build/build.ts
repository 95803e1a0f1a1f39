/**
 * Builds the served SDK (esbuild): the core as an ES module and as a script-tag bundle exposing
 * `LunasComponents`, plus the lazy modules (QR, barcode, phone numbers, mock mode) as separate
 * ES modules the core imports only when a channel needs them. File names carry a content hash
 * so they can be cached forever; the core also has a stable alias name.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

export interface SdkFile {
  name: string;
  body: string;
  contentType: string;
  /** Immutable (content-hashed) files may be cached for a year. */
  immutable: boolean;
}

export interface SdkBuild {
  files: Map<string, SdkFile>;
  /** Versioned names of the two core bundles. */
  esm: string;
  umd: string;
}

const SRC = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));
const LAZY = { qr: 'lazy/qr.ts', barcode: 'lazy/barcode.ts', phone: 'lazy/phone.ts', mock: 'mock/index.ts' } as const;
const JS = 'text/javascript; charset=utf-8';

const COMMON: BuildOptions = {
  bundle: true,
  write: false,
  minify: true,
  target: 'es2020',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  logLevel: 'silent',
  platform: 'browser',
};

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

async function bundle(entry: string, options: BuildOptions): Promise<string> {
  const result = await build({ ...COMMON, entryPoints: [SRC(entry)], ...options });
  return result.outputFiles![0]!.text;
}

export async function buildSdk(): Promise<SdkBuild> {
  const files = new Map<string, SdkFile>();
  const add = (name: string, body: string, immutable: boolean) => files.set(name, { name, body, contentType: JS, immutable });

  const chunks: Record<string, string> = {};
  for (const [name, entry] of Object.entries(LAZY)) {
    const body = await bundle(entry, { format: 'esm' });
    chunks[name] = `lunas-components-${name}.${hashOf(body)}.mjs`;
    add(chunks[name], body, true);
    // A copy of the SDK bundled into a merchant's own code knows only the stable names.
    add(`lunas-components-${name}.mjs`, body, false);
  }
  const define = { __LUNAS_CHUNKS__: JSON.stringify(chunks), __LUNAS_SERVED_BUILD__: 'true' };
  const esm = await bundle('index.ts', { format: 'esm', define });
  const umd = await bundle('umd.ts', { format: 'iife', globalName: 'LunasComponents', define, footer: { js: 'LunasComponents=LunasComponents.default;' } });
  const esmName = `lunas-components.${hashOf(esm)}.mjs`;
  const umdName = `lunas-components.${hashOf(umd)}.umd.js`;
  add(esmName, esm, true);
  add(umdName, umd, true);
  add('lunas-components.mjs', esm, false);
  add('lunas-components.umd.js', umd, false);
  return { files, esm: esmName, umd: umdName };
}
