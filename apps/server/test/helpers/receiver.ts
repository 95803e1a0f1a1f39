import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A merchant's webhook endpoint for tests: records every request, answers as told. */
export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { event: string; business_id: string; created: string; data: Record<string, any>; api_version: string };
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Decides each answer; default 200. May wait to simulate a slow receiver. */
  respond: (request: Received) => Promise<{ status: number; headers?: Record<string, string>; body?: string }> | { status: number; headers?: Record<string, string>; body?: string };
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/webhooks'): Promise<Receiver> {
  const waiters: { count: number; resolve: () => void }[] = [];
  const receiver: Receiver = {
    url: '',
    received: [],
    respond: () => ({ status: 200, body: 'ok' }),
    waitFor(count, timeoutMs = 10_000) {
      if (receiver.received.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${receiver.received.length} of ${count} webhooks arrived`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', async () => {
      const entry: Received = { headers: req.headers, body, json: JSON.parse(body), at: Date.now() };
      receiver.received.push(entry);
      for (const waiter of [...waiters]) if (receiver.received.length >= waiter.count) waiter.resolve();
      const answer = await receiver.respond(entry);
      if (res.destroyed) return;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
