import { entityId, type InventoryLevel, type Location, toIsoUtc } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import { toAddress } from './raw-address';
import type { RawInventoryLevel, RawLocation } from './raw-inventory';
import { gidParams, numericIdOf } from './shopify-ids';

/**
 * External id of a stock level: Shopify's own identity, `{locationId}?inventory_item_id={itemId}` — the
 * tail of its gid, the same in GraphQL and in REST/webhook `admin_graphql_api_id`.
 */
export function inventoryLevelExternalId(locationId: string, inventoryItemId: string): string {
  return `${locationId}?inventory_item_id=${inventoryItemId}`;
}

/**
 * A stock level at one location; `available` is Shopify's named `available` quantity. `createdAt` is
 * null on both paths: REST/webhook levels carry no creation time, and a webhook must not flip a value
 * a sync wrote.
 */
export function mapInventoryLevel(raw: RawInventoryLevel, context: MapContext): InventoryLevel {
  const locationId = numericIdOf(raw.location.id);
  const itemId = gidParams(raw.id).get('inventory_item_id') ?? numericIdOf(raw.item.id);
  const externalId = inventoryLevelExternalId(locationId, itemId);
  const available = raw.quantities.find((quantity) => quantity.name === 'available');
  if (!available) throw new Error(`inventory level ${externalId} has no available quantity`);
  return {
    id: entityId('inventory_level', context.storeId, externalId),
    storeId: context.storeId,
    platform: context.platform,
    externalId,
    createdAt: null,
    updatedAt: toIsoUtc(raw.updatedAt),
    variantId: entityId('variant', context.storeId, numericIdOf(raw.item.variant.id)),
    locationId: entityId('location', context.storeId, locationId),
    available: available.quantity,
  };
}

export function mapLocation(raw: RawLocation, context: MapContext): Location {
  const externalId = numericIdOf(raw.id);
  const address = raw.address ? toAddress({ ...raw.address, countryCodeV2: raw.address.countryCode }) : null;
  return {
    id: entityId('location', context.storeId, externalId),
    storeId: context.storeId,
    platform: context.platform,
    externalId,
    createdAt: raw.createdAt ? toIsoUtc(raw.createdAt) : null,
    updatedAt: toIsoUtc(raw.updatedAt),
    name: raw.name,
    address,
    active: raw.isActive,
  };
}
