import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Clock } from '../../clock.ts';
import type { Store } from '../../db/store.ts';
import { Errors } from '../../errors.ts';
import { errorResponses, Nullable } from '../../schemas/common.ts';
import { LISTEN_PROGRESS_EXAMPLES } from '../../schemas/examples.ts';
import { commitSignal, eventsAfter, positionOf, streamHead, type StreamPosition } from '../events/stream.ts';
import { EVENT_TYPES, isEventType } from '../events/types.ts';
import type { ListenService } from './listen.ts';
import { envelope } from './policy.ts';

/**
 * The business's event stream (`GET /events/stream`, server-sent events; a Lunas extension,
 * docs/compatibility.md) and the settings `lunas listen` keeps on the server. Each message is
 * `id: <event id>`, `event: <type>`, `data: <the envelope a webhook delivery sends>`; comment
 * lines are heartbeats. A stream reads the store after its cursor at once when this process
 * commits a write (notify) and every POLL_MS otherwise; it ends when the client goes, and every
 * stream ends when the app closes.
 */
const POLL_MS = 250;
const PAGE = 100;
const EVENT_ID = /^evt_[0-9a-f-]{36}$/;

export function eventStreams(deps: { store: Store; clock: Clock; heartbeatMs: number; pollMs?: number }) {
  const { store, clock, heartbeatMs } = deps;
  const pollMs = Math.min(deps.pollMs ?? POLL_MS, heartbeatMs);
  const signal = commitSignal();
  /** Open streams: how to stop each, and its handler's end. */
  const open = new Map<AbortController, Promise<void>>();

  function parseTypes(raw: string | undefined): string[] | undefined {
    if (raw === undefined || raw.trim() === '') return undefined;
    const types = raw.split(',').map((t) => t.trim()).filter(Boolean);
    const unknown = types.find((t) => !isEventType(t));
    if (unknown) throw Errors.fieldInvalid('/querystring/types', `names an unknown event type "${unknown.slice(0, 64)}"; event types are ${EVENT_TYPES.join(', ')}`);
    return types;
  }

  async function startAt(businessId: string, lastEventId: string | undefined): Promise<{ position: StreamPosition; seen: string[] }> {
    if (lastEventId === undefined || lastEventId === '') return streamHead(store.db, store.dialect, businessId);
    if (!EVENT_ID.test(lastEventId)) throw Errors.fieldInvalid('/headers/last-event-id', 'must be an event id (evt_…)');
    const position = await positionOf(store.db, businessId, lastEventId);
    if (!position) throw Errors.streamEventNotFound();
    return { position, seen: [] };
  }

  function routes(app: FastifyInstance, listen: ListenService): void {
    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['webhooks'];

    api.get(
      '/events/stream',
      {
        schema: {
          summary: "The business's events as they commit, as server-sent events (Lunas extension)",
          description: 'Each message: `id` the event id, `event` its type, `data` the JSON envelope a webhook delivery sends. Resume with the Last-Event-ID header (or last_event_id); without it the stream starts with new events. Comment lines are heartbeats.',
          tags,
          querystring: Type.Object({
            types: Type.Optional(Type.String({ maxLength: 1000, description: 'Comma-separated event types; default: all' })),
            last_event_id: Type.Optional(Type.String({ maxLength: 64, description: 'Resume after this event (the Last-Event-ID header wins)' })),
          }),
          response: errorResponses(400, 401, 404),
        },
      },
      async (request, reply) => {
        const types = parseTypes(request.query.types);
        const header = request.headers['last-event-id'];
        const start = await startAt(request.business.id, typeof header === 'string' ? header : request.query.last_event_id);
        let cursor = start.position;
        // Events that committed before the stream opened, though after its cursor (PostgreSQL): not sent.
        const seen = new Set(start.seen);
        const businessId = request.business.id;

        reply.hijack();
        const res = reply.raw;
        // `connection: close`: the socket goes with the stream, so a closing server has nothing left to wait for.
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'close', 'x-accel-buffering': 'no', 'request-id': request.id });
        res.write('retry: 1000\n: stream open\n\n');
        const stop = new AbortController();
        let ended!: () => void;
        open.set(stop, new Promise<void>((resolve) => (ended = resolve)));
        res.on('close', () => stop.abort());
        let quietSince = Date.now();
        try {
          while (!stop.signal.aborted) {
            const batch = await eventsAfter(store.db, store.dialect, businessId, cursor, types, PAGE);
            for (const event of batch) {
              if (stop.signal.aborted) break;
              if (seen.delete(event.id)) {
                cursor = event.position;
                continue;
              }
              const data = envelope(event, clock.now()).split(/\r?\n/).map((line) => `data: ${line}`).join('\n');
              if (!res.write(`id: ${event.id}\nevent: ${event.type}\n${data}\n\n`)) await Promise.race([once(res, 'drain'), once(stop.signal, 'abort')]);
              cursor = event.position;
              quietSince = Date.now();
            }
            if (batch.length === PAGE || stop.signal.aborted) continue;
            if (Date.now() - quietSince >= heartbeatMs) {
              res.write(`: heartbeat ${clock.now().toISOString()}\n\n`);
              quietSince = Date.now();
            }
            await signal.wait(Math.min(pollMs, heartbeatMs - (Date.now() - quietSince)), stop.signal);
          }
        } catch (error) {
          // A store outage or the like: the client reconnects with Last-Event-ID and loses nothing.
          request.log.warn({ err: error }, 'event stream ended by an error');
        } finally {
          open.delete(stop);
          res.end();
          ended();
        }
      },
    );

    const Settings = Type.Object({ signing_secret: Type.String(), callback_token: Type.String(), last_event_id: Nullable(Type.String()) });
    api.get('/webhooks/listen', { schema: { summary: 'What `lunas listen` signs with, and where it stopped (Lunas extension)', tags, response: { 200: Settings, ...errorResponses(401) } } }, async (request) =>
      listen.settings(request.business.id),
    );
    api.put(
      '/webhooks/listen',
      { schema: { summary: 'Record the last event `lunas listen` forwarded (Lunas extension)', tags, body: Type.Object({ last_event_id: Type.String({ pattern: '^evt_[0-9a-f-]{36}$' }) }, { examples: LISTEN_PROGRESS_EXAMPLES }), response: { 204: Type.Null(), ...errorResponses(400, 401, 404) } } },
      async (request, reply) => {
        await listen.setLastEvent(request.business.id, request.body.last_event_id);
        return reply.status(204).send(null);
      },
    );
  }

  return {
    routes,
    /** This process committed a write: streams read now instead of at their next poll. */
    notify: () => signal.notify(),
    /** Ends every open stream (the app is closing): clients reconnect elsewhere or later. */
    async closeAll(): Promise<void> {
      const ending = [...open.values()];
      for (const stop of open.keys()) stop.abort();
      await Promise.all(ending);
    },
  };
}

export type EventStreams = ReturnType<typeof eventStreams>;
