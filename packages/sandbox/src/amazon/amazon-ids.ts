/**
 * Amazon-shaped identifiers derived deterministically from sandbox ids, so the same store always
 * renders the same order ids, ASINs and order item ids.
 */

function digits(value: number, length: number): string {
  return String(Math.abs(Math.trunc(value)) % 10 ** length).padStart(length, '0');
}

/** `3-7-7` order id, e.g. `113-0000042-2963998`. Unique per sandbox order id. */
export function amazonOrderId(orderId: number): string {
  return `113-${digits(orderId, 7)}-${digits(orderId * 7919 + 1_000_003, 7)}`;
}

/** Inverse of `amazonOrderId`; null for ids it did not produce. */
export function sandboxOrderId(amazonId: string): number | null {
  const match = /^113-(\d{7})-(\d{7})$/.exec(amazonId);
  if (!match?.[1]) return null;
  const id = Number(match[1]);
  return amazonOrderId(id) === amazonId ? id : null;
}

/** 14-digit order item id from the order and its line. */
export function orderItemId(orderId: number, lineId: number): string {
  return `${digits(orderId, 7)}${digits(lineId, 7)}`;
}

/** 10-character ASIN (`B0` + 8 base-36 characters) for a sandbox variant. */
export function asinOf(variantId: number): string {
  return `B0${variantId.toString(36).toUpperCase().padStart(8, '0')}`;
}

/** FBA network SKU (`X00…`) for a sandbox variant. */
export function fnSkuOf(variantId: number): string {
  return `X00${variantId.toString(36).toUpperCase().padStart(7, '0')}`;
}

/** Anonymized buyer relay address, stable per buyer (registered customer or guest email). */
export function buyerRelayEmail(key: string): string {
  let hash = 2166136261;
  for (const char of key) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return `${hash.toString(36).padStart(7, '0')}${key.length.toString(36)}@marketplace.amazon.com`;
}
