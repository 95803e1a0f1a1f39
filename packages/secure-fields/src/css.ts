/**
 * Merchant styling for the field (`appearance` query parameter = the SDK's iframeFieldAppearance
 * option), per components-protocol.md §3.6. The merchant page is a different origin from the
 * iframe, so anything it passes is untrusted: only a few typography/colour properties, only
 * values that cannot load resources or break out of a declaration, and only ever applied through
 * the CSSOM (never as style text), which CSP does not treat as inline style.
 */

/** camelCase key in `inputStyles` → CSS property name (for CSSStyleValue.parse and setProperty). */
const ALLOWED: Readonly<Record<string, string>> = {
  fontFamily: 'font-family',
  fontSize: 'font-size',
  fontWeight: 'font-weight',
  lineHeight: 'line-height',
  letterSpacing: 'letter-spacing',
  color: 'color',
  backgroundColor: 'background-color',
};

/** Anything that can fetch, execute, or end the declaration/rule it sits in. */
const BLOCKED: readonly RegExp[] = [
  /url\s*\(/i,
  /javascript:/i,
  /vbscript:/i,
  /data:/i,
  /expression\s*\(/i,
  /behavior\s*:/i,
  /@import/i,
  /-moz-binding/i,
  /[<>]/,
  /&#/,
  /\/\*|\*\//,
  /[;{}]/,
];

export const CUSTOM_FONT_FAMILY = 'xendit-iframe-custom-font';
export const PLACEHOLDER_VAR = '--xendit-iframe-placeholder-color';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns the value if it is safe for `property` (a CSS property name), else null. */
export function sanitizeCssValue(property: string, value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  if (BLOCKED.some((re) => re.test(value))) return null;
  // Typed OM gives the browser's own grammar check; Firefox lacks it, and the patterns above suffice.
  const typedOm = (globalThis as { CSSStyleValue?: { parse?: (p: string, v: string) => unknown } }).CSSStyleValue;
  if (typeof typedOm?.parse === 'function') {
    try {
      typedOm.parse(property, value);
    } catch {
      return null;
    }
  }
  return value;
}

/** The allowed, safe `inputStyles` as CSS property → value. */
export function sanitizeInputStyles(styles: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(styles)) return out;
  for (const [key, value] of Object.entries(styles)) {
    // hasOwnProperty, not `in`: keys like "constructor" must not reach the prototype.
    const property = Object.prototype.hasOwnProperty.call(ALLOWED, key) ? ALLOWED[key] : undefined;
    if (property === undefined) continue;
    const safe = sanitizeCssValue(property, value);
    if (safe !== null) out[property] = safe;
  }
  return out;
}

/**
 * `appearance` arrives URL-decoded once by URLSearchParams; the official iframe decodes it a
 * second time. A JSON containing a bare '%' (e.g. "100%") would make that second decode throw, so
 * fall back to the once-decoded text rather than lose all styling.
 */
export function parseAppearance(param: string | null): Record<string, unknown> | null {
  if (!param) return null;
  let text = param;
  try {
    text = decodeURIComponent(param);
  } catch {
    // keep the once-decoded text
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null; // bad styling must never stop a payment field from working
  }
}

/** Applies inputStyles and the placeholder colour; returns the font-face loader promise (if any). */
export function applyAppearance(input: HTMLInputElement, appearance: Record<string, unknown>): Promise<void> {
  for (const [property, value] of Object.entries(sanitizeInputStyles(appearance.inputStyles))) {
    input.style.setProperty(property, value);
  }
  const placeholder = isRecord(appearance.placeholderStyles) ? appearance.placeholderStyles : {};
  const placeholderColor = sanitizeCssValue('color', placeholder.color);
  if (placeholderColor !== null) input.style.setProperty(PLACEHOLDER_VAR, placeholderColor);
  return loadFontFace(input, appearance.fontFace);
}

/**
 * `fontFace {source, descriptors}` → FontFace API. `source` is a CSS src descriptor and must be
 * allowed `url(…)`, so it gets its own narrower check; CSP font-src decides what may be fetched.
 */
async function loadFontFace(input: HTMLInputElement, fontFace: unknown): Promise<void> {
  if (!isRecord(fontFace) || typeof fontFace.source !== 'string' || typeof FontFace === 'undefined') return;
  const source = fontFace.source;
  if (source.length > 2000 || /[<>;{}]|javascript:|vbscript:|expression\(|@import|\/\*/i.test(source)) return;
  const raw = isRecord(fontFace.descriptors) ? fontFace.descriptors : {};
  const descriptors: Record<string, string> = {};
  for (const key of ['display', 'style', 'stretch']) {
    const v = raw[key];
    if (typeof v === 'string' && v.length < 40 && !/[<>;{}()]/.test(v)) descriptors[key] = v;
  }
  try {
    // FontFace validates the descriptor keywords itself (throws → caught below).
    const face = new FontFace(CUSTOM_FONT_FAMILY, source, descriptors as FontFaceDescriptors);
    document.fonts.add(face);
    await face.load();
    input.style.setProperty('font-family', CUSTOM_FONT_FAMILY);
    input.style.setProperty('font-weight', 'normal');
  } catch {
    // An unreachable or malformed font just leaves the default family.
  }
}
