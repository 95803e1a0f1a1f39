import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { describeAttempt, displayUrl, type AttemptRecord } from '../src/modules/webhooks/attempt-log.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { attempt, card, createSession } from './helpers/payments.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { DIALECTS } from './helpers/stores.ts';

const TOKEN = 'callback-token-for-log-lines-0001';

/** A port nobody listens on: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The dispatcher's lines: JSON with the message and level. */
const webhookLines = (t: TestApp, from: number) =>
  t.logs
    .slice(from)
    .map((line) => JSON.parse(line) as { level: number; msg: string } & Record<string, unknown>)
    .filter((line) => line.msg.startsWith('webhook '));

describe('webhook attempt line (pure)', () => {
  const base: AttemptRecord = {
    eventId: 'evt_1', eventType: 'payment.capture', endpointId: 'whe_1', deliveryId: 'dlv_1', url: 'http://127.0.0.1:3000/hooks',
    attempt: 1, maxAttempts: 7, statusCode: 200, latencyMs: 12, error: null, outcome: 'DELIVERED', nextAttemptAt: undefined,
  };
  const now = new Date(2026, 2, 1, 18, 25, 0);

  test('success, failure with a retry, and giving up read as sentences', () => {
    assert.equal(describeAttempt(base, now).message, 'webhook payment.capture evt_1 → http://127.0.0.1:3000/hooks: 200 in 12 ms (attempt 1)');
    assert.equal(describeAttempt(base, now).level, 'info');
    const retry = describeAttempt({ ...base, attempt: 2, statusCode: null, error: 'connect ECONNREFUSED 127.0.0.1:3000', outcome: 'PENDING', nextAttemptAt: new Date(2026, 2, 1, 18, 40, 12) }, now);
    assert.equal(retry.message, 'webhook payment.capture evt_1 → http://127.0.0.1:3000/hooks: failed (connection refused), attempt 2 of 7, next at 18:40:12');
    assert.equal(retry.level, 'warn');
    const gaveUp = describeAttempt({ ...base, attempt: 7, statusCode: 500, outcome: 'FAILED' }, now);
    assert.equal(gaveUp.message, 'webhook payment.capture evt_1 → http://127.0.0.1:3000/hooks: failed (HTTP 500), gave up after 7 attempts');
    const tomorrow = describeAttempt({ ...base, statusCode: 503, outcome: 'PENDING', nextAttemptAt: new Date(2026, 2, 2, 6, 0, 0) }, now);
    assert.match(tomorrow.message, /next at 2026-03-02 06:00:00$/);
  });

  test('a URL loses user info and query string, where credentials live', () => {
    assert.equal(displayUrl('https://user:pass@shop.example/hooks?token=abc'), 'https://shop.example/hooks?…');
  });
});

for (const dialect of DIALECTS) {
  describe(`webhook attempt lines [${dialect}]`, () => {
    let t: TestApp;
    let receiver: Receiver;
    let deadUrl: string;
    before(async () => {
      receiver = await startReceiver();
      t = await startTestApp(dialect, { LUNAS_WEBHOOK_URL: receiver.url, LUNAS_CALLBACK_TOKEN: TOKEN, LUNAS_WEBHOOK_RETRY_SCHEDULE: '1s,2s' });
      deadUrl = `http://127.0.0.1:${await closedPort()}/dead`;
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    test('a delivered attempt is one info line with event type, id, URL, status, time and attempt; no payload or secrets', async () => {
      const from = t.logs.length;
      const session = await createSession(t);
      const paid = await attempt(t, session.payment_session_id, { channel_code: 'CARDS', channel_properties: card('4000000000001000') });
      await t.services.dispatcher.drain();
      const lines = webhookLines(t, from);
      const events = (await t.get(`/events?object_id=${session.payment_session_id}`)).json().data as { id: string; event: string }[];
      assert.deepEqual(lines.map((l) => l.msg.split(' ')[1]).sort(), ['payment.capture', 'payment_session.completed']);
      for (const line of lines) {
        const event = events.find((e) => line.msg.includes(e.id));
        assert.ok(event, `the line names its event id: ${line.msg}`);
        assert.match(line.msg, new RegExp(`^webhook ${event.event.replace('.', '\\.')} ${event.id} → ${receiver.url.replace(/[.?]/g, '\\$&')}: 200 in \\d+ ms \\(attempt 1\\)$`));
        assert.equal(line.level, 30);
        assert.equal(line.status_code, 200);
        assert.equal(line.attempt, 1);
      }
      const secret = (await t.get('/webhooks/endpoints')).json().data[0].signing_secret as string;
      const text = JSON.stringify(lines);
      for (const hidden of [TOKEN, secret, paid.payment_request_id as string, '"data"']) assert.ok(!text.includes(hidden), `a webhook line carries ${hidden}`);
    });

    test('a failed attempt is one warn line with the reason and the next try; the last says it gave up', async () => {
      const added = await t.post('/webhooks/endpoints', { url: deadUrl, event_groups: ['session_expired'] });
      assert.equal(added.statusCode, 201, added.body);
      const from = t.logs.length;
      await createSession(t);
      t.clock.advance(30 * 60 * 1000);
      await t.services.sessions.sweepExpired();
      await t.services.dispatcher.drain();
      const dead = () => webhookLines(t, from).filter((l) => l.msg.includes(deadUrl));
      assert.equal(dead().length, 1);
      assert.match(dead()[0]!.msg, new RegExp(`^webhook payment_session\\.expired evt_\\S+ → ${deadUrl.replace(/\./g, '\\.')}: failed \\(connection refused\\), attempt 1 of 3, next at (\\d{4}-\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d$`));
      assert.equal(dead()[0]!.level, 40);
      assert.equal(dead()[0]!.outcome, 'PENDING');
      assert.equal(typeof dead()[0]!.next_attempt_at, 'string');

      t.clock.advance(1200);
      await t.services.dispatcher.drain();
      assert.match(dead()[1]!.msg, /: failed \(connection refused\), attempt 2 of 3, next at /);
      t.clock.advance(1200);
      await t.services.dispatcher.drain();
      assert.equal(dead().length, 3);
      assert.match(dead()[2]!.msg, /: failed \(connection refused\), gave up after 3 attempts$/);
      assert.equal(dead()[2]!.outcome, 'FAILED');
    });
  });
}
