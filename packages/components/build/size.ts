/**
 * Prints the gzipped size of the core SDK bundle next to the official xendit-components-web
 * 0.0.24 ESM bundle, and fails when the core is over its budget (run by `npm test`, so CI checks it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSdk } from './build.ts';

const BUDGET_BYTES = 45 * 1024;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).length;

const sdk = await buildSdk();
const core = gz(sdk.files.get(sdk.esm)!.body);
const umd = gz(sdk.files.get(sdk.umd)!.body);
const require = createRequire(import.meta.url);
// `require` resolves the CommonJS entry (sdk/dist/cjs/index.cjs); the browser ESM bundle sits beside it.
const officialDist = path.resolve(path.dirname(require.resolve('xendit-components-web')), '..');
const official = gz(readFileSync(path.join(officialDist, 'esm-bundled/index.mjs')));

console.log(`@lunas/components core (ESM, gzip):   ${kb(core)}  (budget ${kb(BUDGET_BYTES)})`);
console.log(`@lunas/components core (UMD, gzip):   ${kb(umd)}`);
for (const [name, file] of sdk.files) if (file.immutable && !name.startsWith('lunas-components.')) console.log(`  lazy ${name}: ${kb(gz(file.body))}`);
console.log(`xendit-components-web 0.0.24 ESM bundle (gzip): ${kb(official)}`);
if (core > BUDGET_BYTES || umd > BUDGET_BYTES) {
  console.error(`The core bundle is over its ${kb(BUDGET_BYTES)} budget: move code a channel needs only sometimes into a lazy module (src/lazy/).`);
  process.exit(1);
}
