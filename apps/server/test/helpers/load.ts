import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import type { Dialect } from '../../src/db/store.ts';
import { FOUNDING_PAYLOAD } from './app.ts';
import { card } from './payments.ts';
import { call, startLunas, type LunasProcess } from './process.ts';
import { startReceiver, type Receiver, type Received } from './receiver.ts';
import { freshStoreTarget, type StoreTarget } from './stores.ts';

/**
 * Helpers for tests that drive real `lunas start` processes under load and kill them:
 * paying sessions, listing every committed event, comparing them with what a webhook
 * receiver got, and cleaning up every process, receiver and store whatever happens.
 */


export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; on timeout throws with `explain()`'s message. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, explain: () => string | Promise<string>, everyMs = 100): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms: ${await explain()}`);
    await sleep(everyMs);
  }
}

/** A process without HTTP (LUNAS_ROLES=worker) never prints "Server listening": wait for its own line. */
export const spawnLunas = (env: Record<string, string | undefined>, ready: RegExp, timeoutMs = 20_000): Promise<LunasProcess> => startLunas(env, { ready, timeoutMs });

export const startWorkerOnly = (env: Record<string, string | undefined>) => spawnLunas({ ...env, LUNAS_ROLES: 'worker' }, /worker running/);

/** Everything a test started, torn down in after() even when the test failed or timed out. */
export class Resources {
  private processes: LunasProcess[] = [];
  private receivers: { close(): Promise<void> }[] = [];
  private targets: StoreTarget[] = [];
  private readonly killOnExit = () => {
    for (const p of this.processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  };

  constructor() {
    // Last resort: never leave a lunas child running if the test runner itself goes away.
    process.once('exit', this.killOnExit);
  }

  track(p: LunasProcess): LunasProcess {
    this.processes.push(p);
    return p;
  }

  async lunas(env: Record<string, string | undefined>): Promise<LunasProcess> {
    return this.track(await startLunas(env));
  }

  async worker(env: Record<string, string | undefined>): Promise<LunasProcess> {
    return this.track(await startWorkerOnly(env));
  }

  async receiver(): Promise<Receiver> {
    const receiver = await startReceiver();
    this.receivers.push(receiver);
    return receiver;
  }

  addReceiver<R extends { close(): Promise<void> }>(receiver: R): R {
    this.receivers.push(receiver);
    return receiver;
  }

  async target(dialect: Dialect): Promise<StoreTarget> {
    const target = await freshStoreTarget(dialect);
    this.targets.push(target);
    return target;
  }

  async dispose(): Promise<void> {
    const processes = this.processes.splice(0);
    await Promise.allSettled(processes.map((p) => p.stop('SIGKILL')));
    await Promise.allSettled(this.receivers.splice(0).map((r) => r.close()));
    const disposed = await Promise.allSettled(this.targets.splice(0).map((t) => t.dispose()));
    process.removeListener('exit', this.killOnExit);
    const failed = disposed.filter((d): d is PromiseRejectedResult => d.status === 'rejected');
    if (failed.length > 0) throw new Error(`could not dispose store targets: ${failed.map((f) => String(f.reason)).join('; ')}`);
  }
}

export interface Paid {
  sessionId: string;
  paymentId: string;
  paymentRequestId: string;
}

/** Creates a session with the founding payload and pays it with a frictionless card (paid synchronously). */
export async function paySession(base: string, key: string): Promise<Paid> {
  const session = await call(base, key, 'POST', '/sessions', FOUNDING_PAYLOAD);
  if (session.status !== 201) throw new Error(`POST /sessions answered ${session.status}: ${JSON.stringify(session.body)}`);
  const sessionId = session.body.payment_session_id as string;
  const paid = await call(base, key, 'POST', `/sessions/${sessionId}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
  if (paid.status !== 201 || paid.body.status !== 'SUCCEEDED') throw new Error(`paying ${sessionId} answered ${paid.status}: ${JSON.stringify(paid.body)}`);
  return { sessionId, paymentId: paid.body.latest_payment_id, paymentRequestId: paid.body.payment_request_id };
}

/** Pays `count` sessions, `parallel` at a time; `baseFor(i)` picks the process of the i-th one. */
export async function payMany(baseFor: (i: number) => string, key: string, count: number, parallel: number): Promise<Paid[]> {
  const paid: Paid[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        paid.push(await paySession(baseFor(i), key));
      }
    }),
  );
  return paid;
}

export interface Load {
  /** Payments answered 201 SUCCEEDED: the server acknowledged them, their events must exist. */
  acknowledged: Paid[];
  /** Requests that never got an answer (the server died under them): they may or may not have committed. */
  interrupted: string[];
  /** Unexpected answers while the server was up. */
  failures: string[];
  /** Stops starting new payments; resolves when every loop has returned. */
  stop(): Promise<void>;
}

/** Keeps `parallel` loops paying sessions until stopped (or until their server disappears). */
export function startLoad(base: string, key: string, parallel: number): Load {
  let stopping = false;
  const load: Load = { acknowledged: [], interrupted: [], failures: [], stop: async () => undefined };
  const loops = Array.from({ length: parallel }, async () => {
    while (!stopping) {
      let step = 'POST /sessions';
      try {
        const session = await call(base, key, 'POST', '/sessions', FOUNDING_PAYLOAD);
        if (session.status !== 201) throw Object.assign(new Error(`POST /sessions answered ${session.status}: ${JSON.stringify(session.body)}`), { answered: true });
        const sessionId = session.body.payment_session_id as string;
        step = `paying ${sessionId}`;
        const paid = await call(base, key, 'POST', `/sessions/${sessionId}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
        if (paid.status !== 201 || paid.body.status !== 'SUCCEEDED') throw Object.assign(new Error(`${step} answered ${paid.status}: ${JSON.stringify(paid.body)}`), { answered: true });
        load.acknowledged.push({ sessionId, paymentId: paid.body.latest_payment_id, paymentRequestId: paid.body.payment_request_id });
      } catch (error) {
        if ((error as { answered?: boolean }).answered) load.failures.push((error as Error).message);
        else load.interrupted.push(`${step}: ${(error as Error).message}`);
        // A server that stopped answering is gone: this loop is done.
        if (!(error as { answered?: boolean }).answered) return;
      }
    }
  });
  load.stop = async () => {
    stopping = true;
    await Promise.all(loops);
  };
  return load;
}

