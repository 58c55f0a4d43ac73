import { isInteger, isSafeNumber, parse } from 'lossless-json';

/**
 * How response bodies are decoded.
 * - `json`: `JSON.parse`.
 * - `json-bigint-safe`: integers beyond 2^53 become decimal strings instead of silently losing digits
 *   (Shopify REST/webhook ids such as `820982911946154508`). Other numbers stay numbers.
 * - `text`: the body is returned as a string.
 */
export type BodyParse = 'json' | 'json-bigint-safe' | 'text';

function parseNumberKeepingBigIntegers(value: string): number | string {
  return isInteger(value) && !isSafeNumber(value) ? value : Number(value);
}

/** Parses JSON text, keeping unsafe integers as strings. Throws SyntaxError on invalid JSON. */
export function parseJsonBigIntSafe(text: string): unknown {
  return parse(text, null, parseNumberKeepingBigIntegers);
}

export function parseJson(text: string, mode: 'json' | 'json-bigint-safe'): unknown {
  return mode === 'json-bigint-safe' ? parseJsonBigIntSafe(text) : JSON.parse(text);
}

/** A successful response whose body is not the JSON the connector expects (HTML login page, truncation). */
export class MalformedBodyError extends Error {
  override readonly name = 'MalformedBodyError';
}
