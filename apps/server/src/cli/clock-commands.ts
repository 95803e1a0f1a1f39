import { Command } from 'commander';
import { MAX_ADVANCE_SECONDS, type ClockView } from '../modules/test-clock/service.ts';
import { lunasClient, type RemoteOptions } from './client.ts';
import { CliError, out, table, usageError } from './output.ts';
import { remote } from './remote-commands.ts';

/**
 * `lunas clock show` and `lunas clock advance <duration>`: the business's test clock on a
 * running Lunas (GET /test_helpers/clock, POST /test_helpers/clock/advance), over HTTP like the
 * other remote commands. The clock only moves forward.
 */
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90`, `90s`, `31m`, `2h`, `1d`, `1h30m` → seconds; a usage error otherwise. */
export function parseAdvance(text: string): number {
  const trimmed = text.trim();
  let seconds: number;
  if (/^\d+$/.test(trimmed)) seconds = Number(trimmed);
  else if (/^(\d+[smhd])+$/.test(trimmed)) seconds = [...trimmed.matchAll(/(\d+)([smhd])/g)].reduce((sum, [, n, unit]) => sum + Number(n) * UNIT_SECONDS[unit!]!, 0);
  else throw usageError(`"${text}" is not a duration: give seconds (90) or a duration like 90s, 31m, 2h, 1d or 1h30m`);
  if (seconds < 1) throw usageError('the clock moves forward only: give a duration of at least 1 second');
  if (seconds > MAX_ADVANCE_SECONDS) throw usageError(`at most ${MAX_ADVANCE_SECONDS / 86_400} days (ten years) at a time; got "${text}"`);
  return seconds;
}

const show = (view: ClockView) =>
  out(table([['business', view.business_id], ['now', view.now], ['ahead of real time', formatOffset(view.offset_seconds)]]));

function formatOffset(seconds: number): string {
  if (seconds === 0) return '0s (real time)';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) parts.push(`${Math.floor(rest / size)}${unit}`);
    rest %= size;
  }
  return `${parts.join(' ')} (${seconds} s)`;
}

/** The helpers are 404 on a Lunas started with LUNAS_TEST_CLOCK=false: say so. */
async function call(options: RemoteOptions, method: string, path: string, body?: unknown): Promise<ClockView> {
  try {
    return await lunasClient(options).request<ClockView>(method, path, body);
  } catch (error) {
    if (error instanceof CliError && / 404 /.test(error.message)) {
      throw new CliError('this Lunas has no test clock: it was started with LUNAS_TEST_CLOCK=false (or is older than the test clock)');
    }
    throw error;
  }
}

export function clockCommand(): Command {
  const clock = new Command('clock').description("the business's test clock on a running Lunas: show it, move it forward");
  remote(clock.command('show').description("show the business's now and how far it is ahead of real time")).action(async (options: RemoteOptions) => {
    show(await call(options, 'GET', '/test_helpers/clock'));
  });
  remote(
    clock
      .command('advance')
      .description('move the business clock forward (never back): sessions, payment requests and tokens due by then expire, webhook retries due by then run')
      .argument('<duration>', 'seconds (90) or a duration: 90s, 31m, 2h, 1d, 1h30m'),
  ).action(async (duration: string, options: RemoteOptions) => {
    const seconds = parseAdvance(duration);
    show(await call(options, 'POST', '/test_helpers/clock/advance', { seconds }));
  });
  return clock;
}
