import { createHash, createHmac } from 'node:crypto';
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
 * - Store outages (503): a write whose COMMIT failed on a lost connection may or may not have
 *   committed. If it did, the key's record is DONE with the real response, and a retry replays
 *   it; if not, the claim is released and a retry creates the object once. A 5xx is never
 *   stored as the key's answer. A release that fails because the store is still away is
 *   retried in the background and before the next claim of that key, so a retry after the
 *   outage does not meet its own orphaned claim ("still being processed").
 * - Claims whose process died are taken over after `IN_FLIGHT_LEASE_MS`; records are kept
 *   for 24 hours.
 * - The request is remembered by a keyed fingerprint, `hmac1:` + HMAC-SHA256 under a key
 *   derived from the master key, over method, path and the full body. A plain SHA-256 of a card
 *   payment's body could be brute-forced back into the card number and CVN (test card ranges
 *   and 3-digit CVNs are small spaces) by anyone holding a copy of the store.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const IN_FLIGHT_LEASE_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

interface Claim {
  businessId: string;
  key: string;
  /** Our lease: releases match it, so they never free a claim another request took over. */
  lockedUntil: string;
  committed: boolean;
}

const RELEASE_RETRY_MS = 1000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: Claim | null;
  }
}

export function idempotency(app: FastifyInstance, db: Db, clock: Clock, fingerprintKey: Buffer): void {
  app.decorateRequest('idempotency', null);
  const releases = pendingReleases(db, app.log);

  /**
   * Runs a claim attempt (insert or take-over) with the claim already attached to the request:
   * if the attempt fails on a lost connection after it committed, the response's release still
   * frees it. A claim we did not get is detached again.
   */
  async function attempt(request: FastifyRequest, claim: Claim, write: () => Promise<boolean>): Promise<boolean> {
    request.idempotency = claim;
    const owned = await write();
    if (!owned) request.idempotency = null;
    return owned;
  }

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw Errors.fieldInvalid('/headers/idempotency-key', 'must be 1-255 printable ASCII characters');
    }
    const businessId = request.business.id;
    const requestHash = fingerprintRequest(request, fingerprintKey);
    const now = clock.now();
    const claim = (): Claim => ({ businessId, key: header, lockedUntil: new Date(now.getTime() + IN_FLIGHT_LEASE_MS).toISOString(), committed: false });
    await releases.flush(businessId, header);
    const first = claim();
    if (await attempt(request, first, () => tryClaim(db, first, requestHash, now))) return;
    const existing = await db.selectFrom('idempotency_keys').selectAll().where('business_id', '=', businessId).where('key', '=', header).executeTakeFirst();
    if (!existing) {
      // Released between our insert and read: the earlier request failed. Claim again.
      const again = claim();
      if (await attempt(request, again, () => tryClaim(db, again, requestHash, now))) return;
      throw Errors.idempotencyInFlight();
    }
    if (existing.created < new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()) {
      // Older than the retention window: the key is free again.
      await db.deleteFrom('idempotency_keys').where('business_id', '=', businessId).where('key', '=', header).where('created', '=', existing.created).execute();
      const fresh = claim();
      if (await attempt(request, fresh, () => tryClaim(db, fresh, requestHash, now))) return;
      throw Errors.idempotencyInFlight();
    }
    if (!sameRequest(existing.request_hash, requestHash, request)) throw Errors.idempotencyMismatch();
    if (existing.state === 'DONE') {
      reply.header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8');
      return reply.status(existing.response_status!).send(existing.response_body);
    }
    const taken = claim();
    if (existing.locked_until > now.toISOString() || !(await attempt(request, taken, () => takeOver(db, taken, existing.locked_until, requestHash)))) {
      throw Errors.idempotencyInFlight();
    }
  });

  // Any outcome other than a committed success frees the key. The release only deletes our own
  // IN_FLIGHT claim, so after a COMMIT that did land (state DONE) it changes nothing.
  app.addHook('onResponse', async (request, reply) => {
    const claim = request.idempotency;
    if (!claim || (claim.committed && reply.statusCode < 400)) return;
    await releases.release(claim);
  });
}

