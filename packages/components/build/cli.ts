/**
 * `npm run build -w @lunas/components`: writes the SDK files a merchant can host themselves
 * (the core as ES module and script-tag bundle, the lazy modules, hashed and stable names) to
 * dist/. The server does not use these: it builds the same files into its own bundles.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSdk } from './build.ts';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const sdk = await buildSdk();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
for (const file of sdk.files.values()) writeFileSync(`${dist}${file.name}`, file.body);
console.log(`wrote ${sdk.files.size} files to packages/components/dist/ (core: ${sdk.esm}, ${sdk.umd})`);
