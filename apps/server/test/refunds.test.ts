import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import pino from 'pino';
import { Xendit, XenditSdkError } from 'xendit-node';
import { RefundCallbackFromJSON } from 'xendit-node/refund/models/index.js';
import { fillRefundColumns } from '../src/db/migrations/0015_refund_columns.ts';
import { startWorker, type Worker } from '../src/worker/worker.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { nastyString } from './helpers/fuzz.ts';
import { card, decide, eventTypesFor, webUrl } from './helpers/payments.ts';
import { DIALECTS } from './helpers/stores.ts';
import { testAppPerSuite } from './helpers/suite-app.ts';

/**
 * GET /refunds and POST /refunds/{id}/cancel (docs/compatibility.md, "Refunds"). The test app
 * runs no worker: a refund stays PENDING until the test runs the due tasks, which stands for the
 * provider answering. The last suite drives xendit-node's Refund client, unmodified, against
 * Lunas listening on 127.0.0.1 with its worker running.
 */
type Json = Record<string, any>;

const sessionBody = (amount: number): Json => ({ reference_id: 'order-refunds', session_type: 'PAY', mode: 'COMPONENTS', amount, currency: 'IDR', country: 'ID', customer: { reference_id: 'cust-refunds', type: 'INDIVIDUAL', email: 'customer@yourdomain.com', individual_detail: { given_names: 'John' } }, components_configuration: { origins: ['https://example.com'] } });

async function paidCardRequest(t: TestApp, amount = 100000, headers: Record<string, string> = {}): Promise<string> {
  const session = await t.post('/sessions', sessionBody(amount), headers);
  assert.equal(session.statusCode, 201, session.body);
  const pr = await t.post(`/sessions/${session.json().payment_session_id}/payment_requests`, { channel_code: 'CARDS', channel_properties: card('4000000000001000') }, headers);
  assert.equal(pr.json().status, 'SUCCEEDED', pr.body);
  return pr.json().payment_request_id;
}

