import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { webhookSender } from '../src/modules/webhooks/http.ts';

/**
 * The webhook sender's bounds (issue 19 replaced the AbortSignal per request with undici's
 * timeouts and one timer for the body): a receiver that never answers, or answers and never
 * ends its body, costs at most the timeout; a long answer is read to its end and its
 * connection is used again.
 */
describe('webhook sender', () => {
  let server: http.Server;
  let url: string;
  const sockets = new Set<unknown>();
  const pending = new Set<http.ServerResponse>();
  const paths: string[] = [];
  const sender = webhookSender(true, 2000);
  before(async () => {
    server = http.createServer((req, res) => {
      paths.push(req.url!);
      req.resume();
      req.on('end', () => {
        pending.add(res);
        if (req.url === '/silent') return;
        if (req.url === '/trickle') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          const drip = setInterval(() => res.write('.'), 50);
          res.on('close', () => clearInterval(drip));
          return;
        }
        // Past the kept 1 KB, in two parts: a reader that stops at the limit would cut the connection.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('x'.repeat(2000));
        setTimeout(() => res.end('y'.repeat(2000)), 20);
      });
    });
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await sender.close();
    for (const res of pending) res.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a long answer is read to its end, and its connection is used again', async () => {
    // A sender of its own: the timeouts below leave the shared one's pool in any state.
    const fresh = webhookSender(true, 2000);
    try {
      const connectionsBefore = sockets.size;
      for (let i = 0; i < 2; i++) {
        const result = await fresh.send(`${url}/long`, {}, '{}', 1000);
        assert.equal(result.statusCode, 200);
        assert.equal(result.error, null);
        // Loopback is inside: its answer is read, never kept (webhook-response-echo.test.ts).
        assert.equal(result.responseBody, null);
        // undici frees the connection a moment after the body ends; sent at once, the second
        // request would open another one whatever the first did.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.equal(sockets.size - connectionsBefore, 1, 'one new connection for both');
    } finally {
      await fresh.close();
    }
  });

  test('each URL reaches its own path and query, the same URL again included', async () => {
    // URLs are parsed once and kept (http.ts, targetCache): the kept one must be the URL's own.
    paths.length = 0;
    for (const target of ['/hook?tenant=a', '/hook?tenant=b', '/other/hook', '/hook?tenant=a', '/hook?tenant=a#ignored']) {
      assert.equal((await sender.send(`${url}${target}`, {}, '{}', 1000)).statusCode, 200);
    }
    assert.deepEqual(paths, ['/hook?tenant=a', '/hook?tenant=b', '/other/hook', '/hook?tenant=a', '/hook?tenant=a']);
  });

  for (const [path, receiver] of [
    ['/silent', 'never answers'],
    ['/trickle', 'answers and never ends its body'],
  ] as const) {
    test(`a receiver that ${receiver}: no response within the timeout`, async () => {
      const started = Date.now();
      const result = await sender.send(`${url}${path}`, {}, '{}', 400);
      assert.equal(result.statusCode, null);
      assert.match(result.error!, /no response within 400 ms/);
      assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    });
  }
});
