/**
 * @lunas/protocol: the contract Lunas's server, its browser SDK (@lunas/components) and its
 * secure card fields (@lunas/secure-fields) share. Types and constants only, plus the pure
 * envelope check, so every side can import it without pulling anything in.
 */
export * from './gateway.ts';
export * from './messages.ts';
export * from './envelope.ts';
