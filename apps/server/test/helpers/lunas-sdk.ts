import path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Page } from 'playwright-core';
import type { Receiver } from './receiver.ts';
import { adminQuery, type StoreTarget } from './stores.ts';

/**
 * What the browser tests of Lunas's own SDK (@lunas/components) and of the hosted checkout built
 * on it share: typing a card into its secure fields, waiting for a webhook, and bringing a
 * session's end closer than the API allows (sessions last at least 10 minutes).
 */
export async function typeLunasCard(page: Page, number: string, expiry = '12/30', cvn = '123'): Promise<void> {
  for (const [id, value] of [['lunas-card-number', number], ['lunas-card-expiry', expiry], ['lunas-card-cvn', cvn]] as const) {
    const input = page.frameLocator(`iframe[data-testid="${id}"]`).locator('input');
    await input.click({ timeout: 15_000 });
    await input.fill('');
    await input.pressSequentially(value, { delay: 10 });
  }
}

export async function waitForWebhook(receiver: Receiver, predicate: (event: Receiver['received'][number]['json']) => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = receiver.received.find((r) => predicate(r.json));
    if (found) return found.json;
    if (Date.now() > deadline) throw new Error(`no webhook ${what} within ${timeoutMs} ms; received: ${receiver.received.map((r) => r.json.event).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Writes a session's expires_at directly in the store of a started Lunas. */
export async function setSessionExpiry(target: StoreTarget, sessionId: string, at: Date): Promise<void> {
  if (target.dialect === 'postgres') {
    await adminQuery(`UPDATE ${target.schema}.sessions SET expires_at = $1 WHERE id = $2`, [at.toISOString(), sessionId]);
    return;
  }
  const db = new Sqlite(path.join(target.dataDir, 'lunas.sqlite'));
  try {
    db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').run(at.toISOString(), sessionId);
  } finally {
    db.close();
  }
}
