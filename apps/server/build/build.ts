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
 * Dependencies loaded from node_modules at run time: the database drivers (better-sqlite3 is
 * native; each is loaded only when a store of its kind opens) and pino-pretty (loaded only for
 * the pretty format). Everything else (Fastify and its plugins, pino, Kysely, TypeBox, AJV,
 * commander, …) is compiled into dist/: Node reads one file instead of hundreds of small
 * modules, most of a start (docs/performance.md, "Start"); undici becomes a chunk of its own,
 * loaded at the first webhook delivery.
 */
const RUNTIME_EXTERNAL = ['better-sqlite3', 'pg', 'pino-pretty'];
for (const name of RUNTIME_EXTERNAL) if (!(name in pkg.dependencies)) throw new Error(`${name} is loaded at run time: list it in dependencies`);
const started = Date.now();

mkdirSync(root('dist'), { recursive: true });
const [bundles] = await Promise.all([
  buildBrowserBundles(),
  build({
    entryPoints: { lunas: root('src/cli/index.ts') },
    outdir: root('dist'),
    // What is loaded only when needed (undici, at the first webhook) becomes a chunk of its own.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
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
