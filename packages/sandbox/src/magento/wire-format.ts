import { convertMinor, fromMinor, toMinor } from '../store/money';

/** Magento stores timestamps in UTC and prints them without an offset: `2017-08-21 22:22:19`. */
export function magentoDate(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

export function magentoDateOrNull(iso: string | null): string | null {
  return iso === null ? null : magentoDate(iso);
}

/**
 * Magento sends money as JSON numbers. The store keeps exact decimal strings; `Number()` here only
 * changes the notation of an already-rounded amount, it does no arithmetic.
 */
export function amount(decimal: string): number {
  return Number(decimal);
}

/** A shop-currency amount converted to the order (display) currency at the order's rate. */
export function toOrderCurrency(decimal: string, base: string, target: string, rate: string): number {
  if (base === target && rate === '1') return amount(decimal);
  return amount(fromMinor(convertMinor(toMinor(decimal, base), base, target, rate), target));
}

/** Magento's storefront-facing order number: nine digits, zero padded (`000000003`). */
export function incrementId(orderNumber: number): string {
  return String(orderNumber).padStart(9, '0');
}
