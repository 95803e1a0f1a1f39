#!/usr/bin/env node
// The installed `lunas` command: compiled JavaScript (dist/, built by `npm run build`, shipped in
// the package), so a start transpiles nothing. From a source checkout, `npm run build` first;
// `npm run dev` runs the TypeScript sources directly.
let cli;
try {
  cli = await import('../dist/lunas.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/lunas.js')) throw error;
  process.stderr.write('lunas: this checkout has not been built yet: run `npm run build` (npm ci does it), or `npm run dev` to run the sources\n');
  process.exit(1);
}
await cli.main(process.argv.slice(2));
