/**
 * Builds the secure card-field page the SDK loads as
 * `https://assets.xendit.co/components/secure-iframe-v0.0.24.html` (components-protocol.md §3, §9).
 *
 * The page is one self-contained HTML document: the field script is bundled and inlined so the
 * server can pin it with a CSP hash (`script-src 'sha256-…'`) instead of trusting any URL, and the
 * public pinning keys are put in at render time (render.ts), so only server keys signed by a
 * pinning key are accepted.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { PINNING_MARKER, renderSecureIframe, type PinningJwk, type SecureIframeBuild } from './render.ts';

export { renderSecureIframe, secureIframeCsp, type PinningJwk, type SecureIframeBuild } from './render.ts';

/** Bundles the field script (esbuild); the result still carries the pinning-key marker. */
export async function bundleSecureFieldScript(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./field.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    logLevel: 'silent',
    define: { __LUNAS_PINNING_KEYS__: JSON.stringify(PINNING_MARKER) },
  });
  const script = result.outputFiles[0]?.text.trim();
  if (!script) throw new Error('esbuild produced no output');
  if (!script.includes(`"${PINNING_MARKER}"`)) throw new Error('the bundled field script lost its pinning-key marker');
  return script;
}

/** Bundle and render in one step (tests, and a caller with no prebuilt script). */
export async function buildSecureIframe(options: { pinningJwks: readonly PinningJwk[] }): Promise<SecureIframeBuild> {
  renderSecureIframe(`"${PINNING_MARKER}"`, options); // refuses bad keys before spending a build on them
  return renderSecureIframe(await bundleSecureFieldScript(), options);
}