export interface EventOut {
  id: string;
  event: string;
  business_id: string;
  subject_id: string;
  created: string;
  data: Record<string, unknown>;
  /** The delivery log: one delivery per endpoint, with its attempts. */
  deliveries?: { id: string; endpoint_id: string; status: 'PENDING' | 'DELIVERED' | 'FAILED'; attempts: { attempted_at: string; status_code?: number; error?: string }[] }[];
}

/** Every committed event of the key's business, through GET /events (all pages), oldest first. */
export async function listAllEvents(base: string, key: string): Promise<EventOut[]> {
  const events: EventOut[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await call(base, key, 'GET', `/events?limit=100${after ? `&after_id=${after}` : ''}`);
    if (page.status !== 200) throw new Error(`GET /events answered ${page.status}: ${JSON.stringify(page.body)}`);
    events.push(...(page.body.data as EventOut[]));
    if (!page.body.has_more) return events.reverse();
    after = events.at(-1)!.id;
  }
}

export const webhookId = (r: { headers: http.IncomingHttpHeaders }) => String(r.headers['webhook-id']);

export interface DeliveryReport {
  /** Receipts per webhook-id. */
  counts: Map<string, number>;
  /** Committed events the receiver never got. */
  missing: EventOut[];
  /** webhook-ids that are not committed events. */
  unknown: string[];
  /** Receipts whose type or data differ from the event their webhook-id names. */
  mismatched: string[];
  /** webhook-ids received more than once. */
  duplicated: string[];
}

