/**
 * Shopify reports times to the second. GraphQL `DateTime` is UTC (`2024-01-01T00:00:00Z`); REST and
 * webhook bodies use the shop's local offset (`2021-12-31T19:00:00-05:00`).
 */
export function graphqlTime(iso: string): string;
export function graphqlTime(iso: string | null): string | null;
export function graphqlTime(iso: string | null): string | null {
  if (iso === null) return null;
  // Store times are canonical `…T12:00:00.000Z`; cutting the milliseconds is enough (and hot in bulk reads).
  if (iso.length === 24 && iso[19] === '.' && iso[23] === 'Z') return `${iso.slice(0, 19)}Z`;
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

function offsetMinutes(ms: number, timeZone: string): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

export function restTime(iso: string, timeZone: string): string;
export function restTime(iso: string | null, timeZone: string): string | null;
export function restTime(iso: string | null, timeZone: string): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  const offset = offsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
