import { renderSVG } from 'uqr';

/** Loaded when a QR code is shown: the SVG markup of a QR string, in the given colours. */
export function qrSvg(text: string, colors: { foreground: string; background: string }): string {
  return renderSVG(text, { ecc: 'M', border: 2, pixelSize: 8, whiteColor: colors.background, blackColor: colors.foreground });
}
export type QrModule = { qrSvg: typeof qrSvg };
