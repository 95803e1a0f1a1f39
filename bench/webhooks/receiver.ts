/**
 * The receiver: node:http on 127.0.0.1, keep-alive, in a worker thread so it has its own event
 * loop. It answers 200 at once (or after `delayMs`: a slow receiver) and records, per request, the time the request had fully
 * arrived (process.hrtime, the clock every thread of the process shares) and its `webhook-id`.
 */
import { Worker } from 'node:worker_threads';
import { round } from '../lib/stats.ts';
import { sleep } from './settings.ts';

/**
 * Waiting for receipts: the missing events count as lost once nothing has arrived for
 * STALL_MS, or after WAIT_CAP_MS in all (a slow but moving dispatcher is not "losing").
 */
const STALL_MS = 15_000;
const WAIT_CAP_MS = 120_000;

/** CommonJS run by the worker (eval), so it needs no TypeScript loader. */
const RECEIVER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const delayMs = (workerData && workerData.delayMs) || 0;
const http = require('node:http');
const now = () => Number(process.hrtime.bigint()) / 1e6;
let ids = [];
let times = [];
let sockets = new Set();
let inFlight = 0;
let maxInFlight = 0;
let bytes = 0;
const server = http.createServer((req, res) => {
  inFlight++;
  if (inFlight > maxInFlight) maxInFlight = inFlight;
  sockets.add(req.socket);
  const id = req.headers['webhook-id'];
  req.on('data', (chunk) => { bytes += chunk.length; });
  req.on('end', () => {
    ids.push(typeof id === 'string' ? id : '');
    times.push(now());
    const answer = () => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
});
// Keep-alive well past any pause between phases, so no side pays for reconnecting.
server.keepAliveTimeout = 120000;
server.headersTimeout = 125000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'listening', port: server.address().port }));
parentPort.on('message', (message) => {
  if (message.cmd === 'count') {
    parentPort.postMessage({ type: 'reply', seq: message.seq, count: ids.length });
  } else if (message.cmd === 'take') {
    const out = { type: 'reply', seq: message.seq, ids, times: Float64Array.from(times), connections: sockets.size, maxInFlight, bytes };
    ids = [];
    times = [];
    sockets = new Set();
    maxInFlight = inFlight;
    bytes = 0;
    parentPort.postMessage(out, [out.times.buffer]);
  } else if (message.cmd === 'close') {
    server.closeAllConnections();
    server.close(() => parentPort.postMessage({ type: 'reply', seq: message.seq }));
  }
});
`;

export interface Taken {
  ids: string[];
  times: Float64Array;
  /** Distinct connections that carried requests since the previous take. */
  connections: number;
  /** Most requests the receiver had open at once since the previous take. */
  maxInFlight: number;
  bytes: number;
}

export interface Receiver {
  url: string;
  count(): Promise<number>;
  take(): Promise<Taken>;
  close(): Promise<void>;
}

export async function startReceiver(options: { delayMs?: number; path?: string } = {}): Promise<Receiver> {
  const worker = new Worker(RECEIVER_SOURCE, { eval: true, workerData: { delayMs: options.delayMs ?? 0 } });
  let seq = 0;
  const pending = new Map<number, (message: any) => void>();
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message: any) => {
      if (message.type === 'listening') resolve(message.port);
      else if (message.type === 'reply') {
        pending.get(message.seq)?.(message);
        pending.delete(message.seq);
      }
    });
  });
  const call = (cmd: string) =>
    new Promise<any>((resolve) => {
      const id = ++seq;
      pending.set(id, resolve);
      worker.postMessage({ cmd, seq: id });
    });
  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/webhooks'}`,
    count: async () => (await call('count')).count as number,
    take: async () => {
      const m = await call('take');
      return { ids: m.ids, times: m.times, connections: m.connections, maxInFlight: m.maxInFlight, bytes: m.bytes };
    },
    close: async () => {
      await call('close');
      await worker.terminate();
    },
  };
}

/** Waits until the receiver has seen `count` requests since the last take, or it stalls (see STALL_MS). */
export async function waitForReceipts(receiver: Receiver, count: number): Promise<boolean> {
  const started = Date.now();
  let seen = -1;
  let progressAt = started;
  for (;;) {
    const n = await receiver.count();
    if (n >= count) return true;
    const now = Date.now();
    if (n > seen) {
      seen = n;
      progressAt = now;
    }
    if (now - progressAt > STALL_MS || now - started > WAIT_CAP_MS) {
      console.error(`\n!!! ${n} of ${count} requests received; nothing more for ${round((now - progressAt) / 1000, 1)} s`);
      return false;
    }
    await sleep(10);
  }
}
