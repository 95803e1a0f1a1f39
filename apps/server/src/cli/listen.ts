import { Command } from 'commander';
import { VERSION } from '../app.ts';
import { EVENT_TYPES, isEventType } from '../modules/events/types.ts';
import { signature, webhookUserAgent } from '../modules/webhooks/policy.ts';
import { fetchFailure, lunasClient, refusedKeyError, unreachableError, type LunasClient, type RemoteOptions } from './client.ts';
import { CliError, out, usageError } from './output.ts';
import { remote } from './remote-commands.ts';

/**
 * `lunas listen --forward-to <url>`: the business's event stream (GET /events/stream) forwarded
 * to a local URL, each request with exactly a real delivery's headers (x-callback-token,
 * webhook-id, webhook-timestamp, webhook-signature signed with the listen secret the server
 * keeps). No endpoint is registered. Forwards go one at a time in commit order and are not
 * retried (as Stripe's listen); after each, the server records the event, so a restarted listen
 * continues after it. Ctrl-C finishes the forward in flight, records it and exits 0.
 */
interface ListenOptions extends RemoteOptions {
  forwardTo: string;
  events?: string;
  printJson?: boolean;
}

interface ListenSettings {
  signing_secret: string;
  callback_token: string;
  last_event_id: string | null;
}

interface Message {
  id: string;
  event: string;
  data: string;
}

const FORWARD_TIMEOUT_MS = 10_000;
const RECONNECT_MS = 1000;

export function listenCommand(): Command {
  const command = new Command('listen')
    .description("forward the business's events to a URL, signed like real webhook deliveries (no endpoint to register)")
    .requiredOption('--forward-to <url>', 'the http(s) URL that receives each event, such as http://localhost:3000/webhooks')
    .option('--events <types>', 'comma-separated event types to forward; default: all')
    .option('--print-json', "also print each event's JSON body")
    .addHelpText(
      'after',
      `
Event types:
${wrap(EVENT_TYPES.join(', '), 88, '  ')}

The signing secret (whsec_…) is printed at start and stays the same for the business across
runs; verify webhook-signature with it as with an endpoint's secret. A restarted listen
continues after the last event it forwarded. Forwards are not retried: a failed one is printed
and listen goes on. Ctrl-C stops after the forward in flight (exit 0).`,
    );
  return remote(command).action((options: ListenOptions) => listen(options));
}

const time = () => new Date().toTimeString().slice(0, 8);

