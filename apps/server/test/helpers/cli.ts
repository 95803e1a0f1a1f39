import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/** The installed command as a user runs it: bin/lunas.js → dist/ (npm run build first). */
export const LUNAS_BIN = path.resolve(import.meta.dirname, '../../bin/lunas.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `lunas <args>` to its end, with only PATH and `env` in the environment (nothing of the
 * test's own), in `cwd` (default: the temp folder). Resolves with the exit code and the output.
 */
export function runLunas(args: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [LUNAS_BIN, ...args], { cwd: options.cwd ?? os.tmpdir(), env: { PATH: process.env.PATH, ...options.env }, timeout: options.timeoutMs ?? 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
