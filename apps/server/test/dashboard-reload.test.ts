import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deliveryDueSoon } from '../src/modules/dashboard/client/ui.tsx';

/**
 * When a dashboard page keeps re-reading on its own: while a delivery is about to be attempted
 * (no event of the stream tells the page that its outcome is recorded), and while an event
 * just recorded has no deliveries yet (the stream told the page about the event before the
 * dispatcher fanned it out; seen as a timeline stuck without its webhooks).
 */
const now = Date.parse('2026-12-07T12:00:00Z');
const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();

test('a page re-reads while a delivery is due, or a fresh event has none yet', () => {
  assert.equal(deliveryDueSoon(undefined, now), false);
  assert.equal(deliveryDueSoon([{ created: at(-500), deliveries: [] }], now), true, 'just recorded, not fanned out yet');
  assert.equal(deliveryDueSoon([{ created: at(-60_000), deliveries: [] }], now), false, 'an event without endpoints stops counting');
  assert.equal(deliveryDueSoon([{ created: at(-500), deliveries: [{ status: 'PENDING', next_attempt_at: at(0) }] }], now), true);
  assert.equal(deliveryDueSoon([{ created: at(-500), deliveries: [{ status: 'PENDING', next_attempt_at: at(60_000) }] }], now), false, 'a retry a minute away');
  assert.equal(deliveryDueSoon([{ created: at(-500), deliveries: [{ status: 'DELIVERED', next_attempt_at: at(0) }] }], now), false);
});
