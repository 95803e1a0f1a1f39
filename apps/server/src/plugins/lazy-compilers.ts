import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify compiles every route's response serializer (fast-json-stringify) and request validator
 * (AJV) when the app starts: about fifty routes, a third of a start. Lunas compiles each at the
 * route's first use instead, so `lunas start` is ready sooner and a route costs its compile
 * once, on its first request. The compiled functions are the same; only the moment moves.
 */
type Compile<F> = () => F;

/** A function that compiles its real implementation on its first call. */
export function compileOnFirstUse<A extends unknown[], R>(compile: Compile<(...args: A) => R>): (...args: A) => R {
  let compiled: ((...args: A) => R) | undefined;
  return (...args) => (compiled ??= compile())(...args);
}

type Validator<E> = ((data: unknown) => boolean) & { errors?: E | null };

/** A validator for Fastify: like compileOnFirstUse, and it passes on the `errors` Fastify reads. */
export function validateOnFirstUse<E>(compile: Compile<Validator<E>>): Validator<E> {
  let compiled: Validator<E> | undefined;
  const validate: Validator<E> = (data) => {
    compiled ??= compile();
    const valid = compiled(data);
    validate.errors = compiled.errors;
    return valid;
  };
  return validate;
}

/** Fastify's own serializer factory, each route's serializer compiled at its first response. */
export function lazySerializerFactory() {
  const selector = SerializerSelector();
  return (externalSchemas: unknown, options: unknown) => {
    const build = (selector as unknown as (e: unknown, o: unknown) => (route: unknown) => (data: unknown) => string)(externalSchemas, options);
    return (route: unknown) => compileOnFirstUse(() => build(route));
  };
}
