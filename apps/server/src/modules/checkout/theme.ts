/**
 * The merchant's brand colour on the hosted page, always readable (WCAG 2.x contrast):
 * - the Pay button is filled with the brand colour and labelled in white or near-black,
 *   whichever contrasts more (one of them always reaches 4.5:1 on any colour);
 * - links, focus rings and accents on the white page use the brand colour darkened just
 *   enough to reach 4.5:1 against white.
 * The theme is a tiny stylesheet whose URL names the colour, so the page keeps
 * `style-src 'self'` and the sheet can be cached forever.
 */
export const DEFAULT_BRAND_COLOR = '#1d4ed8';
export const BRAND_COLOR_PATTERN = '^#[0-9A-Fa-f]{6}$';

type Rgb = [number, number, number];

const parse = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const toHex = (rgb: Rgb): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

const WHITE = '#ffffff';
const INK = '#000000';

/** The label colour for text on a brand-coloured fill. */
export const onBrand = (brand: string): string => (contrast(brand, WHITE) >= contrast(brand, INK) ? WHITE : INK);

/** The brand colour darkened (in steps of 4 %) until it reads as text on white. */
export function accentOnWhite(brand: string): string {
  let rgb = parse(brand);
  for (let i = 0; i < 25 && contrast(toHex(rgb), WHITE) < 4.5; i++) rgb = rgb.map((c) => c * 0.96) as Rgb;
  return toHex(rgb);
}

export const normalizeColor = (value: string | null | undefined): string => (value && new RegExp(BRAND_COLOR_PATTERN).test(value) ? value.toLowerCase() : DEFAULT_BRAND_COLOR);

/** `/checkout/assets/theme-1d4ed8.css` → its colour, or undefined for anything else. */
export function themeColorOf(file: string): string | undefined {
  const match = /^theme-([0-9a-f]{6})\.css$/.exec(file);
  return match ? `#${match[1]}` : undefined;
}

export const themeFile = (brand: string): string => `theme-${normalizeColor(brand).slice(1)}.css`;

export function themeCss(brand: string): string {
  const color = normalizeColor(brand);
  return `:root{--brand:${color};--on-brand:${onBrand(color)};--accent:${accentOnWhite(color)};--lunas-color-primary:${accentOnWhite(color)};--xendit-color-primary:${accentOnWhite(color)}}\n`;
}
