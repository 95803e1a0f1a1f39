import type { FastifyInstance } from 'fastify';
import { browserBundles } from '../../bundles/served.ts';

/**
 * Serves @lunas/components: `/sdk/lunas-components.mjs` (ES module), `/sdk/lunas-components.umd.js`
 * (script tag, global `LunasComponents`), their content-hashed twins, and the lazy modules the
 * core imports on demand, precompressed (bundles/served.ts: built ahead of time in the package).
 * The files are public code: any origin may load them (module scripts and `import()` need CORS).
 */

export async function sdkFiles(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { file: string } }>('/sdk/:file', { schema: { hide: true } }, async (request, reply) => {
    const file = (await browserBundles()).sdk.get(request.params.file);
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
