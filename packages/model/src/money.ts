import { z } from 'zod';
import { CurrencyCode, currencyDecimals } from './currency';
import {
  addDecimal,
  compareDecimal,
  type Decimal,
  DecimalString,
  decimalToString,
  multiplyDecimal,
  negateDecimal,
  type RoundingMode,
  roundDecimal,
  stripZeros,
  toDecimal,
  withMinScale,
} from './decimal';
import { CurrencyMismatchError, InvalidCurrencyError } from './errors';

export const Money = z
  .object({
    amount: DecimalString.describe(
      'Exact decimal amount as a string in major units ("19.90" means 19 euros 90 cents). Has at least the ' +
        "currency's minor-unit digits and may have more where a platform reports more (e.g. unit costs).",
    ),
    currency: CurrencyCode.describe('ISO-4217 currency code of the amount.'),
  })
  .describe('An amount of money: a decimal string plus its ISO-4217 currency. Never a float.')
  .meta({ id: 'Money' });
export type Money = z.infer<typeof Money>;

function normalizeCurrency(currency: string): string {
  const code = typeof currency === 'string' ? currency.trim().toUpperCase() : '';
  if (!CurrencyCode.safeParse(code).success) throw new InvalidCurrencyError(currency);
  return code;
}

// Canonical amount: exact value, trailing zeros dropped, then padded to the currency's minor units,
// so equal amounts always serialize identically (stable content hashes) and read naturally ("20.00").
function fromDecimal(d: Decimal, currency: string): Money {
  return { amount: decimalToString(withMinScale(stripZeros(d), currencyDecimals(currency))), currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

/**
 * Builds a normalized Money from a platform amount (string or number) and a currency code (any case).
 * The value is kept exact (no rounding); it is padded to the currency's minor units.
 * @example money('2000.0', 'usd') // { amount: '2000.00', currency: 'USD' }
 * @example money(19.9, 'EUR') // { amount: '19.90', currency: 'EUR' }
 * @throws InvalidDecimalError, InvalidCurrencyError
 */
export function money(amount: string | number, currency: string): Money {
  const code = normalizeCurrency(currency);
  return fromDecimal(toDecimal(amount), code);
}

/** @throws CurrencyMismatchError when the currencies differ. */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return fromDecimal(addDecimal(toDecimal(a.amount), toDecimal(b.amount)), a.currency);
}

/** `a - b`. @throws CurrencyMismatchError when the currencies differ. */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return fromDecimal(addDecimal(toDecimal(a.amount), negateDecimal(toDecimal(b.amount))), a.currency);
}

/**
 * Multiplies by a quantity or an exact decimal factor (given as a string to stay exact). The product is
 * exact and not rounded; call `roundMoney` when an amount payable is needed.
 * @example multiplyMoney(money('19.99', 'EUR'), 3) // 59.97 EUR
 * @example multiplyMoney(money('10.00', 'EUR'), '0.175') // 1.75 EUR
 */
export function multiplyMoney(m: Money, qtyOrDecimalString: number | string): Money {
  return fromDecimal(multiplyDecimal(toDecimal(m.amount), toDecimal(qtyOrDecimalString)), m.currency);
}

/**
 * `percent` per cent of `m`, exact (not rounded).
 * @example percentOf(money('80.00', 'USD'), '12.5') // 10.00 USD
 */
export function percentOf(m: Money, percentDecimalString: string | number): Money {
  const product = multiplyDecimal(toDecimal(m.amount), toDecimal(percentDecimalString));
  return fromDecimal({ units: product.units, scale: product.scale + 2 }, m.currency);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. @throws CurrencyMismatchError */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b);
  return compareDecimal(toDecimal(a.amount), toDecimal(b.amount));
}

export function isZero(m: Money): boolean {
  return toDecimal(m.amount).units === 0n;
}

/**
 * Sums amounts that must all be in `currency`; an empty list gives zero in that currency.
 * @throws CurrencyMismatchError when an item is in another currency.
 */
export function sumMoney(list: readonly Money[], currency: string): Money {
  const code = normalizeCurrency(currency);
  let total: Decimal = { units: 0n, scale: 0 };
  for (const item of list) {
    if (item.currency !== code) throw new CurrencyMismatchError(code, item.currency);
    total = addDecimal(total, toDecimal(item.amount));
  }
  return fromDecimal(total, code);
}

/**
 * Rounds to the currency's minor units (2 for EUR, 0 for JPY, 3 for KWD). Default mode `half_up`:
 * ties go away from zero (0.125 → 0.13, -0.125 → -0.13), the usual commerce convention.
 */
export function roundMoney(m: Money, mode: RoundingMode = 'half_up'): Money {
  return fromDecimal(roundDecimal(toDecimal(m.amount), currencyDecimals(m.currency), mode), m.currency);
}

/**
 * The amount as an integer count of minor units (cents), rounded with `mode` when it is more precise.
 * A bigint, so amounts beyond 2^53 minor units stay exact.
 * @example toMinorUnits(money('19.99', 'EUR')) // 1999n
 */
export function toMinorUnits(m: Money, mode: RoundingMode = 'half_up'): bigint {
  const digits = currencyDecimals(m.currency);
  return withMinScale(roundDecimal(toDecimal(m.amount), digits, mode), digits).units;
}

/**
 * Money from an integer count of minor units.
 * @example fromMinorUnits(1999n, 'EUR') // { amount: '19.99', currency: 'EUR' }
 * @throws RangeError when given a number that is not a safe integer.
 */
export function fromMinorUnits(units: bigint | number, currency: string): Money {
  if (typeof units === 'number' && !Number.isSafeInteger(units)) {
    throw new RangeError(`Minor units must be a safe integer or a bigint, got ${units}`);
  }
  const code = normalizeCurrency(currency);
  return fromDecimal({ units: BigInt(units), scale: currencyDecimals(code) }, code);
}
