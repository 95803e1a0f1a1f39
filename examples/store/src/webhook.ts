import { verifyCallbackToken, verifyWebhook, WebhookVerificationError } from 'lunas-webhook-verify';
import type { Orders } from './orders.ts';

/** Xendit's webhook envelope, as Lunas sends it. */
interface Envelope {
  event: string;
  created: string;
  data: Record<string, any>;
}

export interface WebhookAuth {
  /** The x-callback-token Lunas was started with. Always checked. */
  callbackToken: string;
  /** The endpoint's whsec_ signing secret; when known, the Standard Webhooks signature is checked too. */
  signingSecret?: string;
}

/**
 * Handles one webhook request. Verifies it, applies it to the orders, and answers at once:
 * every change is a guarded or upserting write, so a redelivery of the same event changes
 * nothing and is acknowledged like the first.
 */
export function handleWebhook(orders: Orders, auth: WebhookAuth, headers: Record<string, string | string[] | undefined>, rawBody: Buffer): { status: number; body: string } {
  let envelope: Envelope;
  try {
    if (auth.signingSecret) {
      envelope = verifyWebhook<Envelope>({ headers, body: rawBody, secret: auth.signingSecret, callbackToken: auth.callbackToken });
    } else {
      if (!verifyCallbackToken(headers['x-callback-token'] as string | undefined, auth.callbackToken)) throw new WebhookVerificationError('callback token mismatch');
      envelope = JSON.parse(rawBody.toString('utf8')) as Envelope;
    }
  } catch (error) {
    if (error instanceof WebhookVerificationError || error instanceof SyntaxError) return { status: 401, body: `rejected: ${error.message}` };
    throw error;
  }

  const { event, data } = envelope;
  switch (event) {
    case 'payment_session.completed': {
      const matched = orders.markPaid(String(data.reference_id), String(data.payment_session_id), String(data.payment_id), String(data.updated ?? envelope.created));
      log(event, data.reference_id, matched ? `PAID by ${data.payment_id}` : 'no such order, ignored');
      break;
    }
    case 'payment_session.expired':
      orders.markExpired(String(data.reference_id), String(data.payment_session_id));
      log(event, data.reference_id, 'EXPIRED unless already paid');
      break;
    case 'payment.capture': {
      const capture = data.captures?.at(-1);
      orders.recordCapture({
        payment_id: String(data.payment_id),
        order_id: typeof data.reference_id === 'string' ? data.reference_id : null,
        amount: Number(capture?.capture_amount ?? data.request_amount),
        currency: String(data.currency),
        channel_code: String(data.channel_code),
        masked_card_number: data.channel_properties?.card_details?.masked_card_number ?? null,
        status: String(data.status),
        captured_at: String(capture?.capture_timestamp ?? data.updated ?? envelope.created),
      });
      log(event, data.reference_id, `${data.channel_code} ${data.currency} ${data.request_amount} (${data.payment_id})`);
      break;
    }
    default:
      log(event, data?.reference_id, 'not used by this shop');
  }
  return { status: 200, body: 'ok' };
}

function log(event: string, orderId: unknown, what: string): void {
  console.log(`webhook ${event} ${String(orderId ?? '-')}: ${what}`);
}
