import type { FastifyInstance } from 'fastify';
import { DASHBOARD_CSP } from './pages.ts';

/** Where a new user (or a script) finds its way from: the dashboard, the API document. */
const LINKS = {
  dashboard: '/dashboard',
  openapi: '/openapi.json',
  health: '/healthz',
};

/**
 * `GET /`: a browser gets a small page of links; anything else gets the same links as JSON.
 * No credential is needed and nothing about any business is shown.
 */
export function homeRoute(app: FastifyInstance, version: string): void {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store').header('vary', 'Accept');
    if (!/\btext\/html\b/.test(request.headers.accept ?? '')) return { name: 'Lunas', version, ...LINKS };
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lunas ${version}</title></head>
<body><main><h1>Lunas ${version}</h1><p>A self-hosted, Xendit-compatible Payment Sessions server.</p>
<ul><li><a href="${LINKS.dashboard}">Dashboard</a>: sessions, deliveries and webhook endpoints of your business</li>
<li><a href="${LINKS.openapi}">OpenAPI document</a>: every route of the API</li>
</ul><p>Documentation: README.md and docs/ in the Lunas package.</p></main></body></html>
`;
    return reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', DASHBOARD_CSP).header('x-frame-options', 'DENY').send(html);
  });
}
