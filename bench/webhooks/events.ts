/** The events: a realistic payment_session.completed data object (~1 KB), one session per event. */
import { randomBytes, randomUUID } from 'node:crypto';

export function sessionId(i: number): string {
  return `ps-${Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')}${randomBytes(4).toString('hex')}${i.toString(16).padStart(8, '0')}`;
}

export function sessionData(id: string, i: number, created: string, businessId: string) {
  return {
    payment_session_id: id,
    created,
    updated: created,
    status: 'COMPLETED',
    reference_id: `order-${i}`,
    currency: 'IDR',
    amount: 250_000 + (i % 1000) * 100,
    country: 'ID',
    customer_id: `cust-${randomUUID()}`,
    expires_at: new Date(Date.parse(created) + 30 * 60_000).toISOString(),
    session_type: 'PAY',
    capture_method: 'AUTOMATIC',
    mode: 'PAYMENT_LINK',
    locale: 'en',
    business_id: businessId,
    allowed_payment_channels: ['CARDS', 'OVO', 'DANA', 'BRI_VIRTUAL_ACCOUNT', 'QRIS'],
    description: 'Order from yourdomain.com',
    items: [
      { reference_id: 'sku-1', name: 'Cotton T-shirt, navy, size M', net_unit_amount: 125_000, quantity: 1, category: 'CLOTHING', currency: 'IDR', type: 'PHYSICAL_PRODUCT' },
    ],
    metadata: { cart_id: `cart-${i}`, channel: 'web' },
    success_return_url: 'https://yourdomain.com/checkout/success',
    payment_link_url: `https://checkout.example.com/session/${randomBytes(16).toString('base64url')}`,
    allow_save_payment_method: 'DISABLED',
    payment_request_id: `pr-${randomBytes(12).toString('hex')}`,
    payment_id: `py-${randomBytes(12).toString('hex')}`,
  };
}

/** The same payloads Lunas stores (a fresh session object per event, built before timing). */
export function payloads(count: number, businessId: string, counter: { next: number }): { id: string; payload: string }[] {
  const created = new Date().toISOString();
  return Array.from({ length: count }, () => {
    const i = counter.next++;
    const subjectId = sessionId(i);
    return { id: `evt_${randomUUID()}`, payload: JSON.stringify(sessionData(subjectId, i, created, businessId)) };
  });
}