/** Words in lines of at most `width` characters, each indented. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, indent + line].join('\n');
}

async function listen(options: ListenOptions): Promise<void> {
  const target = options.forwardTo;
  if (!URL.canParse(target) || !/^https?:$/.test(new URL(target).protocol)) throw usageError(`--forward-to must be an http(s) URL, such as http://localhost:3000/webhooks; got "${target}"`);
  const types = options.events?.split(',').map((t) => t.trim()).filter(Boolean);
  const unknown = types?.filter((t) => !isEventType(t));
  if (unknown?.length) throw usageError(`unknown event type${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; event types are ${EVENT_TYPES.join(', ')}`);
  if (types && types.length === 0) throw usageError(`--events needs at least one event type: ${EVENT_TYPES.join(', ')}`);

  const client = lunasClient(options);
  const settings = await client.request<ListenSettings>('GET', '/webhooks/listen');
  let lastId = settings.last_event_id;
  out(
    [
      `Ready. Forwarding events from ${client.url} to ${target}`,
      `  signing secret    ${settings.signing_secret}  (the same on every run)`,
      `  x-callback-token  ${settings.callback_token}`,
      `  events            ${types ? types.join(', ') : 'all'}`,
      `  starting          ${lastId ? `after ${lastId}, the last event forwarded` : 'with new events'}`,
      'Ctrl-C stops.',
    ].join('\n'),
  );

  let stopping = false;
  let stream = new AbortController();
  const stop = () => {
    stopping = true;
    stream.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const forward = forwarder(client, settings, target, options.printJson === true);
  try {
    let connected = false;
    let dropped = false;
    while (!stopping) {
      stream = new AbortController();
      let response: Response;
      try {
        response = await openStream(client, options, types, lastId, stream.signal);
      } catch (error) {
        if (stopping) break;
        if (!connected) throw unreachableError(client.url, error);
        await pause(RECONNECT_MS, stream.signal);
        continue;
      }
      if (response.status === 401) throw refusedKeyError(client.url);
      if (response.status === 404 && lastId) {
        // The store was reset, or the event removed: nothing to continue from.
        out(`${time()}  ${lastId} is not in this Lunas (a new store?); continuing with new events`);
        lastId = null;
        continue;
      }
      if (response.status >= 500) {
        // Lunas is shutting down, or its store is away (503): both pass; try again.
        await response.body?.cancel().catch(() => undefined);
        if (!dropped) out(`${time()}  Lunas answered ${response.status}; retrying every ${RECONNECT_MS / 1000} s…`);
        dropped = true;
        await pause(RECONNECT_MS, stream.signal);
        continue;
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error_code?: string; message?: string };
        throw new CliError(`GET /events/stream failed: ${response.status} ${body.error_code ?? ''} ${body.message ?? ''}`.replace(/\s+/g, ' ').trim());
      }
      if (dropped) out(`${time()}  reconnected to ${client.url}${lastId ? `; resuming after ${lastId}` : ''}`);
      await forward.recordPending();
      connected = true;
      dropped = false;
      try {
        for await (const message of messages(response.body!)) {
          await forward(message);
          lastId = message.id;
          if (stopping) break;
        }
      } catch {
        // The stream broke (Lunas stopped) or was aborted (Ctrl-C).
      }
      if (stopping) break;
      out(`${time()}  lost the stream from ${client.url} (Lunas stopped or restarted?); reconnecting${lastId ? ` to resume after ${lastId}` : ''}…`);
      dropped = true;
      await pause(RECONNECT_MS, stream.signal);
    }
    await forward.recordPending();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    stream.abort();
  }
  out(`Stopped.${lastId ? ` The next listen continues after ${lastId}.` : ''}`);
}

function openStream(client: LunasClient, options: ListenOptions, types: string[] | undefined, lastId: string | null, signal: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { authorization: client.authorization, accept: 'text/event-stream' };
  if (lastId) headers['last-event-id'] = lastId;
  if (options.forUserId) headers['for-user-id'] = options.forUserId;
  const query = types ? `?types=${encodeURIComponent(types.join(','))}` : '';
  return fetch(`${client.url}/events/stream${query}`, { headers, signal });
}

/** Sends one event the way the dispatcher does, prints the lines, records the progress. */
function forwarder(client: LunasClient, settings: ListenSettings, target: string, printJson: boolean) {
  /** The last event forwarded whose progress Lunas has not recorded yet (it was unreachable). */
  let pending: string | undefined;
  const record = async (eventId: string): Promise<void> => {
    try {
      await client.request('PUT', '/webhooks/listen', { last_event_id: eventId });
      pending = undefined;
    } catch {
      pending = eventId;
    }
  };
  const forward = async (message: Message): Promise<void> => {
    out(`${time()}  ${message.event.padEnd(26)}  ${message.id}`);
    if (printJson) out(JSON.stringify(JSON.parse(message.data), null, 2).replace(/^/gm, '    '));
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': webhookUserAgent(VERSION),
      'x-callback-token': settings.callback_token,
      'webhook-id': message.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signature(settings.signing_secret, message.id, timestamp, message.data),
    };
    const started = performance.now();
    let result: string;
    try {
      const response = await fetch(target, { method: 'POST', headers, body: message.data, redirect: 'manual', signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS) });
      await response.arrayBuffer().catch(() => undefined);
      result = String(response.status);
    } catch (error) {
      result = reason(error);
    }
    out(`           → ${result} POST ${target} (${Math.round(performance.now() - started)} ms)`);
    await record(message.id);
  };
  /** Records the progress a failed PUT left behind (after a reconnect, and before exiting). */
  const recordPending = async (): Promise<void> => {
    if (pending) await record(pending);
  };
  return Object.assign(forward, { recordPending });
}

/** Server-sent events from a response body: the messages (comments and heartbeats skipped). */
async function* messages(body: ReadableStream<Uint8Array>): AsyncGenerator<Message> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message: Partial<Message> = {};
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) message.id = line.slice(4);
        else if (line.startsWith('event: ')) message.event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (message.id && message.event && data.length) yield { id: message.id, event: message.event, data: data.join('\n') };
    }
  }
}

/** ECONNREFUSED, "timed out after 10 s", …: why a forward got no answer (as docs/cli.md shows it: the code, not client.ts's phrase). */
function reason(error: unknown): string {
  if ((error as Error).name === 'TimeoutError') return `timed out after ${FORWARD_TIMEOUT_MS / 1000} s`;
  return fetchFailure(error);
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
