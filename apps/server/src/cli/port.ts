import net from 'node:net';
import { CliError } from './output.ts';

/**
 * Checks that Lunas can listen on host:port before it touches the store, so a busy port costs
 * nothing (no business created, no key printed and lost). Returns the port the system would
 * give (the free port, for port 0). The probe closes at once; the real listen follows within
 * milliseconds, and its own failure is reported the same way.
 */
export async function probePort(host: string, port: number): Promise<number> {
  const server = net.createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, resolve);
    });
    return (server.address() as net.AddressInfo).port;
  } catch (error) {
    throw listenError(error as NodeJS.ErrnoException, host, port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** One sentence for each way a listen fails: what, which setting, what to do. */
export function listenError(error: NodeJS.ErrnoException, host: string, port: number): CliError {
  switch (error.code) {
    case 'EADDRINUSE':
      return new CliError(`port ${port} on ${host} is already in use (LUNAS_PORT / --port): stop the program using it, or start Lunas on another port, such as --port ${port + 1} (0 picks a free one)`);
    case 'EACCES':
      return new CliError(`not allowed to listen on port ${port} (LUNAS_PORT / --port): ports below 1024 need privileges; choose a port from 1024 up`);
    case 'EADDRNOTAVAIL':
      return new CliError(`cannot listen on ${host} (LUNAS_HOST / --host): no interface of this machine has that address; use 127.0.0.1, or 0.0.0.0 for every interface`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new CliError(`cannot listen on ${host} (LUNAS_HOST / --host): the name does not resolve; use an IP address such as 127.0.0.1, or 0.0.0.0 for every interface`);
    default:
      return new CliError(`cannot listen on ${host}:${port} (LUNAS_HOST / LUNAS_PORT): ${error.code ?? ''} ${error.message}`.trim());
  }
}
