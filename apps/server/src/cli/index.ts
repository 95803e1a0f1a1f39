import { Command, CommanderError } from 'commander';
import { VERSION } from '../app.ts';
import { ConfigError } from '../config.ts';
import { StoreError } from '../db/store-error.ts';
import { MasterKeyError } from '../modules/vault/master-key.ts';
import { configFrom } from './config.ts';
import { clockCommand } from './clock-commands.ts';
import { CliError, err, EXIT } from './output.ts';
import { listenCommand } from './listen.ts';
import { remoteCommands } from './remote-commands.ts';
import { addSettingOptions } from './settings.ts';
import { start } from './start.ts';
import { storeCommands } from './store-commands.ts';
import { triggerCommand } from './trigger.ts';

/**
 * The `lunas` command line, on commander: `lunas --help` and `lunas <command> --help` print
 * help and change nothing; an unknown command, flag or value names itself and exits 2; any
 * failure a user can cause is one sentence and exit 1 (output.ts has the codes).
 */
export function program(): Command {
  const lunas = new Command('lunas')
    .description('Self-hosted, Xendit-compatible Payment Sessions server')
    .version(VERSION, '-v, --version')
    .addHelpText(
      'after',
      `
Store-level commands (start, migrate, businesses, sdk-keys) take the store settings
(--data-dir, --database-url, …, or their LUNAS_* env vars). Commands that work with a
running Lunas (keys, accounts, webhooks, checkout, listen, trigger, clock) call its API:
--url / LUNAS_URL and --api-key / LUNAS_SECRET_KEY.

Exit codes: 0 done, 1 the command failed (busy port, store unreachable, refused),
2 wrong usage (unknown command, flag, value or event type; a bad setting),
3 Lunas not reachable at --url, 4 Lunas refused the secret key (401).`,
    );

  addSettingOptions(lunas.command('start').description('run the API and the background worker (the roles setting picks)')).action(async (options) => {
    await start(configFrom(options));
  });
  for (const command of [...storeCommands(), ...remoteCommands(), listenCommand(), clockCommand(), triggerCommand()]) lunas.addCommand(command);

  // Every command (and sub-command) reports usage errors the same way, and throws instead of exiting.
  const configure = (command: Command, name: string) => {
    command.exitOverride().showHelpAfterError(`(run \`${name} --help\` for usage)`);
    command.commands.forEach((sub) => configure(sub, `${name} ${sub.name()}`));
  };
  configure(lunas, 'lunas');
  return lunas;
}

export async function main(argv: string[]): Promise<void> {
  // `lunas` alone is a request for the overview; `lunas keys` alone is an incomplete command.
  if (argv.length === 0) argv = ['--help'];
  try {
    await program().parseAsync(argv, { from: 'user' });
  } catch (error) {
    process.exitCode = exitCodeOf(error);
  }
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version were asked for; commander has already printed them (and any error).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    return EXIT.usage;
  }
  if (error instanceof CliError) {
    err(`lunas: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    err(`lunas: ${error.message}`);
    return EXIT.usage;
  }
  // Store and master-key errors carry a sentence made for the user (db/, vault/).
  if (error instanceof StoreError || error instanceof MasterKeyError) {
    err(`lunas: ${error.message}`);
    return EXIT.failed;
  }
  err(`lunas: unexpected error (please report it): ${(error as Error)?.stack ?? String(error)}`);
  return EXIT.failed;
}
