import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { eventsFor } from '../src/modules/events/outbox.ts';
import { sessionStore } from '../src/modules/sessions/store.ts';
import { countRows, FOUNDING_PAYLOAD, TEST_SECRET_KEY } from './helpers/app.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';
import { DIALECTS } from './helpers/stores.ts';

for (const dialect of DIALECTS) {
  describe(`GET and cancel [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('GET returns the session as created', async () => {
      const created = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      const res = await t.get(`/sessions/${created.payment_session_id}`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), created);
    });

    test('cancel moves ACTIVE to CANCELED, bumps updated, and a second cancel is 422', async () => {
      const created = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      t.clock.advance(1000);
      const res = await t.post(`/sessions/${created.payment_session_id}/cancel`);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().status, 'CANCELED');
      assert.equal(res.json().updated, new Date(Date.parse(created.updated) + 1000).toISOString());
      assert.equal((await t.get(`/sessions/${created.payment_session_id}`)).json().status, 'CANCELED');

      const again = await t.post(`/sessions/${created.payment_session_id}/cancel`);
      assert.equal(again.statusCode, 422);
      assert.deepEqual(again.json(), { error_code: 'INVALID_SESSION_STATUS', message: 'Session status is CANCELED, expecting ACTIVE' });
      // Xendit sends no webhook for cancellation.
      assert.equal((await eventsFor(t.store.db, created.payment_session_id)).length, 0);
    });

    test('cancel accepts a JSON content type with an empty body, as client libraries send', async () => {
      const created = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      const res = await t.request({ method: 'POST', url: `/sessions/${created.payment_session_id}/cancel`, headers: { 'content-type': 'application/json' }, payload: '' });
      assert.equal(res.statusCode, 200, res.body);
    });

    test('unknown and malformed ids', async () => {
      const unknown = await t.get('/sessions/ps-000000000000000000000000');
      assert.equal(unknown.statusCode, 404);
      assert.deepEqual(unknown.json(), { error_code: 'NOT_FOUND', message: 'Session not found' });
      assert.equal((await t.post('/sessions/ps-000000000000000000000000/cancel')).statusCode, 404);
      const malformed = await t.get('/sessions/not-a-session');
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().error_code, 'API_VALIDATION_ERROR');
      assert.equal(malformed.json().errors[0].path, '/params/session_id');
    });

    test('missing, malformed and unknown keys are 401 INVALID_API_KEY', async () => {
      const expected = { error_code: 'INVALID_API_KEY', message: 'API key is not authorized for this API' };
      for (const auth of [null, 'xnd_development_unknown_key_123', '']) {
        const res = await t.request({ method: 'POST', url: '/sessions', payload: FOUNDING_PAYLOAD, auth });
        assert.equal(res.statusCode, 401);
        assert.deepEqual(res.json(), expected);
      }
      const bearer = await t.request({ method: 'GET', url: '/sessions/ps-000000000000000000000000', auth: null, headers: { authorization: `Bearer ${TEST_SECRET_KEY}` } });
      assert.equal(bearer.statusCode, 401);
      // Auth comes before validation: a bad body with a bad key is still 401.
      assert.equal((await t.request({ method: 'POST', url: '/sessions', payload: '{', auth: null, headers: { 'content-type': 'application/json' } })).statusCode, 401);
    });

    test("another business's session is 404, and for-user-id reaches only one's own sub-accounts", async () => {
      const other = await t.services.businesses.createBusiness({ name: 'Other' });
      const sub = await t.services.businesses.createBusiness({ name: 'Sub', parentId: t.businessId });
      const othersSub = await t.services.businesses.createBusiness({ name: 'Other sub', parentId: other.business.id });

      const mine = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      const asOther = await t.request({ method: 'GET', url: `/sessions/${mine.payment_session_id}`, auth: other.secretKey });
      assert.equal(asOther.statusCode, 404);
      assert.equal((await t.request({ method: 'POST', url: `/sessions/${mine.payment_session_id}/cancel`, auth: other.secretKey })).statusCode, 404);

      const forSub = await t.post('/sessions', FOUNDING_PAYLOAD, { 'for-user-id': sub.business.id });
      assert.equal(forSub.statusCode, 201);
      assert.equal(forSub.json().business_id, sub.business.id);
      const subId = forSub.json().payment_session_id;
      // The sub-account's own key sees it; the parent sees it only through for-user-id.
      assert.equal((await t.request({ method: 'GET', url: `/sessions/${subId}`, auth: sub.secretKey })).statusCode, 200);
      assert.equal((await t.get(`/sessions/${subId}`)).statusCode, 404);
      assert.equal((await t.get(`/sessions/${subId}`, { 'for-user-id': sub.business.id })).statusCode, 200);

      const before = await countRows(t);
      for (const forUser of [othersSub.business.id, other.business.id, 'ffffffffffffffffffffffff', 'nonsense']) {
        const res = await t.post('/sessions', FOUNDING_PAYLOAD, { 'for-user-id': forUser });
        assert.equal(res.statusCode, 403, forUser);
        assert.equal(res.json().error_code, 'REQUEST_FORBIDDEN_ERROR');
      }
      // A sub-account cannot act for its parent either.
      assert.equal((await t.request({ method: 'GET', url: `/sessions/${mine.payment_session_id}`, auth: sub.secretKey, headers: { 'for-user-id': t.businessId } })).statusCode, 403);
      assert.deepEqual(await countRows(t), before);
    });
  });

  describe(`expiry [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('an ACTIVE session past expires_at reads EXPIRED at once and records one payment_session.expired', async () => {
      const created = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      t.clock.advance(30 * 60 * 1000 - 1);
      assert.equal((await t.get(`/sessions/${created.payment_session_id}`)).json().status, 'ACTIVE');
      t.clock.advance(1);
      const read = (await t.get(`/sessions/${created.payment_session_id}`)).json();
      assert.equal(read.status, 'EXPIRED');
      assert.equal((await t.get(`/sessions/${created.payment_session_id}`)).json().status, 'EXPIRED');
      await t.services.sessions.sweepExpired();

      const events = await eventsFor(t.store.db, created.payment_session_id);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.type, 'payment_session.expired');
      assert.equal(events[0]!.business_id, t.businessId);
      assert.equal(events[0]!.data.status, 'EXPIRED');
      assert.equal(events[0]!.data.payment_session_id, created.payment_session_id);
      assert.equal(events[0]!.data.amount, 10000);
      assert.equal(events[0]!.data.reference_id, 'order-1');

      const cancel = await t.post(`/sessions/${created.payment_session_id}/cancel`);
      assert.equal(cancel.statusCode, 422);
      assert.equal(cancel.json().message, 'Session status is EXPIRED, expecting ACTIVE');
    });

    test('the sweeper persists expiry with its event, once, and leaves other sessions alone', async () => {
      const due = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      const later = (await t.post('/sessions', { ...FOUNDING_PAYLOAD, expires_at: new Date(t.clock.now().getTime() + 60 * 60 * 1000).toISOString() })).json();
      const canceled = (await t.post('/sessions', FOUNDING_PAYLOAD)).json();
      await t.post(`/sessions/${canceled.payment_session_id}/cancel`);
      t.clock.advance(31 * 60 * 1000);

      assert.ok((await t.services.sessions.sweepExpired()) >= 1);
      assert.equal(await t.services.sessions.sweepExpired(), 0, 'a second sweep finds nothing');
      const row = await t.store.db.selectFrom('sessions').select(['status', 'updated']).where('id', '=', due.payment_session_id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'EXPIRED');
      assert.equal(row.updated, t.clock.now().toISOString());
      assert.equal((await eventsFor(t.store.db, due.payment_session_id)).length, 1);
      assert.equal((await t.get(`/sessions/${later.payment_session_id}`)).json().status, 'ACTIVE');
      assert.equal((await t.get(`/sessions/${canceled.payment_session_id}`)).json().status, 'CANCELED');
      assert.equal((await eventsFor(t.store.db, canceled.payment_session_id)).length, 0);
    });

    test('a read while a sweeper is committing that session waits for it and reads EXPIRED, not a stale ACTIVE', async () => {
      const id = (await t.post('/sessions', FOUNDING_PAYLOAD)).json().payment_session_id;
      t.clock.advance(31 * 60 * 1000);
      // A sweeper (another process, say) has expired the row but not yet committed.
      let commit!: () => void;
      const committing = new Promise<void>((resolve) => (commit = resolve));
      let expiredUncommitted!: () => void;
      const rowLocked = new Promise<void>((resolve) => (expiredUncommitted = resolve));
      const sweeper = t.store.db.transaction().execute(async (trx) => {
        const rows = await sessionStore.expireDue(trx, t.store.dialect, t.clock.now().toISOString(), 10, id);
        assert.equal(rows.length, 1);
        expiredUncommitted();
        await committing;
      });
      await rowLocked;
      const read = t.get(`/sessions/${id}`);
      setTimeout(commit, 300);
      assert.equal((await read).json().status, 'EXPIRED');
      await sweeper;
    });

    test('concurrent sweeps and reads expire a session exactly once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await t.post('/sessions', FOUNDING_PAYLOAD)).json().payment_session_id);
      t.clock.advance(31 * 60 * 1000);
      const [, , reads] = await Promise.all([
        t.services.sessions.sweepExpired(),
        t.services.sessions.sweepExpired(),
        Promise.all(ids.map((id) => t.get(`/sessions/${id}`))),
        t.services.sessions.sweepExpired(),
      ]);
      assert.deepEqual(reads.map((read) => read.json().status), ids.map(() => 'EXPIRED'), 'no read shows a stale ACTIVE');
      for (const id of ids) {
        const events = await eventsFor(t.store.db, id);
        assert.equal(events.length, 1, `session ${id} has ${events.length} expiry events`);
      }
    });
  });

  describe(`GET /sessions list (extension) [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);
    const ids: string[] = [];
    before(async () => {
      for (let i = 0; i < 7; i++) {
        t.clock.advance(1000);
        ids.push((await t.post('/sessions', { ...FOUNDING_PAYLOAD, reference_id: i % 2 === 0 ? 'even' : 'odd' })).json().payment_session_id);
      }
      await t.post(`/sessions/${ids[0]}/cancel`);
    });

    test('pages newest first with has_more and a next link until the end', async () => {
      const seen: string[] = [];
      let url = '/sessions?limit=3';
      for (;;) {
        const res = await t.get(url);
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json();
        seen.push(...page.data.map((s: { payment_session_id: string }) => s.payment_session_id));
        if (!page.has_more) {
          assert.deepEqual(page.links, []);
          break;
        }
        assert.equal(page.links[0].rel, 'next');
        url = page.links[0].href;
      }
      assert.deepEqual(seen, [...ids].reverse());
    });

    test('filters by status, reference_id and created range', async () => {
      const canceled = (await t.get('/sessions?status=CANCELED')).json().data;
      assert.deepEqual(canceled.map((s: { payment_session_id: string }) => s.payment_session_id), [ids[0]]);
      const odd = (await t.get('/sessions?reference_id=odd&limit=100')).json().data;
      assert.equal(odd.length, 3);
      const first = (await t.get(`/sessions/${ids[2]}`)).json();
      const ranged = (await t.get(`/sessions?created[gte]=${encodeURIComponent(first.created)}&limit=100`)).json().data;
      assert.equal(ranged.length, 5);
    });

    test('bad list parameters are 400, another business sees nothing', async () => {
      assert.equal((await t.get('/sessions?limit=0')).statusCode, 400);
      assert.equal((await t.get('/sessions?status=PAID')).statusCode, 400);
      assert.equal((await t.get('/sessions?after_id=ps-000000000000000000000000')).statusCode, 404);
      const other = await t.services.businesses.createBusiness({ name: 'Other' });
      const res = await t.request({ method: 'GET', url: '/sessions', auth: other.secretKey });
      assert.deepEqual(res.json(), { data: [], has_more: false, links: [] });
    });
  });
}
