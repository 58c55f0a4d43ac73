import type { InventoryLevel, Location } from '@cartwire/model';
import { entityId } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import type { SourceItemRecord, SourceRecord } from './stream-records';
import { textOrNull } from './wire-values';

/** Identity of a source item: MSI keys them by (source, SKU). */
export function sourceItemKey(sourceCode: string, sku: string): string {
  return `${sourceCode}/${sku}`;
}

/** An MSI source item → InventoryLevel (location = source). Fails for a SKU with no product. */
export function mapSourceItem(record: SourceItemRecord, context: MapContext): InventoryLevel {
  const { item } = record;
  if (record.productId === null) throw new Error(`no product has SKU ${item.sku}`);
  const key = sourceItemKey(item.source_code, item.sku);
  return {
    id: entityId('inventory_level', context.storeId, key),
    storeId: context.storeId,
    platform: 'magento',
    externalId: key,
    createdAt: null,
    updatedAt: record.observedAt,
    variantId: entityId('variant', context.storeId, String(record.productId)),
    locationId: entityId('location', context.storeId, item.source_code),
    available: Math.trunc(Number(item.quantity)),
  };
}

/** An MSI source → Location. */
export function mapSource(record: SourceRecord, context: MapContext): Location {
  const { source } = record;
  const [address1 = null, ...rest] = (source.street ?? '').split('\n');
  const country = textOrNull(source.country_id)?.toUpperCase() ?? null;
  return {
    id: entityId('location', context.storeId, source.source_code),
    storeId: context.storeId,
    platform: 'magento',
    externalId: source.source_code,
    createdAt: null,
    updatedAt: record.observedAt,
    name: source.name,
    address: {
      firstName: null,
      lastName: null,
      company: null,
      address1: textOrNull(address1),
      address2: textOrNull(rest.join(', ')),
      city: textOrNull(source.city),
      province: textOrNull(source.region),
      provinceCode: textOrNull(source.region_code),
      postalCode: textOrNull(source.postcode),
      countryCode: country !== null && /^[A-Z]{2}$/.test(country) ? country : null,
      phone: textOrNull(source.phone),
    },
    active: source.enabled,
  };
}
