import type { Customer, InventoryLevel, Location, Product } from '@cartwire/model';
import { entityId, money } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import { addressFrom2026, splitName } from './map-address';
import type { RawCatalogItem } from './raw-schemas';
import type { BuyerRecord, ListingRecord, NetworkRecord, StockRecord } from './stream-records';
import { amazonInstant, marketplaceCurrency, textOrNull } from './wire-values';

const DETAIL_PAGE_HOST: Record<string, string> = {
  ATVPDKIKX0DER: 'www.amazon.com',
  A2EUQ1WTGCTBG2: 'www.amazon.ca',
  A1F83G8C2ARO7P: 'www.amazon.co.uk',
  A1PA6795UKMFR9: 'www.amazon.de',
  A13V1IB3VIYZZH: 'www.amazon.fr',
  APJ6JRA9NG5V4: 'www.amazon.it',
  A1RKKUPIHCS9HS: 'www.amazon.es',
  A1VC38T7YXB528: 'www.amazon.co.jp',
};

function summaryOf(record: ListingRecord) {
  const summaries = record.item.summaries ?? [];
  return summaries.find((summary) => summary.marketplaceId === record.marketplaceId) ?? summaries[0];
}

/** A listing's last change; listings without summaries fall back to the epoch (never newer than real data). */
export function listingUpdatedAt(record: ListingRecord): string {
  const updated = summaryOf(record)?.lastUpdatedDate;
  return updated ? amazonInstant(updated) : new Date(0).toISOString();
}

function brandOf(record: ListingRecord): string | null {
  const brand = record.item.attributes?.brand;
  if (!Array.isArray(brand)) return null;
  const first: unknown = brand[0];
  return typeof first === 'object' && first !== null && 'value' in first && typeof first.value === 'string'
    ? first.value
    : null;
}

/**
 * A seller listing → Product with one variant, both keyed by SKU: Amazon's unit of sale is the SKU
 * (parent/child variation families are catalogue data, not the seller's listing). `BUYABLE` or
 * `DISCOVERABLE` in the marketplace makes it active, anything else archived. The variant's
 * quantity is the merchant-fulfilled (`DEFAULT`) availability; FBA stock is in inventory levels.
 */
export function mapListing(record: ListingRecord, context: MapContext): Product {
  const { item, marketplaceId } = record;
  const summary = summaryOf(record);
  const productId = entityId('product', context.storeId, item.sku);
  const offer =
    item.offers?.find(
      (candidate) => candidate.marketplaceId === marketplaceId && candidate.offerType !== 'B2B',
    ) ?? item.offers?.find((candidate) => candidate.marketplaceId === marketplaceId);
  const price = offer
    ? money(offer.price.amount, offer.price.currencyCode)
    : money('0', marketplaceCurrency(marketplaceId));
  const mfn = item.fulfillmentAvailability?.find((entry) => entry.fulfillmentChannelCode === 'DEFAULT');
  const status = summary?.status ?? [];
  const active = status.includes('BUYABLE') || status.includes('DISCOVERABLE');
  const createdAt = summary?.createdDate ? amazonInstant(summary.createdDate) : listingUpdatedAt(record);
  const updatedAt = listingUpdatedAt(record);
  const title = textOrNull(summary?.itemName) ?? item.sku;
  const host = DETAIL_PAGE_HOST[marketplaceId];
  const image = summary?.mainImage?.link ?? null;
  return {
    id: productId,
    storeId: context.storeId,
    platform: 'amazon',
    externalId: item.sku,
    createdAt,
    updatedAt,
    title,
    handle: null,
    description: null,
    brand: brandOf(record),
    productType: textOrNull(summary?.productType),
    status: active ? 'active' : 'archived',
    tags: [],
    options: [],
    images: image ? [{ url: image, altText: null }] : [],
    collectionIds: [],
    url: host && summary?.asin ? `https://${host}/dp/${summary.asin}` : null,
    publishedAt: active ? createdAt : null,
    variants: [
      {
        id: entityId('variant', context.storeId, item.sku),
        storeId: context.storeId,
        platform: 'amazon',
        externalId: item.sku,
        createdAt,
        updatedAt,
        productId,
        sku: item.sku,
        barcode: null,
        title,
        options: [],
        price,
        compareAtPrice: null,
        unitCost: null,
        inventoryTracked: true,
        inventoryQuantity: mfn?.quantity ?? null,
        imageUrl: null,
        position: 0,
      },
    ],
  };
}

