import { CliError, EXIT } from './output.ts';

/**
 * The CLI's HTTP client for a running Lunas: the commands that manage one (keys, accounts,
 * webhooks, branding) call its API with a secret key like any other client, so they work the
 * same against a Lunas on this machine, in a container or on CI.
 */
export interface RemoteOptions {
  url?: string;
  apiKey?: string;
  forUserId?: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:4010';

/** Why a fetch failed, as its cause's code (ECONNREFUSED, …), else the cause's or the error's message. */
export function fetchFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** Why a request to Lunas got no answer: ECONNREFUSED as "connection refused", else fetchFailure. */
export function unreachableReason(error: unknown): string {
  const failure = fetchFailure(error);
  return failure === 'ECONNREFUSED' ? 'connection refused' : failure;
}

/** Lunas could not be reached at `url` (exit 3). */
export const unreachableError = (url: string, error: unknown) =>
  new CliError(`could not reach Lunas at ${url} (${unreachableReason(error)}): start it with \`lunas start\`, or point --url / LUNAS_URL at it`, EXIT.unreachable);

/** Lunas at `url` refused the secret key (exit 4). */
export const refusedKeyError = (url: string, errorCode = '') =>
  new CliError(`Lunas at ${url} refused the secret key (401${errorCode ? ` ${errorCode}` : ''}): pass the key this Lunas printed at first start with --api-key or LUNAS_SECRET_KEY`, EXIT.unauthorized);

export interface LunasClient {
  url: string;
  /** The Authorization header value (for requests the client does not make itself: the event stream). */
  authorization: string;
  request<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

export function lunasClient(options: RemoteOptions, env: NodeJS.ProcessEnv = process.env): LunasClient {
  const url = (options.url ?? env.LUNAS_URL ?? DEFAULT_URL).replace(/\/+$/, '');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new CliError(`--url (LUNAS_URL) must be the http(s) address of a running Lunas, such as ${DEFAULT_URL}; got "${url}"`, EXIT.usage);
  }
  const apiKey = options.apiKey ?? env.LUNAS_SECRET_KEY;
  if (!apiKey) {
    throw new CliError(
      'this command calls a running Lunas and needs its secret key: pass --api-key xnd_development_… or set LUNAS_SECRET_KEY (the key `lunas start` printed at first start)',
      EXIT.usage,
    );
  }
  const authorization = `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`;

  return {
    url,
    authorization,
    async request(method, path, body) {
      const headers: Record<string, string> = { authorization, accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (options.forUserId) headers['for-user-id'] = options.forUserId;
      let response: Response;
      try {
        response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
      } catch (error) {
        throw unreachableError(url, error);
      }
      const text = await response.text();
      let payload: any;
      try {
        payload = text ? JSON.parse(text) : undefined;
      } catch {
        throw new CliError(`${url} answered ${method} ${path} with ${response.status} and no JSON: is --url / LUNAS_URL a Lunas server?`);
      }
      if (response.status === 401) throw refusedKeyError(url, payload?.error_code);
      if (!response.ok) {
        throw new CliError(`${method} ${path} failed: ${response.status} ${payload?.error_code ?? ''} ${payload?.message ?? text}`.replace(/\s+/g, ' ').trim());
      }
      return payload;
    },
  };
}
