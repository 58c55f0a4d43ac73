import { z } from 'zod';
import { InvalidDecimalError } from './errors';

/**
 * Exact decimal arithmetic on scaled BigInts: a value is `units / 10^scale`. Nothing here ever goes
 * through a binary float, so 0.1 + 0.2 is 0.3 and amounts beyond 2^53 minor units stay exact.
 */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/**
 * How to round a value that has more fraction digits than wanted.
 * - `half_up`: ties go away from zero (2.5 → 3, -2.5 → -3). The commerce convention and the default.
 * - `half_even`: ties go to the even neighbour (banker's rounding; 2.5 → 2, 3.5 → 4).
 * - `floor`: toward negative infinity. `ceil`: toward positive infinity. `truncate`: toward zero.
 */
export type RoundingMode = 'half_up' | 'half_even' | 'floor' | 'ceil' | 'truncate';

const DECIMAL_STRING_PATTERN = /^-?\d+(\.\d+)?$/;

export const DecimalString = z
  .string()
  .regex(DECIMAL_STRING_PATTERN, 'expected a decimal string such as "19.90"')
  .describe('An exact decimal number written as a string, e.g. "19.90" or "-3.5" (never a binary float).');
export type DecimalString = z.infer<typeof DecimalString>;

const LOOSE_DECIMAL_PATTERN = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
// Bounds the work an exponent can cause ("1e-99999999" would otherwise allocate huge BigInts).
const MAX_EXPONENT = 400;

const TEN = 10n;
const pow10 = (n: number): bigint => TEN ** BigInt(n);

/**
 * Reads a platform amount: strings like "19.90", "2000.0", "-0.00", "+5", ".5", "1e3", or a JS number,
 * which is read through its shortest round-trip string (19.9 → "19.9"), so float noise a platform did not
 * send is never invented.
 */
export function toDecimal(input: string | number): Decimal {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new InvalidDecimalError(input);
    text = String(input);
  } else if (typeof input === 'string') {
    text = input.trim();
  } else {
    throw new InvalidDecimalError(input);
  }
  const match = LOOSE_DECIMAL_PATTERN.exec(text);
  if (!match) throw new InvalidDecimalError(input);
  const [, sign = '', intPart = '', fracPart = '', expPart] = match;
  if (intPart === '' && fracPart === '') throw new InvalidDecimalError(input);
  const exponent = expPart === undefined ? 0 : Number(expPart);
  if (Math.abs(exponent) > MAX_EXPONENT) throw new InvalidDecimalError(input);
  const digits = `${intPart}${fracPart}` || '0';
  let units = BigInt(digits);
  if (sign === '-') units = -units;
  let scale = fracPart.length - exponent;
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return stripZeros({ units, scale });
}

/** Removes trailing fractional zeros: 2000.0 → 2000. */
export function stripZeros(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % TEN === 0n) {
    units /= TEN;
    scale -= 1;
  }
  return { units, scale };
}

/** Re-expresses `d` with at least `scale` fraction digits (exactly; never rounds). */
export function withMinScale(d: Decimal, scale: number): Decimal {
  if (d.scale >= scale) return d;
  return { units: d.units * pow10(scale - d.scale), scale };
}

export function decimalToString(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const body =
    d.scale === 0
      ? digits
      : `${digits.slice(0, digits.length - d.scale)}.${digits.slice(digits.length - d.scale)}`;
  return negative ? `-${body}` : body;
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: withMinScale(a, scale).units + withMinScale(b, scale).units, scale };
}

export function negateDecimal(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function multiplyDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = withMinScale(a, scale).units;
  const y = withMinScale(b, scale).units;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rounds to `scale` fraction digits; a value already that precise is returned unchanged. */
export function roundDecimal(d: Decimal, scale: number, mode: RoundingMode = 'half_up'): Decimal {
  if (d.scale <= scale) return d;
  const divisor = pow10(d.scale - scale);
  let quotient = d.units / divisor; // BigInt division truncates toward zero
  const remainder = d.units % divisor; // carries the sign of d.units
  if (remainder !== 0n) {
    const direction = remainder < 0n ? -1n : 1n;
    const twiceRemainder = (remainder < 0n ? -remainder : remainder) * 2n;
    switch (mode) {
      case 'half_up':
        if (twiceRemainder >= divisor) quotient += direction;
        break;
      case 'half_even':
        if (twiceRemainder > divisor || (twiceRemainder === divisor && quotient % 2n !== 0n)) {
          quotient += direction;
        }
        break;
      case 'floor':
        if (direction < 0n) quotient -= 1n;
        break;
      case 'ceil':
        if (direction > 0n) quotient += 1n;
        break;
      case 'truncate':
        break;
      default:
        return assertNever(mode);
    }
  }
  return { units: quotient, scale };
}

function assertNever(value: never): never {
  throw new Error(`Unexpected rounding mode: ${String(value)}`);
}

/**
 * Parses a platform amount into its canonical decimal string: no exponent, no leading "+", no trailing
 * fractional zeros, and never "-0". `"2000.0"` → `"2000"`, `19.9` → `"19.9"`, `"-0.00"` → `"0"`.
 * @throws InvalidDecimalError when the input is not a finite decimal number.
 */
export function parseDecimal(input: string | number): DecimalString {
  return decimalToString(toDecimal(input));
}

/**
 * Writes a decimal with exactly `fractionDigits` digits after the point, rounding when needed.
 * @example formatDecimal('19.9', 2) // "19.90"
 * @example formatDecimal('2.345', 2) // "2.35" (half-up by default)
 */
export function formatDecimal(
  value: string | number,
  fractionDigits: number,
  mode: RoundingMode = 'half_up',
): string {
  if (!Number.isInteger(fractionDigits) || fractionDigits < 0) {
    throw new RangeError(`fractionDigits must be a non-negative integer, got ${fractionDigits}`);
  }
  return decimalToString(withMinScale(roundDecimal(toDecimal(value), fractionDigits, mode), fractionDigits));
}
