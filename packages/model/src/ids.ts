import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { encodeBase32 } from './base32';
import type { EntityType } from './entity-type';
import { InvalidIdError } from './errors';

export const ID_PREFIX = {
  store: 'sto_',
  location: 'loc_',
  collection: 'col_',
  product: 'prd_',
  variant: 'var_',
  inventory_level: 'inv_',
  customer: 'cus_',
  order: 'ord_',
  refund: 'ref_',
  shipment: 'shp_',
  cart: 'crt_',
  event: 'evt_',
  tenant: 'ten_',
  api_key: 'key_',
  job: 'job_',
  webhook_endpoint: 'we_',
  delivery: 'dlv_',
  workflow: 'wf_',
  run: 'run_',
  waitlist_subscription: 'wls_',
} as const satisfies Record<
  | EntityType
  | 'event'
  | 'tenant'
  | 'api_key'
  | 'job'
  | 'webhook_endpoint'
  | 'delivery'
  | 'workflow'
  | 'run'
  | 'waitlist_subscription',
  string
>;
export type IdKind = keyof typeof ID_PREFIX;
export type IdPrefix = (typeof ID_PREFIX)[IdKind];

/** Prefixes of lines embedded in a parent (order line items, cart lines); their ids derive from the parent. */
export const LINE_ID_PREFIX = { line_item: 'li_', cart_line: 'cl_' } as const;
export type LineKind = keyof typeof LINE_ID_PREFIX;

/** Characters after the prefix in every generated id (120 bits). */
export const ID_BODY_LENGTH = 24;
const PREFIX_PATTERN = /^[a-z][a-z0-9]*_$/;
const TIME_CHARS = 10; // 50 bits: milliseconds since the epoch, good until year 10889
const RANDOM_CHARS = ID_BODY_LENGTH - TIME_CHARS; // 70 random bits
const RANDOM_BITS = BigInt(RANDOM_CHARS * 5);
const RANDOM_MASK = (1n << RANDOM_BITS) - 1n;

function assertPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || !PREFIX_PATTERN.test(prefix)) {
    throw new InvalidIdError(`Id prefix must look like "ord_", got ${JSON.stringify(prefix)}`);
  }
}

function randomBits(): bigint {
  return BigInt(`0x${randomBytes(9).toString('hex')}`) & RANDOM_MASK;
}

// Within one process ids are strictly increasing (ULID's monotonic rule): in the same millisecond the
// random part is incremented instead of redrawn, and a clock stepping back never reorders ids.
let lastTime = 0;
let lastRandom = 0n;

/**
 * A new random id: prefix + 24 base32 characters (10 of time, 14 crypto-random), sortable by creation time.
 * @example newId(ID_PREFIX.event) // "evt_01jd5t0q9m7k3v2x8c4n6p1r0s"
 * @throws InvalidIdError when the prefix is not lower-case letters/digits followed by "_".
 */
export function newId(prefix: IdPrefix | (string & {})): string {
  assertPrefix(prefix);
  const now = Math.max(Date.now(), lastTime);
  if (now === lastTime && lastRandom < RANDOM_MASK) {
    lastRandom += 1n;
  } else {
    lastRandom = randomBits();
  }
  lastTime = now;
  return `${prefix}${encodeBase32(BigInt(now), TIME_CHARS)}${encodeBase32(lastRandom, RANDOM_CHARS)}`;
}

function hashBody(parts: readonly string[]): string {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  // 30 hex digits = 120 bits = 24 base32 characters.
  return encodeBase32(BigInt(`0x${digest.slice(0, 30)}`), ID_BODY_LENGTH);
}

function assertPart(name: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidIdError(`${name} must be a non-empty string`);
  }
}

/**
 * The stable Cartwire id of a platform record: the same (store, type, external id) always gives the same
 * id, so re-syncs and webhooks converge on one record.
 * @example entityId('order', 'sto_…', '820982911946154508') // "ord_…" (24 characters after the prefix)
 */
export function entityId(type: EntityType, storeId: string, externalId: string): string {
  const prefix = ID_PREFIX[type];
  if (prefix === undefined) throw new InvalidIdError(`Unknown entity type ${JSON.stringify(type)}`);
  assertPart('storeId', storeId);
  assertPart('externalId', externalId);
  return `${prefix}${hashBody([storeId, type, externalId])}`;
}

/**
 * The stable id of a line embedded in an order or cart, derived from the parent's id and the platform's
 * line id (platform line ids are only unique within their parent on some platforms).
 * @example lineId('line_item', 'ord_…', '466157049') // "li_…"
 */
export function lineId(kind: LineKind, parentId: string, externalId: string): string {
  const prefix = LINE_ID_PREFIX[kind];
  if (prefix === undefined) throw new InvalidIdError(`Unknown line kind ${JSON.stringify(kind)}`);
  assertPart('parentId', parentId);
  assertPart('externalId', externalId);
  return `${prefix}${hashBody([parentId, kind, externalId])}`;
}

/** A zod schema for ids of one kind: the prefix followed by base32 characters. */
export function prefixedId(prefix: IdPrefix | (typeof LINE_ID_PREFIX)[LineKind]) {
  return z.string().regex(new RegExp(`^${prefix}[0-9a-z]+$`), `expected an id starting with "${prefix}"`);
}
