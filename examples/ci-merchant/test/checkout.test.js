// A merchant's checkout test against Lunas in CI (docs/ci.md): create a PAY session the way the
// merchant's server does, pay it with a 3-D Secure test card, and receive the signed
// payment_session.completed and payment.capture webhooks, verified with lunas-webhook-verify.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { verifyWebhook } from 'lunas-webhook-verify';

const { LUNAS_URL, LUNAS_SECRET_KEY } = process.env;
const auth = `Basic ${Buffer.from(`${LUNAS_SECRET_KEY}:`).toString('base64')}`;

async function lunas(method, path, body) {
  const response = await fetch(LUNAS_URL + path, {
    method,
    headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

test('a customer pays the order, and the shop hears it from verified webhooks', async (t) => {
  // The shop's webhook receiver: raw body in, verified event out.
  const received = [];
  let secret, callbackToken;
  const receiver = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    received.push(verifyWebhook({ headers: req.headers, body: Buffer.concat(chunks), secret, callbackToken }));
    res.writeHead(200).end();
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  t.after(() => receiver.close());

  const endpoint = await lunas('POST', '/webhooks/endpoints', { url: `http://127.0.0.1:${receiver.address().port}/webhooks` });
  assert.equal(endpoint.status, 201, JSON.stringify(endpoint.body));
  secret = endpoint.body.signing_secret;
  callbackToken = (await lunas('GET', '/webhooks/settings')).body.callback_token;

  const session = await lunas('POST', '/sessions', {
    reference_id: `order-${Date.now()}`, session_type: 'PAY', mode: 'COMPONENTS',
    amount: 10000, currency: 'IDR', country: 'ID',
    customer: { reference_id: `cust-${Date.now()}`, type: 'INDIVIDUAL', email: 'customer@yourdomain.com', mobile_number: '+628123456789',
      individual_detail: { given_names: 'John', surname: 'Doe' } },
    components_configuration: { origins: ['https://shop.example'] },
  });
  assert.equal(session.status, 201, JSON.stringify(session.body));
  const id = session.body.payment_session_id;

  // The card needs 3-D Secure: its page has the test OTP; the customer approves.
  const request = await lunas('POST', `/sessions/${id}/payment_requests`, {
    channel_code: 'CARDS',
    channel_properties: { card_details: { card_number: '4000000000001091', expiry_month: '12', expiry_year: '2030', cvn: '123' } },
  });
  assert.equal(request.body.status, 'REQUIRES_ACTION', JSON.stringify(request.body));
  const page = request.body.actions.find((action) => action.descriptor === 'WEB_URL').value;
  const approved = await fetch(page, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=approve&otp=123456' });
  assert.ok(approved.status < 400, `the 3DS page answered ${approved.status}`);

  const paid = await lunas('GET', `/sessions/${id}`);
  assert.equal(paid.body.status, 'COMPLETED');
  assert.match(paid.body.payment_id, /^py-/);

  // Both webhooks arrive, signed, and carry the same payment_id.
  for (let i = 0; i < 100 && received.filter((e) => e.data?.payment_session_id === id || e.data?.payment_id === paid.body.payment_id).length < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const completed = received.find((e) => e.event === 'payment_session.completed' && e.data.payment_session_id === id);
  const capture = received.find((e) => e.event === 'payment.capture' && e.data.payment_id === paid.body.payment_id);
  assert.ok(completed, `no payment_session.completed among ${received.map((e) => e.event)}`);
  assert.ok(capture, `no payment.capture among ${received.map((e) => e.event)}`);
  assert.equal(completed.data.payment_id, capture.data.payment_id);
});
