import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { lunasApi, type LunasApi } from './lunas-api.ts';
import { newOrderId, type Orders } from './orders.ts';
import { checkoutPage, errorPage, orderPage, ordersPage, productPage, type Product } from './pages.ts';
import { handleWebhook, type WebhookAuth } from './webhook.ts';

export interface ShopOptions {
  orders: Orders;
  /** Where browsers and this server reach Lunas. */
  lunasUrl: string;
  secretKey: string;
  /** The shop's own origin: the only one allowed to embed the session's payment form. */
  origin: () => string;
  webhook: WebhookAuth;
  api?: LunasApi;
}

/** The one thing this shop sells. The session's items and amount come from here. */
export const PRODUCT: Product = {
  sku: 'kopi-toraja-250',
  name: 'Kopi Toraja, 250 g',
  description: 'Single-origin arabica from the highlands of South Sulawesi, roasted medium. Whole beans.',
  amount: 10000,
  currency: 'IDR',
};

const STATIC = new Map([
  ['style.css', { type: 'text/css; charset=utf-8', body: readFileSync(new URL('../public/style.css', import.meta.url)) }],
  ['checkout.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('../public/checkout.js', import.meta.url)) }],
]);

/** The founding session of the Lunas README, for this order, embeddable on the shop's origin only. */
export function sessionPayload(orderId: string, origin: string): Record<string, unknown> {
  return {
    reference_id: orderId,
    session_type: 'PAY',
    mode: 'COMPONENTS',
    amount: PRODUCT.amount,
    currency: PRODUCT.currency,
    country: 'ID',
    customer: {
      reference_id: 'cust-ref-1',
      type: 'INDIVIDUAL',
      email: 'customer@yourdomain.com',
      mobile_number: '+628123456789',
      individual_detail: { given_names: 'John', surname: 'Doe' },
    },
    components_configuration: { origins: [origin] },
    description: `Toko Lunas order ${orderId}`,
    items: [{ reference_id: PRODUCT.sku, name: PRODUCT.name, net_unit_amount: PRODUCT.amount, quantity: 1, currency: PRODUCT.currency, type: 'PHYSICAL_PRODUCT', category: 'Food' }],
  };
}

export function buildShop(options: ShopOptions): FastifyInstance {
  const { orders, lunasUrl } = options;
  const api = options.api ?? lunasApi(lunasUrl, options.secretKey);
  const app = Fastify({ logger: false });
  // Webhooks are verified over the exact bytes received, so JSON stays a raw Buffer here.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const page = (reply: import('fastify').FastifyReply, body: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  app.get('/', (_req, reply) => page(reply, productPage(PRODUCT)));

  app.post('/pay', async (_req, reply) => {
    const id = newOrderId();
    try {
      const session = await api.createSession(sessionPayload(id, options.origin()));
      orders.create({ id, product: PRODUCT.name, amount: PRODUCT.amount, currency: PRODUCT.currency, session_id: session.payment_session_id, sdk_key: session.components_sdk_key });
    } catch (error) {
      console.error(`could not create a session for ${id}:`, (error as Error).message);
      return page(reply, errorPage('Payment is unavailable', 'Lunas did not create a payment session. Is it running? Try again in a moment.'), 502);
    }
    return reply.redirect(`/checkout/${id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/checkout/:id', (req, reply) => {
    const order = orders.get(req.params.id);
    if (!order) return page(reply, errorPage('Not found', 'There is no such order.'), 404);
    if (order.status !== 'PENDING') return reply.redirect(`/orders/${order.id}`, 303);
    return page(reply, checkoutPage(order, lunasUrl));
  });

  app.get('/orders', (_req, reply) => page(reply, ordersPage(orders.list())));
  app.get<{ Params: { id: string } }>('/orders/:id', (req, reply) => {
    const order = orders.get(req.params.id);
    return order ? page(reply, orderPage(order)) : page(reply, errorPage('Not found', 'There is no such order.'), 404);
  });
  app.get('/api/orders', () => ({ data: orders.list() }));
  app.get<{ Params: { id: string } }>('/api/orders/:id', (req, reply) => orders.get(req.params.id) ?? reply.status(404).send({ error: 'not found' }));

  app.post('/webhooks/lunas', (req, reply) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.from(typeof req.body === 'string' ? req.body : '');
    const answer = handleWebhook(orders, options.webhook, req.headers, body);
    return reply.status(answer.status).type('text/plain').send(answer.body);
  });

  app.get<{ Params: { file: string } }>('/static/:file', (req, reply) => {
    const file = STATIC.get(req.params.file);
    return file ? reply.type(file.type).header('cache-control', 'no-cache').send(file.body) : reply.status(404).send();
  });
  app.get('/favicon.ico', (_req, reply) => reply.status(204).send());
  return app;
}
