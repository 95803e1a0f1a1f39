import { Command } from 'commander';
import { lunasClient, type LunasClient, type RemoteOptions } from './client.ts';
import { CliError, out, usageError } from './output.ts';
import { REFUND_FAILURE_AMOUNT } from '../channels/simulator/refunds.ts';
import { remote } from './remote-commands.ts';
import {
  CHALLENGE_CARD,
  FRICTIONLESS_CARD,
  createSession,
  declineAmount,
  eventsAbout,
  masked,
  payOnSession,
  sessionBody,
  waitFor,
  waitForEvent,
  type Created,
  type Overrides,
} from './trigger-flows.ts';

/**
 * `lunas trigger <event>`: makes a running Lunas emit an event the way a real checkout does,
 * through its API and its simulator (sessions, attempts, the 3DS page, refunds), then prints
 * what it created and the events recorded about it. Webhook endpoints and `lunas listen`
 * receive them like any other.
 */
type Obj = Record<string, any>;

interface Scenario {
  event: string;
  summary: string;
  /** Which --override fields it uses. */
  overrides: (keyof Overrides)[];
  run(client: LunasClient, o: Overrides): Promise<{ created: Created[]; about: string[] }>;
}

const sessionLine = (s: Obj): Created => ({ label: 'session', id: s.payment_session_id, detail: `${s.session_type} ${s.mode} ${s.amount} ${s.currency} → ${s.status}` });
const requestLine = (pr: Obj, how: string): Created => ({ label: 'payment request', id: pr.payment_request_id, detail: `${masked(pr)}, ${how} → ${pr.status}${pr.failure_code ? ` (${pr.failure_code})` : ''}` });

/** A PAY session paid on `channel` (a card by default), with the session's final state. */
async function paidSession(client: LunasClient, o: Overrides, card: string, changes: Obj = {}) {
  const session = await createSession(client, sessionBody(o, changes));
  const { attempt, how } = await payOnSession(client, session, o.channel ?? 'CARDS', card);
  const done = await waitFor(client, `/sessions/${session.payment_session_id}`, (s) => s.status !== 'ACTIVE', 'the session completing');
  const created = [sessionLine(done), requestLine(attempt, how)];
  if (done.payment_id) created.push({ label: 'payment', id: done.payment_id, detail: attempt.status });
  return { session: done, attempt, created };
}

/** A paid payment request refunded `amount` (its whole amount when undefined), and the refund's outcome. */
async function refunded(client: LunasClient, o: Overrides, amount: number | undefined, expect: 'SUCCEEDED' | 'FAILED') {
  const paid = await paidSession(client, { ...o, amount: o.amount ?? 20000 }, FRICTIONLESS_CARD);
  if (paid.attempt.status !== 'SUCCEEDED') throw new CliError(`the payment to refund ended ${paid.attempt.status}, not SUCCEEDED`);
  const refund = await client.request('POST', '/refunds', { payment_request_id: paid.attempt.payment_request_id, reason: 'REQUESTED_BY_CUSTOMER', ...(amount === undefined ? {} : { amount }) });
  const final = await waitFor(client, `/refunds/${refund.id}`, (r) => r.status !== 'PENDING', 'the refund');
  if (final.status !== expect) throw new CliError(`the refund ended ${final.status}${final.failure_code ? ` (${final.failure_code})` : ''}, not ${expect}`);
  const created = [...paid.created, { label: 'refund', id: final.id, detail: `${final.amount} ${final.currency} → ${final.status}${final.failure_code ? ` (${final.failure_code})` : ''}` }];
  return { created, about: [paid.session.payment_session_id, final.id] };
}


/** A scenario that only pays a session (with `card` unless a channel is overridden): what it created, about the session. */
const paying = (card: string, changes: Obj = {}) => async (client: LunasClient, o: Overrides) => {
  const { session, created } = await paidSession(client, o, card, changes);
  return { created, about: [session.payment_session_id] };
};

