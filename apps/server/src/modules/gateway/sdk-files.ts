import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildSdk, type SdkFile } from '@lunas/components/build';
import { lazyBuild } from '../../lazy-build.ts';

/**
 * Serves @lunas/components: `/sdk/lunas-components.mjs` (ES module), `/sdk/lunas-components.umd.js`
 * (script tag, global `LunasComponents`), their content-hashed twins, and the lazy modules the
 * core imports on demand. Built once per process, at the first request, from the workspace source.
 * The files are public code: any origin may load them (module scripts and `import()` need CORS).
 */
interface ServedFile extends SdkFile {
  /** Compressed once, at build time: the core is ~105 KB as text and ~30 KB compressed. */
  br: Buffer;
  gzip: Buffer;
}

const served = lazyBuild<Map<string, ServedFile>>();
const sdkBuild = () =>
  served('sdk', async () => {
    const sdk = await buildSdk();
    return new Map([...sdk.files].map(([name, file]) => [name, { ...file, br: brotliCompressSync(file.body), gzip: gzipSync(file.body, { level: 9 }) }]));
  });

export async function sdkFiles(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { file: string } }>('/sdk/:file', { schema: { hide: true } }, async (request, reply) => {
    const file = (await sdkBuild()).get(request.params.file);
    if (!file) return reply.status(404).send({ error_code: 'NOT_FOUND', message: `No SDK file named ${request.params.file}; load /sdk/lunas-components.mjs or /sdk/lunas-components.umd.js`, errors: [] });
    reply
      .header('content-type', file.contentType)
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate')
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'Accept-Encoding');
    const accepted = String(request.headers['accept-encoding'] ?? '');
    if (/\bbr\b/.test(accepted)) return reply.header('content-encoding', 'br').send(file.br);
    if (/\bgzip\b/.test(accepted)) return reply.header('content-encoding', 'gzip').send(file.gzip);
    return reply.send(file.body);
  });
}
