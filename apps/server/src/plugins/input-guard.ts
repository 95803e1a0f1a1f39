import { Errors } from '../errors.ts';

/**
 * Limits on the shape of input that JSON Schema does not express, applied to every route
 * (docs/security.md, "Limits"):
 * - JSON nesting depth, checked on the text before parsing: thousands of nested `{` or `[`
 *   parse fine but overflow the stack of every recursive walker after (JSON.stringify for the
 *   idempotency hash and the `details` column, AJV), which answered 500. No Xendit body nests
 *   deeper than a handful of levels.
 * - NUL characters (U+0000) in any string or key of a body, query or path parameter:
 *   PostgreSQL text cannot hold one (SQLSTATE 22021, a 500), so they are refused on both
 *   dialects alike, before anything is stored or looked up.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether JSON text nests objects and arrays deeper than `max` (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped, whatever it is
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export const tooDeep = () => Errors.fieldInvalid('/body', `is nested deeper than ${MAX_JSON_DEPTH} levels`);

/**
 * The JSON pointer (under `part`, e.g. `/body`) of the first string or key holding a NUL, or
 * undefined. Bodies reach here already parsed within MAX_JSON_DEPTH, and query strings, params
 * and form bodies are flat, so recursion stays shallow.
 */
export function nulPath(value: unknown, part: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? part : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${part}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    const path = `${part}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key.includes('\u0000')) return path;
    const found = nulPath(inner, path);
    if (found) return found;
  }
  return undefined;
}

/** Refuses a request with a NUL in its params, query string or body (paths as AJV's: /params, /querystring, /body): 400 on the first one found. */
export function refuseNul(request: { params?: unknown; query?: unknown; body?: unknown }): void {
  const found = nulPath(request.params, '/params') ?? nulPath(request.query, '/querystring') ?? nulPath(request.body, '/body');
  if (found) throw Errors.fieldInvalid(found, 'must not contain NUL characters (\\u0000)');
}
