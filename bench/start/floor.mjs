// The floor of bench/start: a bare Fastify server started the same way as Lunas (`node <entry>`),
// answering /healthz and serving one precompressed file, with nothing else: no store, no schemas.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const app = Fastify();
const sdk = readFileSync(new URL('../../apps/server/dist/lunas.js', import.meta.url));
app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/sdk/:file', async (_request, reply) => reply.header('content-type', 'text/javascript').send(sdk.subarray(0, 100_000)));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
