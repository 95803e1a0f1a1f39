import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import { recordEvent } from '../src/modules/events/outbox.ts';
import { EVENT_TYPES } from '../src/modules/events/types.ts';
import { startTestApp, TEST_SECRET_KEY, type TestApp } from './helpers/app.ts';
import { attempt, card, createSession } from './helpers/payments.ts';
import { openStream, type SseStream } from './helpers/sse.ts';
import { DIALECTS } from './helpers/stores.ts';
import { basicAuth } from './helpers/process.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';

/** GET /events/stream: the business's events as they commit, resumable, with heartbeats. */
async function listening(t: TestApp): Promise<string> {
  if (!t.app.server.listening) await t.app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

const auth = { authorization: basicAuth(TEST_SECRET_KEY) };

async function stream(t: TestApp, query = '', headers: Record<string, string> = {}): Promise<SseStream> {
  return openStream(`${await listening(t)}/events/stream${query}`, { ...auth, ...headers });
}

let n = 0;
const record = async (t: TestApp, type: string, db = t.store.db) =>
  (await recordEvent(db, { businessId: t.businessId, type, subjectId: `subj_${++n}`, data: { n }, created: new Date().toISOString() })).id;

for (const dialect of DIALECTS) {
  describe(`event stream (${dialect})`, () => {
    const t = testAppPerSuite(dialect, { LUNAS_STREAM_HEARTBEAT_MS: '100' });

    test('events committed after the stream opened arrive, each with the envelope a delivery sends', async () => {
      const before = await record(t, 'payment.capture');
      const s = await stream(t);
      assert.equal(s.status, 200);
      assert.match(s.headers.get('content-type')!, /^text\/event-stream/);
      // Through the API: the request's commit wakes the stream.
      const session = await createSession(t);
      await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      await s.waitFor(2);
      s.close();
      assert.ok(!s.messages.some((m) => m.id === before), 'only events from now on');
      assert.deepEqual(s.messages.map((m) => m.event).sort(), ['payment.capture', 'payment_session.completed']);
      for (const m of s.messages) {
        const body = JSON.parse(m.data);
        assert.equal(body.event, m.event);
        assert.equal(body.business_id, t.businessId);
        assert.equal(body.api_version, 'v3');
        assert.ok(body.data && typeof body.data === 'object');
        assert.match(m.id!, /^evt_/);
      }
    });

    test('?types= keeps only those types; an unknown type is a 400 before streaming', async () => {
      const s = await stream(t, '?types=refund.failed,payment.failure');
      await record(t, 'payment.capture');
      const wanted = await record(t, 'payment.failure');
      await s.waitFor(1);
      await new Promise((r) => setTimeout(r, 300));
      s.close();
      assert.deepEqual(s.messages.map((m) => m.id), [wanted]);

      const bad = await stream(t, '?types=payment.nope');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error_code, 'API_VALIDATION_ERROR');
      assert.match(bad.body.message, /unknown event type "payment\.nope".*payment_session\.completed/);
    });

    test('Last-Event-ID resumes right after that event: nothing lost, nothing twice', async () => {
      const first = await stream(t);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await record(t, 'payment.capture'));
      await first.waitFor(5);
      first.close();
      assert.deepEqual(first.messages.map((m) => m.id), ids);
      // Events committed while nobody listens.
      for (let i = 0; i < 3; i++) ids.push(await record(t, 'payment.capture'));
      const resumed = await stream(t, '', { 'last-event-id': ids[2]! });
      await resumed.waitFor(5);
      ids.push(await record(t, 'payment.capture'));
      await resumed.waitFor(6);
      await new Promise((r) => setTimeout(r, 300));
      resumed.close();
      assert.deepEqual(resumed.messages.map((m) => m.id), ids.slice(3));
      // The query parameter works the same for clients that cannot set headers.
      const byQuery = await stream(t, `?last_event_id=${ids.at(-2)}`);
      await byQuery.waitFor(1);
      byQuery.close();
      assert.equal(byQuery.messages[0]!.id, ids.at(-1));
    });

    test('an unknown or malformed Last-Event-ID is refused before streaming', async () => {
      const unknown = await stream(t, '', { 'last-event-id': 'evt_00000000-0000-4000-8000-000000000000' });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error_code, 'DATA_NOT_FOUND');
      const malformed = await stream(t, '', { 'last-event-id': 'nope' });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.body.error_code, 'API_VALIDATION_ERROR');
    });

    test("another business's events never appear, and its event ids are unknown here", async () => {
      const account = await t.post('/v2/accounts', { email: 'sub@example.com', type: 'OWNED', public_profile: { business_name: 'Sub' } });
      assert.equal(account.statusCode, 201, account.body);
      const subId = account.json().id as string;
      const sub = await stream(t, '', { 'for-user-id': subId });
      const mine = await stream(t);
      const { id: theirs } = await recordEvent(t.store.db, { businessId: subId, type: 'refund.succeeded', subjectId: 'rfd_x', data: {}, created: new Date().toISOString() });
      const own = await record(t, 'refund.succeeded');
      await sub.waitFor(1);
      await mine.waitFor(1);
      await new Promise((r) => setTimeout(r, 300));
      sub.close();
      mine.close();
      assert.deepEqual(sub.messages.map((m) => m.id), [theirs]);
      assert.deepEqual(mine.messages.map((m) => m.id), [own]);
      const cross = await stream(t, '', { 'last-event-id': theirs });
      assert.equal(cross.status, 404);
    });

    test('an idle stream sends heartbeat comments', async () => {
      const s = await stream(t);
      await s.waitForComments(3, 3000);
      s.close();
      assert.ok(s.comments.some((c) => c.startsWith('heartbeat')));
    });

    test('without a valid key: 401 in Xendit form', async () => {
      const s = await openStream(`${await listening(t)}/events/stream`, { authorization: basicAuth('xnd_development_wrong_key_000000') });
      assert.equal(s.status, 401);
      assert.equal(s.body.error_code, 'INVALID_API_KEY');
    });

    test('GET /webhooks/listen makes one whsec_ secret per business and keeps it; PUT records the last event', async () => {
      const a = (await t.get('/webhooks/listen')).json();
      assert.match(a.signing_secret, /^whsec_[A-Za-z0-9+/=]{40,}$/);
      assert.equal(a.callback_token, (await t.get('/webhooks/settings')).json().callback_token);
      assert.equal(a.last_event_id, null);
      const id = await record(t, 'payment.capture');
      const put = await t.request({ method: 'PUT', url: '/webhooks/listen', payload: { last_event_id: id } });
      assert.equal(put.statusCode, 204, put.body);
      const b = (await t.get('/webhooks/listen')).json();
      assert.equal(b.signing_secret, a.signing_secret);
      assert.equal(b.last_event_id, id);
      const unknown = await t.request({ method: 'PUT', url: '/webhooks/listen', payload: { last_event_id: 'evt_00000000-0000-4000-8000-000000000000' } });
      assert.equal(unknown.statusCode, 404);
      // Sealed at rest: the secret is not in the store as text.
      const rows = await t.store.db.selectFrom('webhook_settings').selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes(a.signing_secret.slice(6)));
    });
  });

  describe(`event stream and shutdown (${dialect})`, () => {
    test('closing the app ends open streams instead of waiting for them', async () => {
      const t = await startTestApp(dialect);
      const s = await stream(t);
      const started = Date.now();
      await t.app.close();
      await s.ended;
      const took = Date.now() - started;
      await t.close();
      assert.ok(took < 2000, `app.close took ${took} ms`);
    });
  });
}

