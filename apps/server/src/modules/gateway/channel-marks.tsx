import { renderToString } from 'preact-render-to-string';
import {
  siAlipay,
  siAmericanexpress,
  siGojek,
  siGrab,
  siJcb,
  siLine,
  siMastercard,
  siShopee,
  siVisa,
  siWechat,
  type SimpleIcon,
} from 'simple-icons';
import { CHANNELS } from '../../channels/catalogue.ts';

/**
 * The marks the channel picker shows (`/components/logos/:name.svg`). A brand the maintained
 * icon set (simple-icons, compiled into the server bundle, so Lunas serves them itself) has
 * gets its own mark; every other channel gets its name written out, never a two-letter
 * abbreviation that two banks could share ("BN" was both Bank Neo Commerce and BNI).
 */
const ICON_MARKS: Record<string, SimpleIcon> = {
  VISA: siVisa,
  MASTERCARD: siMastercard,
  JCB: siJcb,
  'AMERICAN-EXPRESS': siAmericanexpress,
  SHOPEEPAY: siShopee,
  GOPAY: siGojek, // GoPay is Gojek's wallet; the set has the Gojek mark
  GOPAY_RECURRING: siGojek,
  GRABPAY: siGrab,
  ALIPAY: siAlipay,
  WECHATPAY: siWechat,
  LINEPAY: siLine,
};

// What the family already says (the picker groups by family), so the label keeps the brand.
const FAMILY_SUFFIX = / (Virtual Account|Direct Debit|Online Banking|Mobile Banking|Recurring|PayLater|Bills Payment|Wallet)$/;

const DISPLAY_NAMES = new Map(CHANNELS.map((channel) => [channel.code, channel.displayName]));

/** The short label for a channel without an icon: its display name without the family's words. */
export function markLabel(code: string): string {
  const name = DISPLAY_NAMES.get(code);
  if (!name) return code.replace(/[_-]+/g, ' ');
  const short = name.replace(/ \((FPX|FPX Business)\)$/, '').replace(FAMILY_SUFFIX, '');
  return short.length >= 3 ? short : name; // "SM Bills Payment" stays whole: "SM" alone says too little
}

const svg = (node: preact.JSX.Element) => renderToString(node);

function iconMark(icon: SimpleIcon): string {
  return svg(
    <svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="-6 -6 36 36" role="img" aria-label={icon.title}>
      <title>{icon.title}</title>
      <rect x="-6" y="-6" width="36" height="36" rx="7" fill="#fff" />
      <path d={icon.path} fill={`#${icon.hex}`} />
    </svg>,
  );
}

/** A payment card outline: the Cards channel is every network at once, so it has no brand mark. */
function cardMark(color: string): string {
  return svg(
    <svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48" role="img" aria-label="Cards">
      <title>Cards</title>
      <rect width="48" height="48" rx="10" fill={color} />
      <rect x="9" y="14" width="30" height="20" rx="3" fill="none" stroke="#fff" stroke-width="2.5" />
      <path d="M9 20h30" stroke="#fff" stroke-width="4" />
      <path d="M14 29h8" stroke="#fff" stroke-width="2.5" stroke-linecap="round" />
    </svg>,
  );
}

/** The name written out on the channel's colour, as wide as it needs (about 10 units a letter at size 17). */
function textMark(label: string, color: string): string {
  const letters = Array.from(label).length;
  const textWidth = Math.max(20, letters * 10);
  const width = textWidth + 16;
  return svg(
    <svg xmlns="http://www.w3.org/2000/svg" width={width} height="48" viewBox={`0 0 ${width} 48`} role="img" aria-label={label}>
      <title>{label}</title>
      <rect width={width} height="48" rx="10" fill={color} />
      <text x={width / 2} y="30" font-family="system-ui,sans-serif" font-size="17" font-weight="700" fill="#fff" text-anchor="middle" textLength={textWidth} lengthAdjust="spacingAndGlyphs">
        {label}
      </text>
    </svg>,
  );
}

/** Each code with an icon → the first code with the same icon, worked out once. */
const MARK_CODES = new Map(Object.entries(ICON_MARKS).map(([code, icon], _, all) => [code, all.find(([, other]) => other === icon)![0]]));

/**
 * The code whose mark a channel shows: itself, or the first code with the same icon (GoPay
 * Recurring shows GoPay's), so one brand has one mark URL and a picker can show it once.
 */
export const markCode = (code: string): string => MARK_CODES.get(code) ?? code;

/** The SVG document for a channel code or card brand name. */
export function channelMarkSvg(code: string, color: string): string {
  const icon = ICON_MARKS[code];
  if (icon) return iconMark(icon);
  if (code === 'CARDS') return cardMark(color);
  return textMark(markLabel(code), color);
}
