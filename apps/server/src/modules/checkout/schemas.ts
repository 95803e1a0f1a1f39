import { Type, type Static } from 'typebox';
import { BRANDING_EXAMPLES } from '../../schemas/examples.ts';
import { Nullable } from '../../schemas/common.ts';
import { BRAND_COLOR_PATTERN } from './theme.ts';

/**
 * The hosted checkout's branding (Lunas extension; docs/compatibility.md). Every field is
 * optional in a PATCH; `null` puts the default back (the business name, no logo, Lunas blue).
 * The logo is a data: URL, kept and shown by Lunas itself: the page never loads a third-party
 * image, so an https logo URL is not accepted.
 */
export const LOGO_PATTERN = '^data:image/(png|jpeg|svg\\+xml);base64,[A-Za-z0-9+/]+={0,2}$';
export const LOGO_MAX_BYTES = 64 * 1024;

export const BrandingIn = Type.Object(
  {
    display_name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$' }))),
    brand_color: Type.Optional(Nullable(Type.String({ pattern: BRAND_COLOR_PATTERN, description: '#RRGGBB' }))),
    logo: Type.Optional(Nullable(Type.String({ maxLength: 90_000, pattern: LOGO_PATTERN, description: `data:image/png|jpeg|svg+xml;base64,… of at most ${LOGO_MAX_BYTES} bytes` }))),
  },
  { additionalProperties: false, examples: BRANDING_EXAMPLES },
);
export type BrandingInput = Static<typeof BrandingIn>;

export const BrandingOut = Type.Object({
  display_name: Nullable(Type.String()),
  brand_color: Nullable(Type.String()),
  logo: Nullable(Type.String()),
  updated: Nullable(Type.String()),
});
export type BrandingView = Static<typeof BrandingOut>;
