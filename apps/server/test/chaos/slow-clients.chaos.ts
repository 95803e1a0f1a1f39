import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { FOUNDING_PAYLOAD } from '../helpers/app.ts';
import { call } from '../helpers/process.ts';
import { Resources, sleep } from '../helpers/load.ts';

/**
 * Chaos (c): slow clients. Connections that trickle a request one byte at a time, and
 * connections that ask for large answers and never read them, must not stop the server from
 * serving everyone else. Bounded: the bad clients run for a few seconds and are then closed.
 */
const KEY = 'xnd_development_chaos_slow_0001';
const TRICKLERS = 30;
const NON_READERS = 30;
const RUN_MS = 6000;

describe('chaos: slow clients', () => {
  const resources = new Resources();
  after(() => resources.dispose());

  test(`${TRICKLERS} trickling writers and ${NON_READERS} non-reading clients do not stop others being served`, { timeout: 60_000 }, async (t) => {
    const target = await resources.target('sqlite');
    const p = await resources.lunas({ LUNAS_DATA_DIR: target.dataDir, LUNAS_SECRET_KEY: KEY });
    const { hostname, port } = new URL(p.url);
    const sockets: net.Socket[] = [];
    const open = () => {
      const socket = net.connect(Number(port), hostname);
      socket.on('error', () => undefined);
      sockets.push(socket);
      return socket;
    };
    let stop = false;
    // Trickling writers: a request line and headers, one byte every 100 ms, never finished in time.
    const trickle = Array.from({ length: TRICKLERS }, async () => {
      const socket = open();
      const request = `POST /sessions HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"a":"`;
      for (let i = 0; !stop && !socket.destroyed; i++) {
        socket.write(i < request.length ? request[i]! : 'x');
        await sleep(100);
      }
    });
    // Non-readers: ask for the OpenAPI document over and over on one connection and never read.
    for (let i = 0; i < NON_READERS; i++) {
      const socket = open();
      socket.pause();
      for (let j = 0; j < 20; j++) socket.write(`GET /openapi.json HTTP/1.1\r\nHost: ${hostname}\r\n\r\n`);
    }

    const latencies: number[] = [];
    const until = Date.now() + RUN_MS;
    while (Date.now() < until) {
      const begun = Date.now();
      const created = await call(p.url, KEY, 'POST', '/sessions', FOUNDING_PAYLOAD);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const read = await call(p.url, KEY, 'GET', `/sessions/${created.body.payment_session_id}`);
      assert.equal(read.status, 200);
      latencies.push(Date.now() - begun);
      await sleep(50);
    }
    stop = true;
    for (const socket of sockets) socket.destroy();
    await Promise.all(trickle);
    latencies.sort((x, y) => x - y);
    const p95 = latencies[Math.floor(latencies.length * 0.95)]!;
    t.diagnostic(`${latencies.length} create+read pairs served beside ${sockets.length} bad connections: median ${latencies[latencies.length >> 1]} ms, p95 ${p95} ms, max ${latencies.at(-1)} ms`);
    assert.ok(latencies.length >= 10, `served only ${latencies.length} pairs in ${RUN_MS} ms`);
    assert.ok(p95 < 2000, `p95 ${p95} ms`);
    assert.equal((await call(p.url, KEY, 'GET', '/sessions?limit=1')).status < 500, true, 'still serving after the bad clients left');
    assert.equal(p.child.exitCode, null, 'the server is still running');
  });
});