if (DIALECTS.includes('postgres')) {
  describe('event stream on PostgreSQL: commit order, not seq order', () => {
    const t = testAppPerSuite('postgres');

    test('an event whose transaction commits after a later one is still streamed, once, with no gap', async () => {
      const s = await stream(t);
      let releaseFirst!: () => void;
      const held = new Promise<void>((resolve) => (releaseFirst = resolve));
      let firstId: string | undefined;
      let inserted!: () => void;
      const insertedP = new Promise<void>((resolve) => (inserted = resolve));
      // The first transaction takes its seq, then stays open …
      const first = t.store.db.transaction().execute(async (trx) => {
        firstId = await record(t, 'payment.capture', trx);
        inserted();
        await held;
      });
      await insertedP;
      // … while a second one (higher seq) commits, and a stream reads.
      const second = await record(t, 'payment.failure');
      const [firstSeq, secondSeq] = await Promise.all([firstId!, second].map(async (id) => (await t.store.db.selectFrom('events').select('seq').where('id', '=', id).executeTakeFirst())?.seq));
      assert.equal(firstSeq, undefined, 'the first event is not visible yet');
      assert.ok(secondSeq! > 0);
      await new Promise((r) => setTimeout(r, 600));
      releaseFirst();
      await first;
      const third = await record(t, 'refund.failed');
      await s.waitFor(3);
      await new Promise((r) => setTimeout(r, 400));
      s.close();
      const ids = s.messages.map((m) => m.id);
      assert.deepEqual([...ids].sort(), [firstId!, second, third].sort());
      assert.equal(new Set(ids).size, ids.length, 'nothing twice');
      // A client that resumes from the second event still misses nothing either.
      const resumed = await stream(t, '', { 'last-event-id': ids[0]! });
      await resumed.waitFor(2);
      resumed.close();
      assert.deepEqual(resumed.messages.map((m) => m.id), ids.slice(1));
    });
  });
}


if (DIALECTS.includes('postgres')) {
  describe('event stream on PostgreSQL: "now" while a transaction is open', () => {
    const t = testAppPerSuite('postgres');

    test('an event committed before the stream opened is not sent, even above the xmin horizon; one committed after is', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertedP = new Promise<void>((resolve) => (inserted = resolve));
      let heldId: string | undefined;
      const open = t.store.db.transaction().execute(async (trx) => {
        heldId = await record(t, 'payment.capture', trx);
        inserted();
        await held;
      });
      await insertedP;
      const before = await record(t, 'payment.failure');
      const s = await stream(t);
      release();
      await open;
      const afterId = await record(t, 'refund.failed');
      await s.waitFor(2);
      await new Promise((r) => setTimeout(r, 400));
      s.close();
      assert.deepEqual(s.messages.map((m) => m.id), [heldId, afterId]);
      assert.ok(!s.messages.some((m) => m.id === before));
    });
  });
}

describe('event types', () => {
  test('EVENT_TYPES lists every type the sources record', () => {
    const src = path.resolve(import.meta.dirname, '../src');
    const recorded = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts')) for (const m of readFileSync(file, 'utf8').matchAll(/'((?:payment_session|payment_request|payment_token|payment|refund)\.[a-z_]+)'/g)) recorded.add(m[1]!);
      }
    };
    walk(src);
    assert.deepEqual([...recorded].filter((type) => !(EVENT_TYPES as readonly string[]).includes(type)), []);
  });
});
