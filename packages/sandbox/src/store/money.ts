import { SandboxStoreError } from './errors';

// Money is handled as integer minor units (cents) and rendered back to decimal strings, so no
// amount ever passes through binary floating point.

const digitsCache = new Map<string, number>();

/** Number of minor-unit digits of an ISO-4217 currency (JPY 0, EUR 2, KWD 3). */
export function currencyDigits(currency: string): number {
  const cached = digitsCache.get(currency);
  if (cached !== undefined) return cached;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  const value = digits ?? 2;
  digitsCache.set(currency, value);
  return value;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string into minor units, rounding half away from zero past the currency's digits. */
export function toMinor(amount: string, currency: string): number {
  return parseScaled(amount, currencyDigits(currency));
}

export function fromMinor(minor: number, currency: string): string {
  return formatScaled(minor, currencyDigits(currency));
}

/** Re-renders a decimal with the currency's precision (`"5"` → `"5.00"`). */
export function normalizeAmount(amount: string, currency: string): string {
  return fromMinor(toMinor(amount, currency), currency);
}

export function parseScaled(amount: string, digits: number): number {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new SandboxStoreError('invalid_input', `Not a decimal amount: "${amount}"`);
  const [, sign, whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  let minor = Number(whole) * 10 ** digits + Number(kept || '0');
  const next = fraction.charCodeAt(digits);
  if (!Number.isNaN(next) && next >= 53 /* '5' */) minor += 1;
  if (!Number.isSafeInteger(minor))
    throw new SandboxStoreError('invalid_input', `Amount too large: ${amount}`);
  return sign ? -minor : minor;
}

export function formatScaled(minor: number, digits: number): string {
  const negative = minor < 0;
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const body = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
  return negative ? `-${body}` : body;
}

/** minor × rate, rounded half away from zero; `rate` is a decimal string such as `"0.2"` or `"1.0845"`. */
export function multiplyMinor(minor: number, rate: string): number {
  const match = DECIMAL.exec(rate.trim());
  if (!match) throw new SandboxStoreError('invalid_input', `Not a decimal rate: "${rate}"`);
  const [, sign, whole = '0', fraction = ''] = match;
  const scale = 10n ** BigInt(fraction.length);
  const numerator = BigInt(whole + fraction) * BigInt(Math.abs(minor));
  let result = numerator / scale;
  if ((numerator % scale) * 2n >= scale) result += 1n;
  const value = Number(result);
  return minor < 0 !== Boolean(sign) ? -value : value;
}

/** Converts an amount from one currency's minor units to another's at `rate`. */
export function convertMinor(minor: number, from: string, to: string, rate: string): number {
  const shift = currencyDigits(to) - currencyDigits(from);
  const scaledRate = shift === 0 ? rate : shiftDecimal(rate, shift);
  return multiplyMinor(minor, scaledRate);
}

function shiftDecimal(value: string, places: number): string {
  const match = DECIMAL.exec(value);
  if (!match) throw new SandboxStoreError('invalid_input', `Not a decimal: "${value}"`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const digits = whole + fraction;
  const point = whole.length + places;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Splits `total` minor units across `weights` proportionally; the parts always sum to `total`. */
export function allocateMinor(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) return weights.map(() => 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let remainder = total - parts.reduce((a, b) => a + b, 0);
  for (let i = 0; remainder > 0; i = (i + 1) % parts.length) {
    if ((weights[i] ?? 0) > 0) {
      parts[i] = (parts[i] ?? 0) + 1;
      remainder -= 1;
    }
  }
  return parts;
}

/** `percent`% of `minor` (`"12.5"` → 12.5 %), rounded half away from zero. */
export function percentOfMinor(minor: number, percent: string): number {
  return multiplyMinor(minor, shiftDecimal(percent, -2));
}
