import { inspect } from 'node:util';

/**
 * A value that must never be printed: card numbers, CVNs, sealed secrets once opened. It
 * redacts itself in logs (pino serialises with JSON.stringify), in JSON bodies, in string
 * templates and in console/inspect output; only `reveal()` hands out the value, at the one
 * place it is used: sealing and fingerprinting (vault/), the acquirer's first call of a card
 * attempt (attempts/), signing (webhooks/) and key loading (sdk-keys/).
 */
export class Secret<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toJSON(): string {
    return '[redacted]';
  }

  toString(): string {
    return '[redacted]';
  }

  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}
