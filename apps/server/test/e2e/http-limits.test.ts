import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { basicAuth, startLunas, type LunasProcess } from '../helpers/process.ts';
import { DIALECTS, freshStoreTarget, type StoreTarget } from '../helpers/stores.ts';

/**
 * The connection limits of a started `lunas` (docs/security.md, "Limits"), over raw sockets:
 * what a slow or hostile client can hold, and that early answers come before the body.
 * Runs the compiled dist/lunas.js: `npm run build` after changing src.
 */
const KEY = 'xnd_development_http_limits_0001';
const BODY_LIMIT = 4096;
const MAX_CONNECTIONS = 25;

/** Every socket a test opens, destroyed in `after` whatever happened. */
const sockets = new Set<net.Socket>();

interface Exchange {
  /** Everything the server sent. */
  text: string;
  /** Milliseconds from connect to the server closing the socket (or the test giving up). */
  closedAfterMs: number;
  /** Whether the server closed the socket (false: the test gave up waiting). */
  closedByServer: boolean;
}

/**
 * Opens a socket to `url`, lets `drive` write to it, and collects what comes back until the
 * server closes the socket or `giveUpMs` passes.
 */
function exchange(url: string, drive: (socket: net.Socket) => void, giveUpMs = 8000): Promise<Exchange> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    sockets.add(socket);
    let text = '';
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closedAfterMs: Date.now() - started, closedByServer });
    };
    const timer = setTimeout(() => finish(false), giveUpMs);
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => drive(socket));
  });
}

const statusOf = (text: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

describe('HTTP limits of a started lunas', () => {
  let server: LunasProcess;
  let target: StoreTarget;
  before(async () => {
    target = await freshStoreTarget('sqlite');
    server = await startLunas({ LUNAS_DATA_DIR: target.dataDir, LUNAS_SECRET_KEY: KEY, LUNAS_REQUEST_TIMEOUT_MS: '1000', LUNAS_BODY_LIMIT: String(BODY_LIMIT), LUNAS_MAX_CONNECTIONS: String(MAX_CONNECTIONS) });
  });
  after(async () => {
    for (const socket of sockets) socket.destroy();
    await server?.stop();
    await target?.dispose();
  });

  test('a body trickled a byte at a time is cut off at the request deadline (1 s here)', async () => {
    let trickle: NodeJS.Timeout | undefined;
    const result = await exchange(server.url, (socket) => {
      socket.write(`POST /sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuth(KEY)}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
      // One byte every 100 ms: 1000 bytes would take 100 s; bounded by the exchange's give-up.
      trickle = setInterval(() => socket.writable && socket.write(' '), 100);
    });
    clearInterval(trickle);
    assert.equal(result.closedByServer, true, 'the server must close the socket');
    assert.ok(result.closedAfterMs < 4000, `closed after ${result.closedAfterMs} ms, want about 1 s`);
    assert.ok(result.text === '' || statusOf(result.text) === 408, result.text);
  });

  test('headers trickled a byte at a time are cut off too', async () => {
    let trickle: NodeJS.Timeout | undefined;
    const result = await exchange(server.url, (socket) => {
      socket.write('GET /healthz HTTP/1.1\r\nX-Slow: ');
      trickle = setInterval(() => socket.writable && socket.write('a'), 100);
    });
    clearInterval(trickle);
    assert.equal(result.closedByServer, true);
    assert.ok(result.closedAfterMs < 4000, `closed after ${result.closedAfterMs} ms`);
  });

  test('20 unauthenticated POSTs declaring a 100 MB body get 401 at once, without sending it, and are closed', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        exchange(server.url, (socket) => socket.write('POST /sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n')),
      ),
    );
    for (const result of results) {
      assert.equal(statusOf(result.text), 401, result.text);
      assert.match(result.text, /INVALID_API_KEY/);
      assert.match(result.text, /connection: close/i);
      assert.equal(result.closedByServer, true);
      // 401, not 408: answered before the request deadline, not closed by it.
      assert.ok(result.closedAfterMs < 5000, `answered and closed after ${result.closedAfterMs} ms`);
    }
  });

  test(`connections past LUNAS_MAX_CONNECTIONS (${MAX_CONNECTIONS} here) are closed at accept`, async () => {
    // 35 sockets that say nothing: the first 25 are held open (until the test closes them), the rest closed at once.
    const results = await Promise.all(Array.from({ length: 35 }, () => exchange(server.url, () => {}, 1500)));
    const closed = results.filter((r) => r.closedByServer && r.closedAfterMs < 1000).length;
    assert.ok(closed >= 35 - MAX_CONNECTIONS - 1 && closed <= 35 - MAX_CONNECTIONS + 1, `${closed} closed at once`);
    // Once they are gone, the server answers again.
    const after = await exchange(server.url, (socket) => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'));
    assert.equal(statusOf(after.text), 200, after.text);
  });

  test('an authenticated POST declaring more than the body limit gets 413 at once and is closed', async () => {
    const result = await exchange(server.url, (socket) =>
      socket.write(`POST /sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuth(KEY)}\r\nContent-Type: application/json\r\nContent-Length: ${BODY_LIMIT + 1}\r\n\r\n{`),
    );
    assert.equal(statusOf(result.text), 413, result.text);
    assert.match(result.text, new RegExp(`"error_code":"PAYLOAD_TOO_LARGE","message":"Request body is larger than ${BODY_LIMIT} bytes"`));
    assert.match(result.text, /connection: close/i);
    assert.equal(result.closedByServer, true);
    assert.ok(result.closedAfterMs < 5000, `closed after ${result.closedAfterMs} ms`);
  });
});

for (const dialect of DIALECTS) {
  describe(`half-closed requests are answered [${dialect}]`, () => {
    let server: LunasProcess;
    let target: StoreTarget;
    before(async () => {
      target = await freshStoreTarget(dialect);
      server = await startLunas({ LUNAS_DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl, LUNAS_SECRET_KEY: KEY });
    });
    after(async () => {
      for (const socket of sockets) socket.destroy();
      await server?.stop();
      await target?.dispose();
    });

    // The client sends its whole request, then shuts its write side: the answer must still come.
    const halfClosed = (request: string) => exchange(server.url, (socket) => socket.write(request, () => socket.end()));

    test('GET /sessions, then end()', async () => {
      const result = await halfClosed(`GET /sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuth(KEY)}\r\n\r\n`);
      assert.equal(statusOf(result.text), 200, JSON.stringify(result.text));
      assert.equal(result.closedByServer, true);
    });

    test('POST /webhooks/endpoints with a body, then end()', async () => {
      const body = JSON.stringify({ url: 'https://receiver.example/hooks' });
      const result = await halfClosed(`POST /webhooks/endpoints HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${basicAuth(KEY)}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      assert.equal(statusOf(result.text), 201, JSON.stringify(result.text));
    });

    test('GET /healthz, then end()', async () => {
      const result = await halfClosed('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      assert.equal(statusOf(result.text), 200, JSON.stringify(result.text));
    });
  });
}