export const SCENARIOS: readonly Scenario[] = [
  {
    event: 'payment_session.completed',
    summary: 'a PAY session in COMPONENTS mode paid by card, 3DS challenge approved',
    overrides: ['amount', 'currency', 'country', 'channel'],
    run: paying(CHALLENGE_CARD),
  },
  {
    event: 'payment.capture',
    summary: 'a PAY session paid by a frictionless card (captured at once)',
    overrides: ['amount', 'currency', 'country', 'channel'],
    run: paying(FRICTIONLESS_CARD),
  },
  {
    event: 'payment.failure',
    summary: 'a card declined for insufficient balance (or a refusal on the provider page); the session stays ACTIVE',
    overrides: ['amount', 'currency', 'country', 'channel'],
    async run(client, o) {
      const channel = o.channel ?? 'CARDS';
      const amount = o.amount ?? (channel === 'CARDS' ? declineAmount(o.currency ?? 'IDR') : 10000);
      const session = await createSession(client, sessionBody({ ...o, amount }));
      const { attempt, how } = await payOnSession(client, session, channel, FRICTIONLESS_CARD, { decline: channel !== 'CARDS' });
      const after = await client.request('GET', `/sessions/${session.payment_session_id}`);
      return { created: [sessionLine(after), requestLine(attempt, how)], about: [session.payment_session_id] };
    },
  },
  {
    event: 'payment.authorization',
    summary: 'a PAY session with capture_method MANUAL, authorised by card and left to capture',
    overrides: ['amount', 'currency', 'country', 'channel'],
    run: paying(FRICTIONLESS_CARD, { capture_method: 'MANUAL' }),
  },
  {
    event: 'payment_session.expired',
    summary: 'a PAY session expired at once (the POST /sessions/{id}/expire test helper)',
    overrides: ['amount', 'currency', 'country'],
    async run(client, o) {
      const session = await createSession(client, sessionBody(o));
      const expired = await client.request('POST', `/sessions/${session.payment_session_id}/expire`);
      return { created: [sessionLine(expired)], about: [session.payment_session_id] };
    },
  },
  {
    event: 'payment_token.activation',
    summary: 'a SAVE session: a card linked after its 3DS challenge, the token ACTIVE',
    overrides: ['currency', 'country', 'channel'],
    async run(client, o) {
      const session = await createSession(client, sessionBody({ ...o, amount: 0 }, { session_type: 'SAVE' }));
      const { attempt, how } = await payOnSession(client, session, o.channel ?? 'CARDS', CHALLENGE_CARD);
      const done = await waitFor(client, `/sessions/${session.payment_session_id}`, (s) => s.status !== 'ACTIVE', 'the session completing');
      const token: Created = { label: 'payment token', id: attempt.payment_token_id, detail: `${masked(attempt)}, ${how} → ${attempt.status}` };
      return { created: [sessionLine(done), token], about: [session.payment_session_id, attempt.payment_token_id] };
    },
  },
  {
    event: 'refund.succeeded',
    summary: 'a card payment refunded in full',
    overrides: ['amount', 'currency', 'country', 'channel'],
    run: (client, o) => refunded(client, o, undefined, 'SUCCEEDED'),
  },
  {
    event: 'refund.failed',
    summary: `a card payment refunded ${REFUND_FAILURE_AMOUNT} (the simulator's failing refund amount)`,
    overrides: ['amount', 'currency', 'country', 'channel'],
    async run(client, o) {
      if (o.amount !== undefined && o.amount < REFUND_FAILURE_AMOUNT) throw usageError(`refund.failed refunds ${REFUND_FAILURE_AMOUNT}, so --override amount must be at least that; got ${o.amount}`);
      return refunded(client, o, REFUND_FAILURE_AMOUNT, 'FAILED');
    },
  },
];

const OVERRIDABLE = ['amount', 'currency', 'country', 'channel'] as const;

/** `field=value` pairs into Overrides; an unknown field or a bad amount is a usage error. */
export function parseOverrides(pairs: string[]): Overrides {
  const overrides: Overrides = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const field = at > 0 ? pair.slice(0, at) : '';
    const value = pair.slice(at + 1);
    if (!(OVERRIDABLE as readonly string[]).includes(field) || value === '') {
      throw usageError(`--override takes field=value with field one of ${OVERRIDABLE.join(', ')}; got "${pair}"`);
    }
    if (field === 'amount') {
      const amount = Number(value);
      if (!Number.isFinite(amount) || amount < 0) throw usageError(`--override amount must be a number of major units, such as 25000; got "${value}"`);
      overrides.amount = amount;
    } else {
      overrides[field as 'currency' | 'country' | 'channel'] = value.toUpperCase();
    }
  }
  return overrides;
}

const listText = () => SCENARIOS.map((s) => `  ${s.event.padEnd(27)} ${s.summary}`).join('\n');

export function triggerCommand(): Command {
  const command = new Command('trigger')
    .description('make a running Lunas emit an event through its real API and simulator, and print what it created')
    .argument('[event]', 'the event to trigger (see --list)')
    .option('--list', 'list the events it can trigger')
    .option('--override <field=value>', `set a request field: ${OVERRIDABLE.join(', ')} (repeatable)`, (value: string, all: string[]) => [...all, value], [] as string[])
    .addHelpText('after', `\nEvents:\n${listText()}\n\nExample: lunas trigger payment.capture --override amount=25000`);
  return remote(command).action(async (event: string | undefined, options: RemoteOptions & { list?: boolean; override: string[] }) => {
    if (options.list) {
      out(listText());
      return;
    }
    if (!event) throw usageError('name the event to trigger, such as `lunas trigger payment.capture`; `lunas trigger --list` lists them');
    const scenario = SCENARIOS.find((s) => s.event === event);
    if (!scenario) throw usageError(`lunas trigger cannot make "${event}"; it makes: ${SCENARIOS.map((s) => s.event).join(', ')}`);
    const overrides = parseOverrides(options.override);
    const unused = Object.keys(overrides).filter((field) => !scenario.overrides.includes(field as keyof Overrides));
    if (unused.length > 0) throw usageError(`${event} does not take --override ${unused.join(', ')}; it takes: ${scenario.overrides.join(', ')}`);
    const client = lunasClient(options);
    const set = Object.entries(overrides).map(([field, value]) => `${field}=${value}`);
    out(`Triggering ${event}: ${scenario.summary}${set.length ? ` (overridden: ${set.join(', ')})` : ''}`);
    const { created, about } = await scenario.run(client, overrides);
    await waitForEvent(client, event, about.at(-1)!);
    const width = Math.max(...created.map((c) => c.label.length));
    out(created.map((c) => `  ${c.label.padEnd(width)}  ${c.id}  ${c.detail}`).join('\n'));
    out('Events:');
    out((await eventsAbout(client, about)).map((e) => `  ${e.id}  ${e.event}${e.event === event ? '  ←' : ''}`).join('\n'));
  });
}
