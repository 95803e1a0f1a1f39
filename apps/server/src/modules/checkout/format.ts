import { isCurrency, toMinorUnits, type Currency } from '../../money.ts';

/** Amounts and dates: the one formatter the SDK and the simulator pages share (@lunas/protocol/format). */
export { formatDateTime, formatMoney, intlTag, timeZoneOf } from '@lunas/protocol/format';

/** A line total from an item's major-unit unit price and quantity, exactly; undefined if it cannot be exact. */
export function lineTotalMinor(netUnitAmount: unknown, quantity: unknown, currency: string): number | undefined {
  if (typeof netUnitAmount !== 'number' || typeof quantity !== 'number' || !isCurrency(currency)) return undefined;
  const unit = toMinorUnits(Math.abs(netUnitAmount), currency as Currency);
  if (!unit.ok) return undefined;
  const total = unit.minor * quantity * Math.sign(netUnitAmount || 1);
  return Number.isSafeInteger(total) ? total : undefined;
}