/** Locations are the two fulfillment networks: Amazon's (FBA, AFN) and the merchant's own (MFN). */
export function mapNetwork(record: NetworkRecord, context: MapContext): Location {
  return {
    id: entityId('location', context.storeId, record.network),
    storeId: context.storeId,
    platform: 'amazon',
    externalId: record.network,
    createdAt: null,
    updatedAt: record.observedAt,
    name: record.network === 'AFN' ? 'Fulfilled by Amazon (AFN)' : 'Merchant fulfilled (MFN)',
    address: null,
    active: true,
  };
}

export function stockKey(record: StockRecord): string {
  return record.network === 'AFN' ? `AFN:${record.summary.sellerSku}` : `MFN:${record.listing.item.sku}`;
}

export function stockUpdatedAt(record: StockRecord): string {
  if (record.network === 'MFN') return listingUpdatedAt(record.listing);
  const updated = textOrNull(record.summary.lastUpdatedTime);
  // FBA sometimes reports an empty lastUpdatedTime: the read time is then the best we know.
  return updated ? amazonInstant(updated) : record.observedAt;
}

/** FBA fulfillable quantity (AFN) or the listing's DEFAULT availability (MFN) → InventoryLevel. */
export function mapStock(record: StockRecord, context: MapContext): InventoryLevel {
  const key = stockKey(record);
  const sku = record.network === 'AFN' ? record.summary.sellerSku : record.listing.item.sku;
  const available =
    record.network === 'AFN'
      ? (record.summary.inventoryDetails?.fulfillableQuantity ?? record.summary.totalQuantity ?? 0)
      : (record.listing.item.fulfillmentAvailability?.find(
          (entry) => entry.fulfillmentChannelCode === 'DEFAULT',
        )?.quantity ?? 0);
  return {
    id: entityId('inventory_level', context.storeId, key),
    storeId: context.storeId,
    platform: 'amazon',
    externalId: key,
    createdAt: null,
    updatedAt: stockUpdatedAt(record),
    variantId: entityId('variant', context.storeId, sku),
    locationId: entityId('location', context.storeId, record.network),
    available,
  };
}

/**
 * A buyer seen on an order → Customer. SP-API has no customer resource: the key is the anonymized
 * relay email (stable per buyer and marketplace). Amazon shares no marketing consent, so both
 * channels are `unknown`; order counts and spend are not reported.
 */
export function mapBuyer(record: BuyerRecord, context: MapContext): Customer {
  const email = record.buyerEmail.toLowerCase();
  const unknownConsent = { state: 'unknown' as const, source: null, updatedAt: null };
  return {
    id: entityId('customer', context.storeId, email),
    storeId: context.storeId,
    platform: 'amazon',
    externalId: email,
    createdAt: amazonInstant(record.orderCreatedTime),
    updatedAt: amazonInstant(record.orderUpdatedTime),
    email,
    phone: textOrNull(record.address?.phone),
    ...splitName(record.buyerName ?? undefined),
    tags: [],
    locale: null,
    timeZone: null,
    marketingConsent: { email: unknownConsent, sms: unknownConsent },
    defaultAddress: addressFrom2026(record.address ?? undefined),
    ordersCount: null,
    totalSpent: null,
  };
}

/** The marketplace summary of a Catalog Items 2022-04-01 item: how Amazon's catalogue names a product. */
export function catalogSummaryOf(
  raw: RawCatalogItem,
  marketplaceId: string,
): { asin: string; title: string | null; brand: string | null; manufacturer: string | null } {
  const summary = raw.summaries?.find((entry) => entry.marketplaceId === marketplaceId) ?? raw.summaries?.[0];
  return {
    asin: raw.asin,
    title: textOrNull(summary?.itemName),
    brand: textOrNull(summary?.brand),
    manufacturer: textOrNull(summary?.manufacturer),
  };
}
