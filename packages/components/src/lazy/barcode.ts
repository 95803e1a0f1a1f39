import JsBarcode from 'jsbarcode';

/** Loaded when an over-the-counter payment code is shown: a CODE128 barcode the cashier scans. */
export function drawBarcode(target: SVGSVGElement, code: string): void {
  JsBarcode(target, code, { format: 'CODE128', displayValue: false, height: 64, margin: 8, background: '#ffffff' });
}
export type BarcodeModule = { drawBarcode: typeof drawBarcode };
