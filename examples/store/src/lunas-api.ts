/**
 * The shop's server-side calls to Lunas's REST API: Basic auth with the secret key, as with
 * Xendit. Only the server ever sees the key; the browser gets the session's components_sdk_key.
 */
export interface LunasApi {
  createSession(body: Record<string, unknown>): Promise<{ payment_session_id: string; components_sdk_key: string }>;
  /** The signing secret of the webhook endpoint at `url` (a Lunas extension), if Lunas has one. */
  signingSecretFor(url: string): Promise<string | undefined>;
}

export class LunasApiError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`Lunas answered ${status}: ${JSON.stringify(body)}`);
  }
}

export function lunasApi(baseUrl: string, secretKey: string): LunasApi {
  const authorization = `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> {
    const res = await fetch(baseUrl + path, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new LunasApiError(res.status, json);
    return json;
  }
  return {
    // The order id doubles as the idempotency key: retrying a timed-out create cannot make a second session.
    createSession: (body) => call('POST', '/sessions', body, { 'idempotency-key': String(body.reference_id) }),
    async signingSecretFor(url) {
      const { data } = (await call('GET', '/webhooks/endpoints')) as { data: { url: string; signing_secret: string }[] };
      return data.find((endpoint) => endpoint.url === url)?.signing_secret;
    },
  };
}
