/**
 * Decimal strings are reformatted textually so no amount ever passes through a float.
 * GraphQL `Decimal` drops trailing zeros but keeps one fractional digit ("2000.0", "11.5");
 * REST and webhook bodies use two fixed decimals ("199.00").
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function splitDecimal(amount: string): { sign: string; whole: string; fraction: string } {
  const match = DECIMAL.exec(amount.trim());
  if (!match) throw new RangeError(`not a decimal string: ${JSON.stringify(amount)}`);
  const whole = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  return { sign: match[1] ?? '', whole, fraction: match[3] ?? '' };
}

/** `"20.00"` → `"20.0"`, `"11.50"` → `"11.5"`, `"8305.60"` → `"8305.6"`. */
export function graphqlDecimal(amount: string): string {
  const { sign, whole, fraction } = splitDecimal(amount);
  const trimmed = fraction.replace(/0+$/, '');
  const isZero = /^0*$/.test(whole) && trimmed === '';
  return `${isZero ? '' : sign}${whole}.${trimmed === '' ? '0' : trimmed}`;
}

/** `"20"` → `"20.00"`, `"19.9"` → `"19.90"`. Extra digits beyond two are kept rather than rounded away. */
export function restDecimal(amount: string): string {
  const { sign, whole, fraction } = splitDecimal(amount);
  const padded =
    fraction.length >= 2 ? fraction.replace(/(\d{2})(\d*?)0*$/, '$1$2') : fraction.padEnd(2, '0');
  const isZero = /^0*$/.test(whole) && /^0*$/.test(padded);
  return `${isZero ? '' : sign}${whole}.${padded}`;
}
