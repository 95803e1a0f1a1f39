/** A test client of GET /events/stream: collects messages and comment lines as they arrive. */
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** The body of a refused request (not a stream). */
  body?: any;
  messages: SseMessage[];
  comments: string[];
  /** Resolves once `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves once `count` comment lines have arrived. */
  waitForComments(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openStream(url: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const stream: SseStream = {
    status: response.status,
    headers: response.headers,
    messages: [],
    comments: [],
    waitFor: (count, timeoutMs = 10_000) => until(() => stream.messages.length >= count, timeoutMs, () => `only ${stream.messages.length} of ${count} messages`),
    waitForComments: (count, timeoutMs = 10_000) => until(() => stream.comments.length >= count, timeoutMs, () => `only ${stream.comments.length} of ${count} comments`),
    ended: Promise.resolve(),
    close: () => abort.abort(),
  };
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    stream.body = await response.json();
    return stream;
  }
  stream.ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const message: SseMessage = { data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) stream.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) message.id = line.slice(4);
            else if (line.startsWith('event: ')) message.event = line.slice(7);
            else if (line.startsWith('data: ')) data.push(line.slice(6));
          }
          if (data.length) stream.messages.push({ ...message, data: data.join('\n') });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return stream;
}

/** Waits until `done` holds (checked every `everyMs`), else throws `why()` after `timeoutMs`. */
export async function until(done: () => boolean | Promise<boolean>, timeoutMs: number, why: () => string, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
