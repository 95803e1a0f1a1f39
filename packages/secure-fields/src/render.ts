/**
 * Renders the secure card-field page from its bundled script (build.ts) and a set of public
 * pinning keys, and computes its CSP. No esbuild here: the server runs this at request time,
 * on a script built ahead of time.
 */
import { createHash } from 'node:crypto';

export interface SecureIframeBuild {
  html: string;
  /** `sha256-<base64>` of the inline script, for `Content-Security-Policy: script-src '<hash>'`. */
  scriptHash: string;
}

/** Structural, so both node:crypto's and WebCrypto's JsonWebKey types (and parsed JSON) fit. */
export interface PinningJwk {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
}

const B64URL = /^[A-Za-z0-9_-]{64}$/; // a P-384 coordinate: 48 bytes, unpadded base64url

/**
 * Keeps only {kty, crv, x, y}. A JWK carrying `d` is refused outright rather than stripped: a
 * private pinning key reaching the build is a mistake someone must notice, and the page is public.
 */
function publicPinningKeys(jwks: readonly PinningJwk[]): PinningJwk[] {
  if (!Array.isArray(jwks) || jwks.length === 0) throw new TypeError('pinningJwks must be a non-empty array');
  return jwks.map((jwk, i) => {
    if (typeof jwk !== 'object' || jwk === null) throw new TypeError(`pinningJwks[${i}] is not a JWK`);
    if ('d' in jwk) throw new TypeError(`pinningJwks[${i}] contains private key material ("d")`);
    if (jwk.kty !== 'EC' || jwk.crv !== 'P-384') throw new TypeError(`pinningJwks[${i}] must be an EC P-384 key`);
    if (!B64URL.test(jwk.x ?? '') || !B64URL.test(jwk.y ?? '')) throw new TypeError(`pinningJwks[${i}] has malformed x/y`);
    return { kty: 'EC', crv: 'P-384', x: jwk.x, y: jwk.y };
  });
}

/**
 * Layout only: the SDK draws border, label and errors around the iframe, so the input simply
 * fills it, transparent, inheriting nothing but what the merchant's appearance options set.
 */
const STYLE = [
  'html,body{margin:0;padding:0;width:100%;height:100%;background:transparent;overflow:hidden}',
  'body{font:14px/1.2 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2937}',
  'input{box-sizing:border-box;display:block;width:100%;height:100%;margin:0;padding:0 12px;border:none;outline:none;',
  'background:transparent;font:inherit;color:inherit;letter-spacing:inherit}',
  'input::placeholder{color:var(--xendit-iframe-placeholder-color,#9ca3af);opacity:1}',
  '.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}',
  '.failure{margin:0 12px;height:100%;display:flex;align-items:center;color:#dc2626;font:10px monospace}',
].join('');

/**
 * The pinning keys are not compiled into the bundle: the script is built once (ahead of time in
 * the package) around this marker, and each set of keys is put in by `renderSecureIframe`, so a
 * rotated pinning key needs no esbuild at run time.
 */
export const PINNING_MARKER = '__LUNAS_PINNING_KEYS_JSON__';

/** The page for one set of pinning keys: the keys go in as a JSON string literal, then the CSP hash is taken. */
export function renderSecureIframe(bundledScript: string, options: { pinningJwks: readonly PinningJwk[] }): SecureIframeBuild {
  const keys = publicPinningKeys(options.pinningJwks);
  const script = bundledScript.replace(`"${PINNING_MARKER}"`, () => JSON.stringify(JSON.stringify(keys)));
  // esbuild escapes "</script" inside strings; anything still matching would end the inline
  // script early (and break the hash), so refuse rather than emit a broken page.
  if (/<\/script|<!--/i.test(script)) throw new Error('bundled script contains an HTML terminator');

  const scriptHash = `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
  const html =
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width,initial-scale=1">\n' +
    // The page URL carries session_id/pk/sig; a merchant font host has no business seeing it.
    '<meta name="referrer" content="no-referrer">\n' +
    `<title>Secure card field</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `<script>${script}</script>\n</body>\n</html>\n`;
  return { html, scriptHash };
}

const CSP_SOURCE = /^(?:'self'|'none'|\*|[a-z][a-z0-9+.-]*:(?:\/\/[^\s;,']+)?|[^\s;,':/]+(?::\d+)?)$/i;

/**
 * The page's CSP. Nothing may load except the hashed inline script, inline style (the `<style>`
 * block; merchant styles go through the CSSOM, which CSP does not police) and fonts — FontFace
 * with a merchant `url(…)` is governed by font-src, so https: and data: fonts are allowed and
 * nothing else (no connect-src: the field never talks to the network). frame-ancestors lists the
 * origins allowed to embed the field; an empty list means nobody.
 */
export function secureIframeCsp(scriptHash: string, frameAncestors: readonly string[]): string {
  if (!/^sha256-[A-Za-z0-9+/]{43}=$/.test(scriptHash)) throw new TypeError('scriptHash must be sha256-<base64>');
  for (const source of frameAncestors) {
    if (!CSP_SOURCE.test(source)) throw new TypeError(`not a CSP source expression: ${JSON.stringify(source)}`);
  }
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  return [
    "default-src 'none'",
    `script-src '${scriptHash}'`,
    "style-src 'unsafe-inline'",
    'font-src data: https:',
    `frame-ancestors ${ancestors}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
