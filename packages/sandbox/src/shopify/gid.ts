/**
 * Shopify resource ids. The neutral store numbers records 1, 2, 3… per kind; Shopify ids are int64
 * and many real ones exceed 2^53. The emulator offsets some kinds far past 2^53 so every consumer's
 * big-int-safe parsing is exercised, and keeps others small as in Shopify's own fixtures.
 * The mapping is a plain offset, so id order (sortKey ID, `id:>N`) follows store order.
 */
export const SHOPIFY_ID_BASE = {
  Product: 788032119674290000n,
  ProductVariant: 642667041472710000n,
  Collection: 841564295n,
  Customer: 115310627314720000n,
  MailingAddress: 715243470612850000n,
  Order: 820982911946150000n,
  LineItem: 866550311766430000n,
  Refund: 509562969n,
  RefundLineItem: 104689539n,
  Fulfillment: 255858046n,
  FulfillmentLineItem: 1025149485n,
  FulfillmentOrder: 1046000778n,
  FulfillmentOrderLineItem: 1058737482n,
  Location: 655441491n,
  InventoryItem: 39072856n,
  AbandonedCheckout: 450789469n,
  AbandonedCheckoutLineItem: 2038479811n,
  BulkOperation: 408566366379n,
  Shop: 548380009n,
} as const satisfies Record<string, bigint>;

export type ShopifyIdKind = keyof typeof SHOPIFY_ID_BASE;

/** Store id → Shopify numeric id. */
export function shopifyId(kind: ShopifyIdKind, storeId: number): bigint {
  return SHOPIFY_ID_BASE[kind] + BigInt(storeId);
}

/** Shopify numeric id → store id, or undefined when the id cannot belong to this kind. */
export function storeIdOf(kind: ShopifyIdKind, id: bigint): number | undefined {
  const offset = id - SHOPIFY_ID_BASE[kind];
  if (offset < 1n || offset > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return Number(offset);
}

export function gid(kind: ShopifyIdKind, storeId: number): string {
  return `gid://shopify/${kind}/${shopifyId(kind, storeId)}`;
}

/** `gid://shopify/InventoryLevel/655441492?inventory_item_id=39072857` — a level is keyed by location + item. */
export function inventoryLevelGid(locationStoreId: number, inventoryItemStoreId: number): string {
  return `gid://shopify/InventoryLevel/${shopifyId('Location', locationStoreId)}?inventory_item_id=${shopifyId('InventoryItem', inventoryItemStoreId)}`;
}

export interface ParsedGid {
  kind: string;
  id: bigint;
  params: URLSearchParams;
}

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?(.*))?$/;

export function parseGid(value: string): ParsedGid | undefined {
  const match = GID.exec(value);
  if (!match?.[1] || !match[2]) return undefined;
  return { kind: match[1], id: BigInt(match[2]), params: new URLSearchParams(match[3] ?? '') };
}

/** Resolves a gid to the store id of the expected kind, or undefined for any other gid. */
export function storeIdFromGid(kind: ShopifyIdKind, value: string): number | undefined {
  const parsed = parseGid(value);
  if (!parsed || parsed.kind !== kind) return undefined;
  return storeIdOf(kind, parsed.id);
}