async function refund(t: TestApp, paymentRequestId: string, amount?: number, headers: Record<string, string> = {}): Promise<Json> {
  const res = await t.post('/refunds', { payment_request_id: paymentRequestId, reason: 'OTHERS', ...(amount === undefined ? {} : { amount }) }, headers);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const list = (t: TestApp, query: string, headers: Record<string, string> = {}) => t.get(`/refunds${query ? `?${query}` : ''}`, headers);
const cancel = (t: TestApp, id: string, headers: Record<string, string> = {}) => t.post(`/refunds/${id}/cancel`, undefined, headers);

/** Newest first, ties on `created` broken by id: the order the list promises. */
const newestFirst = (a: Json, b: Json) => (a.created === b.created ? (a.id < b.id ? 1 : -1) : a.created < b.created ? 1 : -1);

for (const dialect of DIALECTS) {
  describe(`refunds: list and cancel [${dialect}]`, () => {
    const t = testAppPerSuite(dialect);

    test('paging with limit and after_id, then back with before_id, returns every refund once, newest first', async () => {
      // A sub-account of its own: the list holds exactly this test's refunds.
      const account = await t.post('/v2/accounts', { email: 'pages@example.com', type: 'OWNED', public_profile: { business_name: 'Pages' } });
      const asSub = { 'for-user-id': account.json().id as string };
      const [first, second] = [await paidCardRequest(t, 100000, asSub), await paidCardRequest(t, 100000, asSub)];
      const made: Json[] = [];
      for (let i = 0; i < 8; i++) {
        // Some share a `created` (the test clock stands still), some do not.
        if (i % 3 === 0) t.clock.advance(1000);
        made.push(await refund(t, i % 2 ? first : second, 1000 + i, asSub));
      }
      const expected = [...made].sort(newestFirst).map((r) => r.id);

      const seen: string[] = [];
      let res = await list(t, 'limit=3', asSub);
      for (let pages = 1; ; pages++) {
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json();
        seen.push(...page.data.map((r: Json) => r.id));
        if (!page.has_more) {
          assert.deepEqual(page.links, []);
          assert.equal(pages, 3);
          break;
        }
        assert.equal(page.data.length, 3);
        // The `next` link is the request for the following page, filters and limit kept.
        const [next] = page.links;
        assert.deepEqual({ rel: next.rel, method: next.method }, { rel: 'next', method: 'GET' });
        assert.match(next.href, /^\/refunds\?.*limit=3/);
        assert.equal(new URL(next.href, 'http://x').searchParams.get('after_id'), page.data.at(-1).id);
        res = await t.get(next.href, asSub);
      }
      assert.deepEqual(seen, expected, 'every refund once, newest first');

      const back: string[] = [];
      let before = expected.at(-1);
      for (;;) {
        const page = (await list(t, `limit=3&before_id=${before}`, asSub)).json();
        assert.deepEqual(page.data.map((r: Json) => r.id), [...page.data].sort(newestFirst).map((r: Json) => r.id), 'a page before a cursor is newest first too');
        back.unshift(...page.data.map((r: Json) => r.id));
        if (!page.has_more) break;
        assert.equal(page.links[0].rel, 'previous');
        before = page.data[0].id;
      }
      assert.deepEqual(back, expected.slice(0, -1), 'before_id pages cover everything newer than the cursor');
      assert.deepEqual((await list(t, `before_id=${expected[0]}`, asSub)).json(), { data: [], has_more: false, links: [] });
      assert.equal((await list(t, 'limit=100', asSub)).json().data.length, 8);
      assert.equal((await list(t, '', asSub)).json().data.length, 8, 'the default limit is 10');
    });

    test('filters: payment_request_id, channel_code, payment_method_type, invoice_id; each refund carries its country', async () => {
      const account = await t.post('/v2/accounts', { email: 'filters@example.com', type: 'OWNED', public_profile: { business_name: 'Filters' } });
      const asSub = { 'for-user-id': account.json().id as string };
      const cardRequest = await paidCardRequest(t, 100000, asSub);
      const cardRefunds = [await refund(t, cardRequest, 1000, asSub), await refund(t, cardRequest, 2000, asSub)];
      const session = await t.post('/sessions', sessionBody(100000), asSub);
      const wallet = await t.post(`/sessions/${session.json().payment_session_id}/payment_requests`, { channel_code: 'LINKAJA' }, asSub);
      await decide(t, webUrl(wallet.json()), { decision: 'approve' });
      const walletRefund = await refund(t, wallet.json().payment_request_id, undefined, asSub);
      assert.equal(walletRefund.country, 'ID');
      assert.equal(cardRefunds[0]!.country, 'ID');

      const ids = async (query: string) => (await list(t, query, asSub)).json().data.map((r: Json) => r.id).sort();
      assert.deepEqual(await ids(`payment_request_id=${cardRequest}`), cardRefunds.map((r) => r.id).sort());
      assert.deepEqual(await ids('channel_code=LINKAJA'), [walletRefund.id]);
      assert.deepEqual(await ids('payment_method_type=EWALLET'), [walletRefund.id]);
      assert.deepEqual(await ids('payment_method_type=CARD&channel_code=CARDS'), cardRefunds.map((r) => r.id).sort());
      assert.deepEqual(await ids(`payment_request_id=${cardRequest}&channel_code=LINKAJA`), []);
      assert.deepEqual(await ids('invoice_id=65fc7522ff846905c2fc1c8d'), [], 'Lunas refunds never come from an invoice');
      assert.deepEqual(await ids('channel_code=OVO'), []);
      // Filters and after_id together page within the filter.
      const firstPage = (await list(t, `payment_request_id=${cardRequest}&limit=1`, asSub)).json();
      assert.equal(firstPage.has_more, true);
      const rest = (await list(t, `payment_request_id=${cardRequest}&limit=1&after_id=${firstPage.data[0].id}`, asSub)).json();
      assert.deepEqual([firstPage.data[0].id, rest.data[0].id].sort(), cardRefunds.map((r) => r.id).sort());
      assert.equal(rest.has_more, false);
    });

    test('bad list queries are 400 API_VALIDATION_ERROR; an unknown cursor is 404', async () => {
      for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'after_id=rfd_x', 'after_id=rfd-x!', 'before_id=pr-1', 'channel_code=', 'limit=1&limit=2']) {
        const res = await list(t, query);
        assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
        assert.equal(res.json().error_code, 'API_VALIDATION_ERROR', query);
      }
      const both = await list(t, 'after_id=rfd-00000000-0000-4000-8000-000000000000&before_id=rfd-00000000-0000-4000-8000-000000000001');
      assert.equal(both.statusCode, 400);
      assert.deepEqual(both.json().errors, [{ path: '/querystring/before_id', message: 'cannot be given with after_id: page one way at a time' }]);
      const unknown = await list(t, 'after_id=rfd-00000000-0000-4000-8000-000000000000');
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().error_code, 'DATA_NOT_FOUND');
    });

    test("a business sees and cancels only its own refunds: another's are 404 and stay as they were", async () => {
      const account = await t.post('/v2/accounts', { email: 'scope@example.com', type: 'OWNED', public_profile: { business_name: 'Scope' } });
      const asSub = { 'for-user-id': account.json().id as string };
      const parents = await refund(t, await paidCardRequest(t), 1000);
      const subs = await refund(t, await paidCardRequest(t, 100000, asSub), 1000, asSub);

      assert.deepEqual((await list(t, '', asSub)).json().data.map((r: Json) => r.id), [subs.id]);
      assert.ok(!(await list(t, 'limit=100')).json().data.some((r: Json) => r.id === subs.id), "the parent's list holds none of the sub-account's");
      for (const [id, headers] of [[parents.id, asSub], [subs.id, {}]] as const) {
        assert.equal((await t.get(`/refunds/${id}`, headers)).statusCode, 404);
        const res = await cancel(t, id, headers);
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().error_code, 'DATA_NOT_FOUND');
        assert.equal((await list(t, `after_id=${id}`, headers)).statusCode, 404, 'nor is it a cursor');
      }
      assert.equal((await t.get(`/refunds/${parents.id}`)).json().status, 'PENDING');
      assert.equal((await t.get(`/refunds/${subs.id}`, asSub)).json().status, 'PENDING');
    });

    test('cancel: a PENDING refund becomes CANCELLED, gives its amount back, and sends no webhook', async () => {
      const pr = await paidCardRequest(t, 30000);
      const held = await refund(t, pr, 10050);
      await t.services.tasks.runDue();
      assert.equal((await t.get(`/refunds/${held.id}`)).json().status, 'PENDING', 'the provider holds a refund of 10050');
      // While it is pending, its amount is reserved.
      const over = await t.post('/refunds', { payment_request_id: pr, reason: 'OTHERS', amount: 30000 - 10050 + 1 });
      assert.equal(over.json().error_code, 'REFUND_AMOUNT_EXCEEDED');

      t.clock.advance(5000);
      const res = await cancel(t, held.id, { 'idempotency-key': `cancel-${held.id}` });
      assert.equal(res.statusCode, 200, res.body);
      const cancelled = res.json();
      assert.equal(cancelled.status, 'CANCELLED');
      assert.equal(cancelled.updated, t.clock.now().toISOString());
      assert.deepEqual({ ...cancelled, status: 'PENDING', updated: held.updated }, held, 'nothing else changes');
      assert.deepEqual((await t.get(`/refunds/${held.id}`)).json(), cancelled);
      // The same key replays the answer; a new cancel is refused: it is no longer PENDING.
      assert.deepEqual((await cancel(t, held.id, { 'idempotency-key': `cancel-${held.id}` })).json(), cancelled);
      const again = await cancel(t, held.id);
      assert.equal(again.statusCode, 400);
      assert.equal(again.json().error_code, 'INELIGIBLE_TRANSACTION_STATUS');
      assert.match(again.json().message, /CANCELLED/);

      await t.services.tasks.runDue();
      assert.deepEqual(await eventTypesFor(t, held.id), [], 'no refund event for a cancelled refund');
      const whole = await refund(t, pr);
      assert.equal(whole.amount, 30000, 'the whole capture is refundable again');
    });

    test('cancel is refused for SUCCEEDED and FAILED refunds and for unknown or malformed ids', async () => {
      const pr = await paidCardRequest(t, 30000);
      const succeeded = await refund(t, pr, 1000);
      const failed = await refund(t, pr, 10054);
      await t.services.tasks.runDue();
      for (const [r, status] of [[succeeded, 'SUCCEEDED'], [failed, 'FAILED']] as const) {
        const res = await cancel(t, r.id);
        assert.equal(res.statusCode, 400, res.body);
        assert.deepEqual(res.json(), { error_code: 'INELIGIBLE_TRANSACTION_STATUS', message: `Refund status is ${status}, expecting PENDING: only a refund the provider has not answered yet can be cancelled` });
        assert.equal((await t.get(`/refunds/${r.id}`)).json().status, status);
      }
      assert.deepEqual(await eventTypesFor(t, succeeded.id, failed.id), ['refund.succeeded', 'refund.failed']);
      const unknown = await cancel(t, 'rfd-00000000-0000-4000-8000-000000000000');
      assert.deepEqual([unknown.statusCode, unknown.json().error_code], [404, 'DATA_NOT_FOUND']);
      const malformed = await cancel(t, 'rfd-nope!');
      assert.deepEqual([malformed.statusCode, malformed.json().error_code], [400, 'API_VALIDATION_ERROR']);
      // What is left to refund: the capture less the one refund that succeeded.
      assert.equal((await refund(t, pr)).amount, 29000);
    });

    test('a cancel racing the provider\'s answer: exactly one applies, and the amounts add up', async () => {
      const pr = await paidCardRequest(t, 100000);
      const pending = [];
      for (let i = 1; i <= 8; i++) pending.push(await refund(t, pr, 1000 * i));
      // Each refund's answer (what its task runs) and its cancel: one after the other either way
      // round (both outcomes, deterministically), or started together (a true race).
      const cancels = await Promise.all(
        pending.map(async (r, i) => {
          const answer = () => t.services.refunds.process(r.id);
          if (i % 3 === 0) {
            const res = await cancel(t, r.id);
            await answer();
            return res;
          }
          if (i % 3 === 1) {
            await answer();
            return cancel(t, r.id);
          }
          return (await Promise.all([cancel(t, r.id), answer()]))[0];
        }),
      );
      const outcomes = cancels.map((c) => c.statusCode);
      assert.deepEqual([outcomes[0], outcomes[1], outcomes[3], outcomes[4]], [200, 400, 200, 400]);
      let succeeded = 0;
      for (const [i, r] of pending.entries()) {
        const final = (await t.get(`/refunds/${r.id}`)).json();
        const events = await eventTypesFor(t, r.id);
        if (cancels[i]!.statusCode === 200) {
          assert.equal(final.status, 'CANCELLED');
          assert.deepEqual(events, []);
        } else {
          assert.equal(cancels[i]!.json().error_code, 'INELIGIBLE_TRANSACTION_STATUS');
          assert.equal(final.status, 'SUCCEEDED');
          assert.deepEqual(events, ['refund.succeeded']);
          succeeded += r.amount;
        }
      }
      await t.services.tasks.runDue();
      assert.equal((await refund(t, pr)).amount, 100000 - succeeded, 'only succeeded refunds keep their amount');
    });

    test('random query strings on GET /refunds and random ids on cancel never answer 5xx', async () => {
      const pr = await paidCardRequest(t);
      const some = await refund(t, pr, 1000);
      const key = fc.constantFrom('payment_request_id', 'invoice_id', 'payment_method_type', 'channel_code', 'limit', 'after_id', 'before_id', 'status', '');
      const value = fc.oneof(nastyString, fc.integer({ min: -5, max: 500 }).map(String), fc.constantFrom(some.id, pr, 'CARD', 'CARDS', 'rfd-00000000-0000-4000-8000-000000000000'));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(key, value), { maxLength: 5 }), fc.oneof(value, fc.constant(some.id)), async (pairs, id) => {
          const query = new URLSearchParams(pairs.map(([k, v]) => [k, v.replace(/[\uD800-\uDFFF]/g, '\uFFFD')])).toString();
          const res = await list(t, query);
          assert.ok(res.statusCode < 500, `GET /refunds?${query} → ${res.statusCode} ${res.body}`);
          if (res.statusCode === 200) assert.ok(Array.isArray(res.json().data) && typeof res.json().has_more === 'boolean');
          else assert.equal(typeof res.json().error_code, 'string');
          const cancelled = await cancel(t, encodeURIComponent(id.replace(/[\uD800-\uDFFF]/g, '\uFFFD')));
          assert.ok(cancelled.statusCode < 500, `cancel ${id} → ${cancelled.statusCode} ${cancelled.body}`);
        }),
        { seed: 20261207, numRuns: 150 },
      );
    });

    test('migration 0015 fills channel, method type and country of refunds written before it', async () => {
      const written = await refund(t, await paidCardRequest(t), 1000);
      await t.store.db.updateTable('refunds').set({ channel_code: '', payment_method_type: '', country: '' }).where('id', '=', written.id).execute();
      // As an older Lunas wrote the body: channel and method type inside it.
      const row = await t.store.db.selectFrom('refunds').select('body').where('id', '=', written.id).executeTakeFirstOrThrow();
      const body = { ...JSON.parse(row.body), channel_code: 'CARDS', payment_method_type: 'CARD' };
      await t.store.db.updateTable('refunds').set({ body: JSON.stringify(body) }).where('id', '=', written.id).execute();
      await fillRefundColumns(t.store.db);
      assert.deepEqual((await t.get(`/refunds/${written.id}`)).json(), written);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`xendit-node's Refund client, unmodified, against Lunas on 127.0.0.1 [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Receiver;
    let worker: Worker;
    let xendit: Xendit;
    before(async () => {
      receiver = await startReceiver();
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_URL: receiver.url });
      // Real time: the worker runs what a request enqueues at once, as `lunas start` does.
      t.clock.set(Date.now());
      worker = startWorker({ db: t.store.db, services: t.services, clock: t.clock, log: pino({ level: 'silent' }), intervalMs: 3_600_000 });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as { port: number };
      xendit = new Xendit({ secretKey: t.config.secretKey!, xenditURL: `http://127.0.0.1:${port}` });
    });
    after(async () => {
      await worker.stop();
      await t.close();
      await receiver.close();
    });

    /** What the SDK throws for an error answer: its status and Xendit's error_code. */
    const failure = async (call: Promise<unknown>): Promise<[number, string | undefined]> => {
      const error = await call.then(() => assert.fail('expected an error answer'), (e: unknown) => e);
      assert.ok(error instanceof XenditSdkError, String(error));
      return [Number(error.status), error.errorCode];
    };

    test('createRefund, getRefund, getAllRefunds and cancelRefund; the refund.succeeded webhook parses as RefundCallback', async () => {
      const { Refund } = xendit;
      const pr = await paidCardRequest(t, 50000);
      const created = await Refund.createRefund({ idempotencyKey: `sdk-${pr}`, data: { paymentRequestId: pr, reason: 'REQUESTED_BY_CUSTOMER', amount: 1000, referenceId: 'sdk-ref', metadata: { order: '1' } } });
      assert.deepEqual({ ...created, id: undefined, created: undefined, updated: undefined }, {
        id: undefined, paymentRequestId: pr, amount: 1000, channelCode: 'CARDS', country: 'ID', currency: 'IDR', referenceId: 'sdk-ref',
        failureCode: undefined, refundFeeAmount: 0, created: undefined, updated: undefined, metadata: { order: '1' },
      });
      assert.match(created.id!, /^rfd-/);
      assert.equal((await Refund.getRefund({ refundID: created.id! })).id, created.id);

      // The worker answers at once; the webhook says so, in the shape xendit-node's callback model reads.
      for (let waited = 0; (await t.get(`/refunds/${created.id}`)).json().status === 'PENDING'; waited += 20) {
        assert.ok(waited < 5000, 'the worker answers the refund within moments');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await t.services.dispatcher.drain();
      const delivered = receiver.received.map((r) => r.json).find((w) => w.event === 'refund.succeeded' && w.data.id === created.id);
      assert.ok(delivered, `no refund.succeeded for ${created.id}: ${receiver.received.map((r) => r.json.event).join(', ')}`);
      const callback = RefundCallbackFromJSON(delivered);
      assert.equal(callback.event, 'refund.succeeded');
      assert.equal(callback.businessId, t.businessId);
      const data = callback.data!;
      for (const field of ['id', 'paymentId', 'paymentMethodType', 'amount', 'channelCode', 'status', 'reason', 'country', 'currency', 'created', 'updated'] as const) {
        assert.notEqual(data[field], undefined, `RefundCallbackData.${field} is required`);
      }
      assert.deepEqual([data.status, data.country, data.amount, data.paymentMethodType], ['SUCCEEDED', 'ID', 1000, 'CARD']);

      // A held refund (10050) stays PENDING until cancelled. (The test clock stands still: move it, so held is the newer.)
      t.clock.advance(1000);
      const held = await Refund.createRefund({ data: { paymentRequestId: pr, reason: 'CANCELLATION', amount: 10050 } });
      const page = await Refund.getAllRefunds({ paymentRequestId: pr, limit: 1 });
      assert.deepEqual([page.data.map((r) => r.id), page.hasMore], [[held.id], true]);
      const next = await Refund.getAllRefunds({ paymentRequestId: pr, limit: 1, afterId: held.id });
      assert.deepEqual([next.data.map((r) => r.id), next.hasMore], [[created.id], false]);
      assert.deepEqual((await Refund.getAllRefunds({ paymentRequestId: pr, beforeId: created.id })).data.map((r) => r.id), [held.id]);
      assert.deepEqual((await Refund.getAllRefunds({ paymentRequestId: pr, channelCode: 'CARDS', paymentMethodType: 'CARD' })).data.length, 2);
      assert.deepEqual((await Refund.getAllRefunds({ invoiceId: '65fc7522ff846905c2fc1c8d' })).data, []);

      const cancelled = await Refund.cancelRefund({ refundID: held.id!, idempotencyKey: `cancel-${held.id}` });
      assert.equal(cancelled.id, held.id);
      assert.equal((await t.get(`/refunds/${held.id}`)).json().status, 'CANCELLED');
      assert.deepEqual(await failure(Refund.cancelRefund({ refundID: held.id! })), [400, 'INELIGIBLE_TRANSACTION_STATUS']);
      assert.deepEqual(await failure(Refund.cancelRefund({ refundID: created.id! })), [400, 'INELIGIBLE_TRANSACTION_STATUS']);
      assert.deepEqual(await failure(Refund.getRefund({ refundID: 'rfd-00000000-0000-4000-8000-000000000000' })), [404, 'DATA_NOT_FOUND']);
      assert.deepEqual(await failure(Refund.getAllRefunds({ limit: 0 })), [400, 'API_VALIDATION_ERROR']);
      // The cancelled amount is refundable again: everything but the succeeded 1000.
      const rest = await Refund.createRefund({ data: { paymentRequestId: pr, reason: 'OTHERS' } });
      assert.equal(rest.amount, 49000);
    });

    test('forUserId scopes every call to the sub-account', async () => {
      const { Refund } = xendit;
      const account = await t.post('/v2/accounts', { email: 'sdk-sub@example.com', type: 'OWNED', public_profile: { business_name: 'SDK sub' } });
      const forUserId = account.json().id as string;
      const pr = await paidCardRequest(t, 50000, { 'for-user-id': forUserId });
      const theirs = await Refund.createRefund({ forUserId, data: { paymentRequestId: pr, reason: 'OTHERS', amount: 10050 } });
      assert.deepEqual((await Refund.getAllRefunds({ forUserId })).data.map((r) => r.id), [theirs.id]);
      assert.ok(!(await Refund.getAllRefunds({ limit: 100 })).data.some((r) => r.id === theirs.id));
      assert.deepEqual(await failure(Refund.cancelRefund({ refundID: theirs.id! })), [404, 'DATA_NOT_FOUND']);
      assert.equal((await Refund.cancelRefund({ refundID: theirs.id!, forUserId })).id, theirs.id);
    });
  });
}
