import type { Session } from './model.ts';

/**
 * The browser origins that may use a session's browser credential (its sdk auth key): the
 * gateway answers CORS only for them, and the secure card iframe may be framed only by them.
 * - COMPONENTS: exactly the merchant's `components_configuration.origins`.
 * - PAYMENT_LINK: exactly Lunas's own public origin, where the hosted checkout page runs.
 */
export function browserOrigins(session: Pick<Session, 'mode' | 'details'>, publicUrl: string): string[] {
  if (session.mode === 'PAYMENT_LINK') return [new URL(publicUrl).origin];
  return session.details.components_configuration?.origins ?? [];
}
