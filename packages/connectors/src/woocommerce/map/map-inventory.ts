import { entityId, type InventoryLevel, type Location } from '@cartwire/model';
import type { WooProductRecord } from '../raw/raw-catalog';
import { gmtToIso } from './map-common';
import { simpleVariantExternalId } from './map-lines';

/**
 * WooCommerce core keeps one stock pool per product or variation and has no locations. Each store
 * gets one synthetic location with this external id, holding every stock level.
 */
export const DEFAULT_LOCATION_EXTERNAL_ID = 'default';

/**
 * The synthetic default location. WooCommerce has no record behind it, so its timestamps are a
 * constant (the epoch): re-syncs produce the same content and the upsert skips them.
 */
export function defaultLocation(storeId: string): Location {
  return {
    id: entityId('location', storeId, DEFAULT_LOCATION_EXTERNAL_ID),
    storeId,
    platform: 'woocommerce',
    externalId: DEFAULT_LOCATION_EXTERNAL_ID,
    createdAt: null,
    updatedAt: new Date(0).toISOString(),
    name: 'Default location',
    address: null,
    active: true,
  };
}

function level(
  storeId: string,
  variantExternalId: string,
  available: number,
  modifiedGmt: string,
): InventoryLevel {
  return {
    id: entityId('inventory_level', storeId, `${variantExternalId}:${DEFAULT_LOCATION_EXTERNAL_ID}`),
    storeId,
    platform: 'woocommerce',
    externalId: `${variantExternalId}:${DEFAULT_LOCATION_EXTERNAL_ID}`,
    createdAt: null,
    // WooCommerce does not date stock changes; the product's or variation's modification stands in.
    updatedAt: gmtToIso(modifiedGmt),
    variantId: entityId('variant', storeId, variantExternalId),
    locationId: entityId('location', storeId, DEFAULT_LOCATION_EXTERNAL_ID),
    available,
  };
}

/**
 * `stock_quantity` of every stock-managed variant at the default location. Untracked items have no
 * level; variations pooling stock on the parent (`manage_stock: 'parent'`) have none either, since a
 * pool shared by several variants is not a per-variant quantity (their `inventoryQuantity` shows it).
 */
export function toInventoryLevels(record: WooProductRecord, storeId: string): InventoryLevel[] {
  const { product } = record;
  if (product.type !== 'variable') {
    if (!product.manage_stock || product.stock_quantity === null) return [];
    return [
      level(storeId, simpleVariantExternalId(product.id), product.stock_quantity, product.date_modified_gmt),
    ];
  }
  return (record.variations ?? [])
    .filter((variation) => variation.manage_stock === true && variation.stock_quantity !== null)
    .map((variation) =>
      level(storeId, String(variation.id), variation.stock_quantity ?? 0, variation.date_modified_gmt),
    );
}