/** Releases of claims, with the ones the store was not there for retried until they land. */
function pendingReleases(db: Db, log: FastifyInstance['log']) {
  const pending = new Map<string, Claim>();
  let timer: NodeJS.Timeout | undefined;
  const id = (businessId: string, key: string) => `${businessId}\n${key}`;

  async function retryAll(): Promise<void> {
    timer = undefined;
    for (const claim of [...pending.values()]) {
      try {
        await release(db, claim);
        pending.delete(id(claim.businessId, claim.key));
      } catch {
        break; // still away: try again later
      }
    }
    if (pending.size > 0) timer = setTimeout(() => void retryAll(), RELEASE_RETRY_MS).unref();
  }

  return {
    async release(claim: Claim): Promise<void> {
      try {
        await release(db, claim);
      } catch (error) {
        log.warn({ idempotency_key_released: false, cause: (error as Error).message }, 'idempotency claim not released (store not reachable); retrying');
        pending.set(id(claim.businessId, claim.key), claim);
        timer ??= setTimeout(() => void retryAll(), RELEASE_RETRY_MS).unref();
      }
    },
    /** Before a key is claimed again: its own orphaned claim, if any, goes first. */
    async flush(businessId: string, key: string): Promise<void> {
      const claim = pending.get(id(businessId, key));
      if (!claim) return;
      await release(db, claim);
      pending.delete(id(businessId, key));
    },
  };
}

/** The hook a service calls inside its transaction to store the response with the change. */
export function commitHook(request: FastifyRequest): ((trx: Tx, status: number, body: unknown) => Promise<void>) | undefined {
  const claim = request.idempotency;
  if (!claim) return undefined;
  return async (trx, status, body) => {
    // Only an answer that describes a committed change is remembered; never an outage.
    if (status >= 500) return;
    await trx
      .updateTable('idempotency_keys')
      .set({ state: 'DONE', response_status: status, response_body: JSON.stringify(body) })
      .where('business_id', '=', claim.businessId)
      .where('key', '=', claim.key)
      .execute();
    claim.committed = true;
  };
}

const FINGERPRINT_PREFIX = 'hmac1:';

function canonicalRequest(request: FastifyRequest): string {
  const path = request.url.split('?')[0];
  return `${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`;
}

/** The keyed fingerprint stored with a claim: it reveals nothing about the body without the master key. */
function fingerprintRequest(request: FastifyRequest, key: Buffer): string {
  return FINGERPRINT_PREFIX + createHmac('sha256', key).update(canonicalRequest(request)).digest('hex');
}

/**
 * Whether a stored record was made for this request. Records written before fingerprints were
 * keyed hold a bare SHA-256; for the 24 hours they live, this request's SHA-256 is computed in
 * memory to compare (never stored), so a retry of such a request still replays and another body
 * still answers 409, instead of every old key failing with a false mismatch.
 */
function sameRequest(stored: string, fingerprint: string, request: FastifyRequest): boolean {
  if (stored.startsWith(FINGERPRINT_PREFIX)) return stored === fingerprint;
  return stored === createHash('sha256').update(canonicalRequest(request)).digest('hex');
}

async function tryClaim(db: Db, claim: Claim, requestHash: string, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      business_id: claim.businessId,
      key: claim.key,
      request_hash: requestHash,
      state: 'IN_FLIGHT',
      response_status: null,
      response_body: null,
      created: now.toISOString(),
      locked_until: claim.lockedUntil,
    })
    .onConflict((oc) => oc.columns(['business_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

/**
 * Takes over an abandoned claim; the compare on locked_until lets only one taker win. The
 * fingerprint is rewritten too, so a claim left with an old unkeyed hash does not keep it.
 */
async function takeOver(db: Db, claim: Claim, lockedUntil: string, requestHash: string): Promise<boolean> {
  const result = await db
    .updateTable('idempotency_keys')
    .set({ locked_until: claim.lockedUntil, request_hash: requestHash })
    .where('business_id', '=', claim.businessId)
    .where('key', '=', claim.key)
    .where('state', '=', 'IN_FLIGHT')
    .where('locked_until', '=', lockedUntil)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function release(db: Db, claim: Claim): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('business_id', '=', claim.businessId)
    .where('key', '=', claim.key)
    .where('state', '=', 'IN_FLIGHT')
    .where('locked_until', '=', claim.lockedUntil)
    .execute();
}

/** Forgets records older than 24 hours; run by the worker. */
export async function purgeIdempotencyKeys(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created', '<', new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
