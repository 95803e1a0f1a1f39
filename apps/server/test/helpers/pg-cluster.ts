import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.ts';

/**
 * A throwaway PostgreSQL cluster of the test's own, on its own port and socket directory, for
 * tests that stop and start the server. The shared server on 5432 is never touched.
 * initdb refuses to run as root, so when the tests run as root the cluster belongs to the
 * `postgres` OS user and its commands run through runuser.
 */
export interface PgCluster {
  port: number;
  /** Trust auth: no password. */
  url: string;
  start(): void;
  /** `pg_ctl stop -m fast`: what a restart or failover does to clients. */
  stop(): void;
  destroy(): void;
}

/** The newest installed initdb, or undefined when PostgreSQL's server binaries are missing. */
export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

export async function createPgCluster(bin: string): Promise<PgCluster> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lunas-pgcluster-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const run = (command: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : path.join(bin, command), asRoot ? ['-u', 'postgres', '--', path.join(bin, command), ...args] : args, { stdio: 'pipe', timeout: 60_000 });

  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off`;
  let running = false;
  const cluster: PgCluster = {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start() {
      run('pg_ctl', ['start', '-D', data, '-w', '-t', '30', '-l', path.join(dir, 'log'), '-o', options]);
      running = true;
    },
    stop() {
      run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w']);
      running = false;
    },
    destroy() {
      try {
        if (running || fs.existsSync(path.join(data, 'postmaster.pid'))) run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      } catch {
        // Already stopped.
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
