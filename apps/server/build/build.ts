/**
 * The package build (`npm run build`, also run by `npm ci` through `prepare`): the server as one
 * compiled ES module, `dist/lunas.js`, and every browser bundle it serves, `dist/bundles/`.
 * The installed package runs these with plain `node`: no tsx, no esbuild, no build at first request.
 *
 * Third-party dependencies stay external (the package's `dependencies`, installed beside it);
 * the workspace packages (@lunas/secure-fields, @lunas/components) are compiled in.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildBrowserBundles, writeBrowserBundles } from '../src/bundles/build.ts';

const root = (file: string) => fileURLToPath(new URL(`../${file}`, import.meta.url));
const pkg = JSON.parse(readFileSync(root('package.json'), 'utf8')) as { dependencies: Record<string, string> };

/**
 * Dependencies loaded from node_modules at run time: a native module, and those that find
 * files of their own at run time (pino's transports, Fastify's plugins). Everything else (Kysely,
 * TypeBox, undici, AJV, commander, …) is compiled into dist/lunas.js: Node loads one file
 * instead of hundreds of small ES modules, which halves the start (docs/performance.md).
 */
const RUNTIME_EXTERNAL = Object.keys(pkg.dependencies);
const started = Date.now();

mkdirSync(root('dist'), { recursive: true });
const [bundles] = await Promise.all([
  buildBrowserBundles(),
  build({
    entryPoints: [root('src/cli/index.ts')],
    outfile: root('dist/lunas.js'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Only `dependencies` are installed with the package: anything else must be compiled in.
    external: RUNTIME_EXTERNAL,
    // Compiled-in CommonJS modules still call require() for Node's built-ins.
    banner: { js: "import { createRequire as __lunasCreateRequire } from 'node:module'; const require = __lunasCreateRequire(import.meta.url);" },
    // Drops the from-source branch of bundles/served.ts, and esbuild with it.
    define: { __LUNAS_PREBUILT__: 'true' },
    minifySyntax: true,
    minifyWhitespace: true,
    // The licence notices of the compiled-in libraries, at the end of the file.
    legalComments: 'eof',
    logLevel: 'warning',
    metafile: true,
  }).then((result) => {
    // What the output holds (metafile.inputs also lists files reached only from dropped branches).
    const inputs = Object.values(result.metafile!.outputs).flatMap((output) => Object.keys(output.inputs));
    const strays = inputs.filter((file) => /(^|\/)(bundles\/build\.ts|node_modules\/esbuild\/)/.test(file));
    if (strays.length) throw new Error(`the server bundle must not contain build-time code: ${strays.join(', ')}`);
    return result;
  }),
]);
const manifest = writeBrowserBundles(bundles, root('dist/bundles'));
rmSync(root('dist/bundles.json'), { force: true }); // the single-file layout of earlier builds
console.log(`built dist/lunas.js and dist/bundles/ (${manifest.sdk.length} SDK files) in ${Date.now() - started} ms`);
