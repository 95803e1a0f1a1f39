import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Db, Executor, Tx } from '../db/store.ts';
import { Errors } from '../errors.ts';

/**
 * Lunas extension: the `Idempotency-Key` header on every POST (docs/compatibility.md).
 *
 * - First use claims the key (an IN_FLIGHT row, committed at once).
 * - The handler's state change and the stored response commit in ONE transaction (see
 *   `commitHook`), so a crash can never leave a created session without its replay record.
 * - Same key + same request → the stored response again, with `Idempotent-Replayed: true`.
 * - Same key + another request → 409 IDEMPOTENCY_ERROR; still in flight → 409 too.
 * - A request that ends in an error releases its claim: nothing was written, so the client
 *   may fix the request and retry with the same key.
 * - Claims whose process died are taken over after `IN_FLIGHT_LEASE_MS`; records are kept
 *   for 24 hours.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IN_FLIGHT_LEASE_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface Claim {
  businessId: string;
  key: string;
  committed: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: Claim | null;
  }
}

export function idempotency(app: FastifyInstance, db: Db, clock: Clock): void {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw Errors.fieldInvalid('/headers/idempotency-key', 'must be 1-255 printable ASCII characters');
    }
    const businessId = request.business.id;
    const requestHash = hashRequest(request);
    const now = clock.now();
    const claimed = await tryClaim(db, businessId, header, requestHash, now);
    if (claimed) {
      request.idempotency = { businessId, key: header, committed: false };
      return;
    }
    const existing = await db.selectFrom('idempotency_keys').selectAll().where('business_id', '=', businessId).where('key', '=', header).executeTakeFirst();
    if (!existing) {
      // Released between our insert and read: the earlier request failed. Claim again.
      if (await tryClaim(db, businessId, header, requestHash, now)) {
        request.idempotency = { businessId, key: header, committed: false };
        return;
      }
      throw Errors.idempotencyInFlight();
    }
    if (existing.created < new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()) {
      // Older than the retention window: the key is free again.
      await db.deleteFrom('idempotency_keys').where('business_id', '=', businessId).where('key', '=', header).where('created', '=', existing.created).execute();
      if (await tryClaim(db, businessId, header, requestHash, now)) {
        request.idempotency = { businessId, key: header, committed: false };
        return;
      }
      throw Errors.idempotencyInFlight();
    }
    if (existing.request_hash !== requestHash) throw Errors.idempotencyMismatch();
    if (existing.state === 'DONE') {
      reply.header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8');
      return reply.status(existing.response_status!).send(existing.response_body);
    }
    if (existing.locked_until > now.toISOString() || !(await takeOver(db, businessId, header, existing.locked_until, now))) {
      throw Errors.idempotencyInFlight();
    }
    request.idempotency = { businessId, key: header, committed: false };
  });

  // Any outcome other than a committed success frees the key (nothing was written).
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotency;
    if (claim && !claim.committed) await release(db, claim);
  });
}

/** The hook a service calls inside its transaction to store the response with the change. */
export function commitHook(request: FastifyRequest): ((trx: Tx, status: number, body: unknown) => Promise<void>) | undefined {
  const claim = request.idempotency;
  if (!claim) return undefined;
  return async (trx, status, body) => {
    await trx
      .updateTable('idempotency_keys')
      .set({ state: 'DONE', response_status: status, response_body: JSON.stringify(body) })
      .where('business_id', '=', claim.businessId)
      .where('key', '=', claim.key)
      .execute();
    claim.committed = true;
  };
}

function hashRequest(request: FastifyRequest): string {
  const path = request.url.split('?')[0];
  return createHash('sha256').update(`${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
}

async function tryClaim(db: Db, businessId: string, key: string, requestHash: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      business_id: businessId,
      key,
      request_hash: requestHash,
      state: 'IN_FLIGHT',
      response_status: null,
      response_body: null,
      created: now.toISOString(),
      locked_until: new Date(now.getTime() + IN_FLIGHT_LEASE_MS).toISOString(),
    })
    .onConflict((oc) => oc.columns(['business_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Takes over an abandoned claim; the compare on locked_until lets only one taker win. */
async function takeOver(db: Db, businessId: string, key: string, lockedUntil: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ locked_until: new Date(now.getTime() + IN_FLIGHT_LEASE_MS).toISOString() })
    .where('business_id', '=', businessId)
    .where('key', '=', key)
    .where('state', '=', 'IN_FLIGHT')
    .where('locked_until', '=', lockedUntil)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function release(db: Db, claim: Claim): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('business_id', '=', claim.businessId).where('key', '=', claim.key).where('state', '=', 'IN_FLIGHT').execute();
}

/** Forgets records older than 24 hours; run by the worker. */
export async function purgeIdempotencyKeys(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
