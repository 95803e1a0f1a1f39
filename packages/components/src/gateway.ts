import { COMPONENTS_VERSION, type BffAttemptRequest, type BffCardDetails, type BffEntity, type BffPollResponse, type BffResponse, type GatewayErrorBody } from '@lunas/protocol/gateway';

/**
 * The SDK's only network code: the seven gateway endpoints of components-protocol.md §2.2,
 * spoken exactly as the official SDK speaks them (form-encoded `payload`, the form content type
 * on every request, `components_version`), so Lunas serves both SDKs through one protocol.
 */
export type AttemptBody = BffAttemptRequest;

export interface Gateway {
  session(): Promise<BffResponse>;
  createPaymentRequest(body: AttemptBody, signal: AbortSignal): Promise<BffEntity>;
  createPaymentToken(body: AttemptBody, signal: AbortSignal): Promise<BffEntity>;
  poll(tokenRequestId: string): Promise<BffPollResponse>;
  cardInfo(cardNumberEnvelope: string): Promise<BffCardDetails>;
  simulate(paymentRequestId: string, channelCode: string): Promise<BffEntity>;
  /** Lunas's OTP endpoints (the official SDK has none), at the URLs the attempt's OTP actions carry: the code the customer typed, or a new one. */
  validateOtp(url: string, otpCode: string): Promise<BffEntity>;
  resendOtp(url: string): Promise<BffEntity>;
}

/** A non-2xx answer: `error_content` holds the lines to show the customer. */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly userMessage: string[],
  ) {
    super(message);
  }
}

export function httpGateway(baseUrl: string, authKey: string): Gateway {
  const key = encodeURIComponent(authKey);

  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal, query: Record<string, string> = {}): Promise<T> {
    const url = new URL(path, baseUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    url.searchParams.set('components_version', COMPONENTS_VERSION);
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body === undefined ? undefined : new URLSearchParams({ payload: JSON.stringify(body) }),
      signal,
    });
    // A failing proxy may answer anything: read the error body defensively.
    const json = (await response.json().catch(() => undefined)) as Partial<GatewayErrorBody> | undefined;
    if (response.ok && json) return json as T;
    const content: Partial<GatewayErrorBody['error_content']> = json?.error_content ?? {};
    const lines = [content.title, content.message_1, content.message_2].filter((line): line is string => typeof line === 'string' && line !== '');
    throw new GatewayError(response.status, String(json?.error_code ?? 'UNEXPECTED_RESPONSE'), String(json?.message ?? `Lunas answered ${response.status}`), lines);
  }

  /**
   * A refused origin reaches the page only as "Failed to fetch" (the refusal carries no CORS).
   * Lunas's origin check says whether that was the reason; if so, the developer is told which
   * origin to add, in the console and in the fatal-error message.
   */
  async function session(): Promise<BffResponse> {
    try {
      return await call<BffResponse>('GET', `/api/sessions/${key}`);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      const check = (await fetch(new URL(`/components/origin_check/${key}`, baseUrl))
        .then((response) => response.json())
        .catch(() => undefined)) as { origin?: string | null; session_found?: boolean; allowed?: boolean } | undefined;
      if (!check?.session_found || check.allowed !== false) throw error;
      const origin = check.origin ?? window.location.origin;
      const message = `This page's origin ${origin} is not allowed to use this session: add "${origin}" to components_configuration.origins when you create the session (POST /sessions).`;
      console.error(`Lunas Components: ${message}`);
      throw new GatewayError(403, 'ORIGIN_NOT_ALLOWED', message, []);
    }
  }

  return {
    session,
    createPaymentRequest: (body, signal) => call('POST', '/api/sessions/payment_requests', { session_id: authKey, ...body }, signal),
    createPaymentToken: (body, signal) => call('POST', '/api/sessions/payment_tokens', { session_id: authKey, ...body }, signal),
    poll: (tokenRequestId) => call('GET', `/api/sessions/${key}/poll`, undefined, undefined, { token_request_id: tokenRequestId }),
    cardInfo: (envelope) => call('POST', `/api/sessions/${key}/card_info`, { card_number: envelope }),
    validateOtp: (url, otpCode) => call('POST', url, { otp_code: otpCode }),
    resendOtp: (url) => call('POST', url, {}),
    simulate: (id, channelCode) => call('POST', `/api/sessions/${key}/payment_requests/${encodeURIComponent(id)}/simulate`, { channel_code: channelCode }),
  };
}
