import fc from 'fast-check';

/**
 * Request material for test/fuzz-routes.test.ts: values built from a route's JSON schema (as
 * /openapi.json publishes it), and the mutations a careless or hostile client sends.
 */
type Schema = Record<string, any>;

/** Strings that have broken servers: NUL, lone surrogates, control and bidi characters, huge ones. */
export const nastyString = fc.oneof(
  // The values that once answered 500 (docs/security.md), often enough that every run meets them on many routes.
  { weight: 2, arbitrary: fc.constantFrom('a\u0000b', '2024-06-30T23:59:60Z', '\uD800x') },
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uD800', '\uDFFF', 'x\uFFFF', '\u202Eevil', '💳'.repeat(40), 'null', '__proto__', 'constructor', '../../etc/passwd', '%00', '%', '\\u0000', '<script>', "'; DROP TABLE sessions; --", '2024-06-30T23:59:60Z', '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '1e400', 'NaN'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.nat({ max: 3 }).map((i) => 'x'.repeat([256, 4096, 70_000, 900_000][i]!)),
);

const nastyNumber = fc.constantFrom(0, -0, -1, 0.1, 1e308, -1e308, 2 ** 53 + 1, 1e-320, 123456789.123456, 4294967296);

/** JSON of every type, nested a little. */
export const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(null, true, false),
    nastyNumber,
    nastyString,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 3 }),
  ),
})).value;

/**
 * Nesting at, just above and far above the parser's depth limit. A marker stands for it until
 * the body is serialised (`expandDeep`): the test's own JSON.stringify would overflow otherwise.
 */
export const deepJson = fc.constantFrom(63, 65, 5000).chain((depth) => fc.constantFrom('a', 'o').map((shape) => `@@DEEP${depth}${shape}@@`));

/** Serialised JSON with every deep marker replaced by that much nesting. */
export const expandDeep = (text: string): string =>
  text.replace(/"@@DEEP(\d+)([ao])@@"/g, (_, depth: string, shape: string) => {
    const n = Number(depth);
    return shape === 'a' ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  });

/** A value that satisfies `schema`, or comes close (patterns that fast-check cannot read fall back to strings). */
export function valueOf(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anyJson;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  for (const key of ['anyOf', 'oneOf'] as const) if (Array.isArray(schema[key])) return fc.oneof(...schema[key].map((s: Schema) => valueOf(s, depth + 1)));
  if (Array.isArray(schema.allOf)) return valueOf(Object.assign({}, ...schema.allOf), depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'uri') return fc.constantFrom('https://example.com/return', 'http://127.0.0.1:1/hooks', 'https://shop.test/a?b=c');
      if (schema.format === 'email') return fc.constant('buyer@example.com');
      if (typeof schema.pattern === 'string') {
        try {
          return fc.stringMatching(new RegExp(schema.pattern), { size: 'xsmall' }).filter((s) => s.length <= (schema.maxLength ?? 1000));
        } catch {
          /* a pattern fast-check cannot generate from: plain strings */
        }
      }
      const minLength = schema.minLength ?? 0;
      return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 20, 20)) });
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -10;
      const max = Math.max(min, Math.min(schema.maximum ?? min + 1_000_000, min + 1_000_000));
      return type === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.oneof(fc.integer({ min: Math.ceil(min), max: Math.floor(max) }), fc.double({ min, max, noNaN: true }));
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(valueOf(schema.items, depth + 1), { minLength: Math.min(schema.minItems ?? 0, 3), maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {};
      const required = new Set<string>(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, inner] of Object.entries(properties)) record[name] = valueOf(inner, depth + 1);
      const requiredKeys = Object.keys(properties).filter((k) => required.has(k));
      return fc.record(record, { requiredKeys });
    }
    default:
      return anyJson;
  }
}

/** Every JSON pointer inside a value (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (prefix.length > 8 || typeof value !== 'object' || value === null) return out;
  for (const [key, inner] of Object.entries(value)) pathsOf(inner, [...prefix, Array.isArray(value) ? Number(key) : key], out);
  return out;
}

export type Mutation = 'none' | 'wrong type' | 'remove' | 'nasty string' | 'deep' | 'extra field';

/** The value with one place in it changed (a fresh copy; `value` is left alone). */
export function mutate(value: unknown): fc.Arbitrary<{ value: unknown; mutation: Mutation }> {
  const paths = pathsOf(value);
  return fc.record({
    at: fc.nat({ max: paths.length - 1 }),
    mutation: fc.constantFrom<Mutation>('none', 'wrong type', 'remove', 'nasty string', 'deep', 'extra field'),
    replacement: anyJson,
    nasty: nastyString,
    deep: deepJson,
  }).map(({ at, mutation, replacement, nasty, deep }) => {
    if (mutation === 'none') return { value, mutation };
    const copy = structuredClone(value) as any;
    const path = paths[at]!;
    if (path.length === 0) {
      const root = { 'wrong type': replacement, remove: undefined, 'nasty string': nasty, deep, 'extra field': replacement }[mutation];
      return { value: mutation === 'extra field' && typeof copy === 'object' && copy ? { ...copy, ['x\u0000' + String(at)]: replacement } : root, mutation };
    }
    let parent = copy;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const last = path[path.length - 1]!;
    if (mutation === 'remove') delete parent[last];
    else if (mutation === 'extra field' && typeof parent[last] === 'object' && parent[last] !== null) parent[last].__proto__extra = replacement;
    else parent[last] = mutation === 'nasty string' ? nasty : mutation === 'deep' ? deep : replacement;
    return { value: copy, mutation };
  });
}

/** Raw bodies that are not what their Content-Type says. */
export const badBodyText = fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'nul', '\uFEFF{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', '"\\ud800"', '{"a":"\\u0000"}', `${'['.repeat(70)}${']'.repeat(70)}`, '1'.repeat(400), '-', '{"a":1e99999}');
