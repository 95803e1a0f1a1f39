import net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that can lose a connection at the one moment a test needs:
 * around a transaction's COMMIT. It reads the client's side of the wire protocol (a startup
 * message without a type byte, then `type, int32 length, body` messages) and recognises the
 * simple-query `commit` Kysely sends.
 *
 * - `loseCommitAnswer()`: the next COMMIT reaches the server (which commits), but the
 *   connection drops before its answer reaches Lunas: the outcome Lunas cannot know.
 * - `dropBeforeCommit()`: the next COMMIT never reaches the server (which rolls back); with
 *   `thenRefuse`, the store then stays away (every connection refused) until `allow()`.
 * - `refuse()` / `allow()`: new connections are closed at once, like a server that is down.
 */
export interface PgProxy {
  port: number;
  loseCommitAnswer(): void;
  dropBeforeCommit(options?: { thenRefuse?: boolean }): void;
  refuse(): void;
  allow(): void;
  /** How many COMMITs were cut so far. */
  cut(): number;
  close(): Promise<void>;
}

export async function startPgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  let armed: 'lose-answer' | 'before-commit' | 'before-commit-then-refuse' | undefined;
  let refusing = false;
  let cuts = 0;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    if (refusing) return client.destroy();
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', closeBoth).on('close', closeBoth);
    upstream.on('error', closeBoth).on('close', closeBoth);

    let started = false;
    let pending = Buffer.alloc(0);
    let dropOnAnswer = false;
    upstream.on('data', (chunk: Buffer) => {
      if (dropOnAnswer) return closeBoth(); // the server has committed; Lunas never hears it
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headerLength = started ? 5 : 4;
        if (pending.length < headerLength) return;
        const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
        if (pending.length < length) return;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const isCommit = started && message[0] === 0x51 /* Q */ && /^\s*commit\b/i.test(message.subarray(5).toString('utf8'));
        // An SSLRequest is answered before the real startup message: stay in startup mode.
        if (!started && !(message.length === 8 && message.readInt32BE(4) === 80877103)) started = true;
        if (isCommit && armed) {
          const mode = armed;
          armed = undefined;
          cuts++;
          if (mode === 'before-commit-then-refuse') {
            refusing = true;
            for (const socket of sockets) socket.destroy();
          }
          if (mode !== 'lose-answer') return closeBoth();
          upstream.write(message);
          dropOnAnswer = true;
          continue;
        }
        upstream.write(message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as net.AddressInfo).port,
    loseCommitAnswer: () => void (armed = 'lose-answer'),
    dropBeforeCommit: (options = {}) => void (armed = options.thenRefuse ? 'before-commit-then-refuse' : 'before-commit'),
    refuse() {
      refusing = true;
      for (const socket of sockets) socket.destroy();
    },
    allow: () => void (refusing = false),
    cut: () => cuts,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
