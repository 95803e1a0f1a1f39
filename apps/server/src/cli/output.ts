/**
 * How the CLI ends. Exit codes (documented in docs/cli.md):
 *   0  done (help and --version too)
 *   1  the command could not do its work: a busy port, an unreachable store or Lunas, a refusal
 *   2  the command line or a setting is wrong: unknown command, flag or value, a bad setting
 *   3  a running Lunas could not be reached (commands that call its API: --url / LUNAS_URL)
 *   4  that Lunas refused the secret key (401: --api-key / LUNAS_SECRET_KEY)
 * Every failure is one sentence on stderr (what failed, the value, what to do), never a stack trace.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3, unauthorized: 4 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

/** A usage error: the user typed something Lunas cannot take. */
export const usageError = (message: string) => new CliError(message, EXIT.usage);

export const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
export const err = (text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);

/** Two-column rows, aligned: `label  value`. */
export function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}
