/**
 * Parses an HTTP `Retry-After` value (RFC 9110 §10.2.3): either delay-seconds (Shopify REST sends
 * fractional `2.0`) or an HTTP-date. Returns milliseconds to wait from `nowMs`, or null when the
 * header is absent or unusable. A date in the past means "retry now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
