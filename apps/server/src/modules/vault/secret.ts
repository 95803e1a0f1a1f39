import { inspect } from 'node:util';

/**
 * A value that must never be printed: card numbers and CVNs. It redacts itself in logs
 * (pino serialises with JSON.stringify), in JSON bodies, in string templates and in
 * console/inspect output; only `reveal()` hands out the value, and only `vault/` calls it.
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