export function deliveryReport(events: EventOut[], received: Pick<Received, 'headers' | 'json'>[]): DeliveryReport {
  const byId = new Map(events.map((e) => [e.id, e]));
  const counts = new Map<string, number>();
  const mismatched: string[] = [];
  const unknown = new Set<string>();
  for (const r of received) {
    const id = webhookId(r);
    counts.set(id, (counts.get(id) ?? 0) + 1);
    const event = byId.get(id);
    if (!event) {
      unknown.add(id);
      continue;
    }
    if (r.json.event !== event.event) mismatched.push(`${id}: type ${r.json.event}, committed as ${event.event}`);
    else if (r.json.business_id !== event.business_id) mismatched.push(`${id}: business_id ${r.json.business_id}, committed ${event.business_id}`);
    else if (!isDeepStrictEqual(r.json.data, event.data)) mismatched.push(`${id} (${event.event}): data differs from the committed event:\n  got       ${JSON.stringify(r.json.data)}\n  committed ${JSON.stringify(event.data)}`);
  }
  return {
    counts,
    missing: events.filter((e) => !counts.has(e.id)),
    unknown: [...unknown],
    mismatched,
    duplicated: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
  };
}

export const describeEvents = (events: EventOut[], max = 20) =>
  `${events.slice(0, max).map((e) => `${e.id} ${e.event} (${e.subject_id})`).join(', ')}${events.length > max ? ` … and ${events.length - max} more` : ''}`;

/** Waits until every event committed on `base` has reached the receiver at least once; returns the last listing. */
export async function waitUntilAllDelivered(base: string, key: string, received: Pick<Received, 'headers' | 'json'>[], timeoutMs: number): Promise<EventOut[]> {
  let events: EventOut[] = [];
  let report: DeliveryReport | undefined;
  await waitUntil(
    async () => {
      events = await listAllEvents(base, key);
      report = deliveryReport(events, received);
      return report.missing.length === 0;
    },
    timeoutMs,
    () => `${report?.missing.length} of ${events.length} committed events never reached the receiver (${received.length} receipts): ${describeEvents(report?.missing ?? [])}`,
    250,
  );
  return events;
}

/* ---------- Which process sent a request: loopback TCP connections mapped to their owner ---------- */

/** Local port → owning pid, for the TCP sockets (v4 and v6) of the given processes (Linux /proc). */
export function tcpPortOwners(pids: number[]): Map<number, number> | undefined {
  if (!fs.existsSync('/proc/net/tcp')) return undefined;
  const inodeOwner = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodeOwner.set(match[1]!, pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  const owners = new Map<number, number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const pid = inodeOwner.get(cols[9]!);
      if (pid !== undefined) owners.set(parseInt(cols[1]!.split(':')[1]!, 16), pid);
    }
  }
  return owners;
}

export interface AttributedReceipt extends Pick<Received, 'headers' | 'json'> {
  /** The pid of the process that sent it, when it could be found. */
  sender: number | undefined;
}

/**
 * A webhook receiver (always 200) that also records which of `pids()` sent each request, by
 * looking up the owner of the request's source port while the connection is open. Reading
 * /proc takes milliseconds, so the owners are looked up once per new connection, not per
 * request (a slow receiver would make deliveries time out and be sent twice).
 */
export async function startAttributingReceiver(pids: () => number[]): Promise<{ url: string; received: AttributedReceipt[]; close(): Promise<void> }> {
  const received: AttributedReceipt[] = [];
  let owners = new Map<number, number>();
  const senders = new WeakMap<object, number | undefined>();
  const server = http.createServer((req, res) => {
    const port = req.socket.remotePort!;
    if (!senders.has(req.socket)) {
      if (!owners.has(port)) owners = tcpPortOwners(pids()) ?? owners;
      senders.set(req.socket, owners.get(port));
    }
    const sender = senders.get(req.socket);
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, json: JSON.parse(body), sender });
      res.writeHead(200);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
