import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** The shop's own bookkeeping: orders and the captures Lunas reported for them, in one SQLite file. */
export type OrderStatus = 'PENDING' | 'PAID' | 'EXPIRED';

export interface Order {
  id: string;
  product: string;
  amount: number;
  currency: string;
  status: OrderStatus;
  session_id: string | null;
  sdk_key: string | null;
  payment_id: string | null;
  created: string;
  paid_at: string | null;
}

/** What `payment.capture` told us; kept by payment_id, whichever webhook arrives first. */
export interface Capture {
  payment_id: string;
  order_id: string | null;
  amount: number;
  currency: string;
  channel_code: string;
  masked_card_number: string | null;
  status: string;
  captured_at: string;
}

export type OrderWithCapture = Order & { capture: Capture | null };

/** Short enough to read out to a customer; 48 random bits are plenty for one shop. */
export const newOrderId = (): string => `order-${randomBytes(6).toString('hex')}`;

export function openOrders(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'store.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS orders (
      id TEXT PRIMARY KEY, product TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL,
      status TEXT NOT NULL, session_id TEXT UNIQUE, sdk_key TEXT, payment_id TEXT,
      created TEXT NOT NULL, paid_at TEXT);
    CREATE TABLE IF NOT EXISTS captures (
      payment_id TEXT PRIMARY KEY, order_id TEXT, amount INTEGER NOT NULL, currency TEXT NOT NULL,
      channel_code TEXT NOT NULL, masked_card_number TEXT, status TEXT NOT NULL, captured_at TEXT NOT NULL);
  `);

  const withCapture = (order: Order | undefined): OrderWithCapture | undefined => {
    if (!order) return undefined;
    const capture = order.payment_id ? (db.prepare('SELECT * FROM captures WHERE payment_id = ?').get(order.payment_id) as Capture | undefined) : undefined;
    return { ...order, capture: capture ?? null };
  };

  return {
    /** Called once Lunas has made the order's session, so every order has one. */
    create(fields: Pick<Order, 'id' | 'product' | 'amount' | 'currency' | 'session_id' | 'sdk_key'>): Order {
      const order: Order = { ...fields, status: 'PENDING', payment_id: null, created: new Date().toISOString(), paid_at: null };
      db.prepare('INSERT INTO orders (id, product, amount, currency, status, session_id, sdk_key, created) VALUES (@id, @product, @amount, @currency, @status, @session_id, @sdk_key, @created)').run(order);
      return order;
    },

    get: (id: string): OrderWithCapture | undefined => withCapture(db.prepare('SELECT * FROM orders WHERE id = ?').get(id) as Order | undefined),

    list: (): OrderWithCapture[] => (db.prepare('SELECT * FROM orders ORDER BY created DESC LIMIT 100').all() as Order[]).map((o) => withCapture(o)!),

    /** `payment_session.completed`: PENDING → PAID once; a redelivery changes nothing. Returns whether it matched an order. */
    markPaid(orderId: string, sessionId: string, paymentId: string, at: string): boolean {
      const order = db.prepare('SELECT id FROM orders WHERE id = ? AND session_id = ?').get(orderId, sessionId);
      if (!order) return false;
      db.prepare("UPDATE orders SET status = 'PAID', payment_id = ?, paid_at = ? WHERE id = ? AND status != 'PAID'").run(paymentId, at, orderId);
      return true;
    },

    markExpired(orderId: string, sessionId: string): void {
      db.prepare("UPDATE orders SET status = 'EXPIRED' WHERE id = ? AND session_id = ? AND status = 'PENDING'").run(orderId, sessionId);
    },

    /** `payment.capture`: upsert by payment_id, so a redelivery overwrites with the same values. */
    recordCapture(capture: Capture): void {
      db.prepare(
        `INSERT INTO captures (payment_id, order_id, amount, currency, channel_code, masked_card_number, status, captured_at)
         VALUES (@payment_id, @order_id, @amount, @currency, @channel_code, @masked_card_number, @status, @captured_at)
         ON CONFLICT (payment_id) DO UPDATE SET status = excluded.status, captured_at = excluded.captured_at`,
      ).run(capture);
    },

    close: () => db.close(),
  };
}

export type Orders = ReturnType<typeof openOrders>;
