import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/lunas.js');

export interface LunasProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `lunas start` as a real process on a free loopback port and waits until it prints
 * `ready` (by default the "listening" line, whose URL becomes `url`; a worker-only process
 * waits for its own line and has no URL).
 */
export async function startLunas(env: Record<string, string | undefined>, options: { ready?: RegExp; timeoutMs?: number } | number = {}): Promise<LunasProcess> {
  // The URL from Fastify's line, and ready once start has finished (the key, if any, is printed by
  // then). The two lines may come in either order: each logger flushes on its own.
  const { ready = /^(?=[\s\S]*Lunas \S+ listening)[\s\S]*Server listening at (http:\/\/127\.0\.0\.1:\d+)/, timeoutMs = 20_000 } = typeof options === 'number' ? { timeoutMs: options } : options;
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { PATH: process.env.PATH, LUNAS_HOST: '127.0.0.1', LUNAS_PORT: '0', LUNAS_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`lunas did not print ${ready} in ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const check = () => {
        const match = ready.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] ?? '');
        }
      };
      child.stdout!.on('data', check);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`lunas exited with ${code} before printing ${ready}:\n${output}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  return {
    url,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return exited;
    },
  };
}

export const basicAuth = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

export async function call(base: string, key: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + url, {
    method,
    headers: { authorization: basicAuth(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
