import { formatScaled, parseScaled } from '../store/money';

/** WooCommerce version the emulator claims to be (in payloads and the webhook User-Agent). */
export const WC_VERSION = '9.4.3';
export const WP_VERSION = '6.7.1';

/**
 * Open and abandoned carts are rendered as `checkout-draft` orders. WooCommerce keeps drafts in the
 * order id space; the sandbox keeps carts apart, so draft ids are offset to never collide with orders.
 */
export const DRAFT_ORDER_ID_OFFSET = 10_000_000;

export interface WooRenderContext {
  /** Site URL links are built from, without a trailing slash (`https://shop.example`). */
  siteUrl: string;
  /** Site time zone for the non-`_gmt` date fields. */
  timeZone: string;
  /** Decimals for money strings (the `dp` request parameter); WooCommerce defaults it to the store's price decimals. @default 2 */
  dp?: number;
}

export function apiUrl(ctx: WooRenderContext, path: string): string {
  return `${ctx.siteUrl}/wp-json/wc/v3/${path}`;
}

export function links(
  ctx: WooRenderContext,
  entries: Record<string, string>,
): Record<string, { href: string }[]> {
  return Object.fromEntries(
    Object.entries(entries).map(([rel, path]) => [rel, [{ href: apiUrl(ctx, path) }]]),
  );
}

/** WooCommerce money: a decimal string with `dp` decimals (default 2), whatever the currency. */
export function wooMoney(amount: string, ctx: WooRenderContext): string {
  const dp = ctx.dp ?? 2;
  return formatScaled(parseScaled(amount, dp), dp);
}

export function negate(amount: string): string {
  return amount.startsWith('-') ? amount.slice(1) : amount === '0.00' ? amount : `-${amount}`;
}

/** `2026-03-01T12:00:00` (seconds precision, no offset) in UTC. */
export function gmtDate(iso: string): string {
  return iso.slice(0, 19);
}

const localFormatters = new Map<string, Intl.DateTimeFormat>();

/** The same instant as site-local wall time, `YYYY-MM-DDTHH:MM:SS`. */
export function localDate(iso: string, timeZone: string): string {
  if (timeZone === 'UTC') return gmtDate(iso);
  let format = localFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    localFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `{ date_x, date_x_gmt }` pair, both null when the time is null. */
export function datePair(
  name: string,
  iso: string | null,
  ctx: WooRenderContext,
): Record<string, string | null> {
  return {
    [name]: iso === null ? null : localDate(iso, ctx.timeZone),
    [`${name}_gmt`]: iso === null ? null : gmtDate(iso),
  };
}

/** Offset in ms of a time zone at an instant (positive east of UTC). */
export function timeZoneOffsetMs(timeZone: string, atMs: number): number {
  if (timeZone === 'UTC') return 0;
  const local = localDate(new Date(atMs).toISOString(), timeZone);
  return Date.parse(`${local}Z`) - Math.floor(atMs / 1000) * 1000;
}

/** 32-bit FNV-1a of `text` from a given offset basis; cheap and deterministic (no secrecy needed). */
function fnv1a(text: string, basis: number): number {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Stable small integer from text, for ids WooCommerce would assign (tags, meta rows, images). */
export function stableId(text: string, modulo = 1_000_000): number {
  return (fnv1a(text, 0x811c9dc5) % modulo) + 1;
}

/** Stable hex string from text, for keys and hashes WooCommerce would generate. */
export function stableHex(text: string, length: number): string {
  let hex = '';
  for (let round = 0; hex.length < length; round++) {
    hex += fnv1a(text, 0x811c9dc5 + round * 0x9e3779b9)
      .toString(16)
      .padStart(8, '0');
  }
  return hex.slice(0, length);
}
