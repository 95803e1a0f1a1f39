/**
 * The two servers of a store, each on 127.0.0.1 and on a fresh store of its own:
 *   - Lunas: the real app (buildApp), driven with the founding payload;
 *   - the floor: a bare Fastify app that does only what any server must for this request.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../../apps/server/src/app.ts';
import type { Config } from '../../apps/server/src/config.ts';
import type { Store } from '../../apps/server/src/db/store.ts';
import { startWorker } from '../../apps/server/src/worker/worker.ts';
import type { StoreKind } from '../lib/env.ts';
import { openFreshStore, type FreshStore } from '../lib/stores.ts';
import { AUTHORIZATION, BODY } from './settings.ts';

/** A target as the load generator sees it. */
export interface Running {
  url: string;
  headers: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Lunas API-only, or (`withWorker`) as `lunas start` runs it by default: the worker's tick and
 * the webhook dispatcher in the same process, on the same store (cli/start.ts).
 */
export async function startLunas(kind: StoreKind, withWorker = false): Promise<Running> {
  const fresh = await openFreshStore(kind, withWorker ? 'lunas_start' : 'lunas');
  try {
    const { app, services, clock } = await buildApp({ config: fresh.config, store: fresh.store });
    await services.businesses.bootstrap(fresh.config.secretKey);
    const running = await listen(app, { authorization: AUTHORIZATION }, fresh);
    if (!withWorker) return running;
    const worker = startWorker({ db: fresh.store.db, services, clock, log: app.log as unknown as Logger, intervalMs: fresh.config.sweepIntervalMs });
    services.dispatcher.start();
    return {
      ...running,
      // As `lunas start` shuts down: the worker and the dispatcher first, then the API and the store.
      close: async () => {
        await worker.stop();
        await services.dispatcher.stop();
        await running.close();
      },
    };
  } catch (error) {
    await fresh.discard();
    throw error;
  }
}

/**
 * The floor: what any server must do for this request on this store. Parse the JSON body,
 * insert one sessions row (same columns, same schema, same indexes and foreign keys as
 * Lunas's), answer 201 with JSON. No auth, validation, customer lookup, transaction or view.
 *
 * So that the floor's row stays exactly Lunas's row while the schema evolves, setup (not
 * timed) lets the real app create the business, customer and sdk keys on the floor's store
 * and one session; that stored row is the template. Per request the floor copies it with a
 * new id, new timestamps, new unique keys and the fields read from the parsed body.
 */
export async function startFloor(kind: StoreKind): Promise<Running> {
  const fresh = await openFreshStore(kind, 'floor');
  try {
    const db = fresh.store.db;
    const template = await templateRow(fresh.config, fresh.store);

    const app = Fastify();
    app.post('/sessions', async (request, reply) => {
      const input = request.body as { reference_id: string; session_type: string; mode: string; amount: number; currency: string; country: string; components_configuration?: unknown };
      const now = new Date();
      const nowIso = now.toISOString();
      const row: Record<string, unknown> = {
        ...template,
        id: newSessionId(),
        reference_id: input.reference_id,
        session_type: input.session_type,
        mode: input.mode,
        currency: input.currency,
        amount_minor: input.amount,
        country: input.country,
        expires_at: new Date(now.getTime() + 30 * 60 * 1000).toISOString(),
        created: nowIso,
        updated: nowIso,
        details: JSON.stringify({ components_configuration: input.components_configuration }),
      };
      // Unique columns get fresh values, as Lunas mints them.
      if (template.sdk_auth_key != null) row.sdk_auth_key = `session-${randomBytes(16).toString('hex')}`;
      if (template.link_id != null) row.link_id = randomBytes(16).toString('base64url');
      await db.insertInto('sessions').values(row as never).execute();
      return reply.code(201).send({ payment_session_id: row.id, ...row });
    });
    return await listen(app, {}, fresh);
  } catch (error) {
    await fresh.discard();
    throw error;
  }
}

/** Puts `app` on a free port of 127.0.0.1; closing the target closes the app, then its store. */
async function listen(app: FastifyInstance, headers: Record<string, string>, fresh: FreshStore): Promise<Running> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sessions`,
    headers,
    close: async () => {
      await app.close();
      await fresh.close();
    },
  };
}

/** One session created by the real app on this store (not listening), read back as stored. */
async function templateRow(config: Config, store: Store): Promise<Record<string, unknown>> {
  const { app, services } = await buildApp({ config, store });
  try {
    await services.businesses.bootstrap(config.secretKey);
    const response = await app.inject({ method: 'POST', url: '/sessions', headers: { authorization: AUTHORIZATION, 'content-type': 'application/json' }, payload: BODY });
    if (response.statusCode !== 201) throw new Error(`floor setup: Lunas answered ${response.statusCode}: ${response.body.slice(0, 500)}`);
    const id = (JSON.parse(response.body) as { payment_session_id: string }).payment_session_id;
    const row = await store.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Error(`floor setup: session ${id} is not in the store`);
    return row as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/** `ps-` + 24 hex, seconds first, like Lunas's ids. */
function newSessionId(): string {
  const seconds = Buffer.alloc(4);
  seconds.writeUInt32BE(Math.floor(Date.now() / 1000));
  return `ps-${seconds.toString('hex')}${randomBytes(8).toString('hex')}`;
}
