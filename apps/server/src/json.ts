/**
 * Xendit's responses omit optional fields that are not set (never `null`): views build their
 * object with `undefined` for those and pass it through here.
 */
export function omitUndefined<T extends Record<string, unknown>>(object: T): T {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  return object;
}
