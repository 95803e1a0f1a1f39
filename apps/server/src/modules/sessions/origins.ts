import type { SessionRow } from '../../db/tables.ts';
import type { SessionDetails } from './view.ts';

/**
 * The browser origins that may use a session's browser credential (its sdk auth key): the
 * gateway answers CORS only for them, and the secure card iframe may be framed only by them.
 * - COMPONENTS: exactly the merchant's `components_configuration.origins`.
 * - PAYMENT_LINK: exactly Lunas's own public origin, where the hosted checkout page runs.
 */
export function browserOrigins(session: Pick<SessionRow, 'mode' | 'details'>, publicUrl: string): string[] {
  if (session.mode === 'PAYMENT_LINK') return [new URL(publicUrl).origin];
  return (JSON.parse(session.details) as SessionDetails).components_configuration?.origins ?? [];
}
