import { LosslessNumber, stringify } from 'lossless-json';

/**
 * Shopify serializes some numbers as floats (`"maximumAvailable": 2000.0`) and REST ids as int64 that
 * exceed 2^53. `JSON.stringify` can do neither, so every body the emulator sends goes through here:
 * `bigint` values become bare JSON integers, {@link jsonFloat} values keep their `.0`.
 */
export function toJsonText(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new TypeError('value is not JSON-serializable');
  return text;
}

/** A number that must be written with a fractional part, as Shopify writes `restoreRate: 100.0`. */
export function jsonFloat(value: number): LosslessNumber {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = String(value);
  return new LosslessNumber(/[.eE]/.test(text) ? text : `${text}.0`);
}
