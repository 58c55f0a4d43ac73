/** Decimal money arithmetic on exact integers: amounts arrive as numeric text and leave as decimal strings. */

const SCALE_DIGITS = 8;
const SCALE = 10n ** BigInt(SCALE_DIGITS);

/** Decimal text ("19.9", "-3", "0.125") as an integer of 10⁻⁸ units. */
export function toScaled(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new TypeError(`Not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole = '0', fraction = ''] = match;
  const digits = (fraction + '0'.repeat(SCALE_DIGITS)).slice(0, SCALE_DIGITS);
  const value = BigInt(whole) * SCALE + BigInt(digits);
  return sign === '-' ? -value : value;
}

/** A scaled integer as decimal text with `places` fraction digits, rounded half away from zero. */
export function fromScaled(value: bigint, places: number): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const unit = 10n ** BigInt(SCALE_DIGITS - places);
  const rounded = (magnitude + unit / 2n) / unit;
  const text = rounded.toString().padStart(places + 1, '0');
  const body = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
  return negative && rounded !== 0n ? `-${body}` : body;
}

/** Fraction digits of an ISO-4217 currency (2 for EUR, 0 for JPY, 3 for KWD); 2 when unknown. */
export function currencyPlaces(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** `total / count` as money text in the currency's precision; null for a count of 0. */
export function divideMoney(total: bigint, count: number, currency: string): string | null {
  if (count === 0) return null;
  const places = currencyPlaces(currency);
  // Truncating at 10⁻⁸ before rounding to at most 3 places cannot change the rounded result in practice.
  return fromScaled(total / BigInt(count), places);
}
