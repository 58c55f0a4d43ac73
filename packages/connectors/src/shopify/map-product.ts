import { entityId, money, type Product, type ProductStatus, toIsoUtc, type Variant } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import { text } from './raw-address';
import type { RawProduct, RawVariant } from './raw-product';
import { numericIdOf } from './shopify-ids';
import { moneyOf } from './shopify-money';

const STATUS: Record<RawProduct['status'], ProductStatus> = {
  ACTIVE: 'active',
  DRAFT: 'draft',
  ARCHIVED: 'archived',
};

function mapVariant(
  raw: RawVariant,
  productId: string,
  currency: string,
  index: number,
  context: MapContext,
): Variant {
  const externalId = numericIdOf(raw.id);
  const tracked = raw.inventoryItem?.tracked ?? raw.inventoryQuantity !== null;
  return {
    id: entityId('variant', context.storeId, externalId),
    storeId: context.storeId,
    platform: context.platform,
    externalId,
    createdAt: toIsoUtc(raw.createdAt),
    updatedAt: toIsoUtc(raw.updatedAt),
    productId,
    sku: text(raw.sku),
    barcode: text(raw.barcode),
    title: raw.title,
    options: raw.selectedOptions.map((option) => ({ name: option.name, value: option.value })),
    price: money(raw.price, currency),
    compareAtPrice: raw.compareAtPrice ? money(raw.compareAtPrice, currency) : null,
    unitCost: raw.inventoryItem?.unitCost ? moneyOf(raw.inventoryItem.unitCost) : null,
    inventoryTracked: tracked,
    inventoryQuantity: tracked ? (raw.inventoryQuantity ?? null) : null,
    imageUrl: null,
    // Shopify positions start at 1; the model's at 0. Sorted first, so gaps do not matter.
    position: index,
  };
}

/** A Shopify product (GraphQL shape) with its variants and collection memberships. */
export function mapProduct(raw: RawProduct, context: MapContext): Product {
  const externalId = numericIdOf(raw.id);
  const id = entityId('product', context.storeId, externalId);
  if (raw.variants.pageInfo?.hasNextPage) {
    throw new Error(`product ${externalId} has more variants than one page; read it with a bulk backfill`);
  }
  const variants = [...raw.variants.nodes].sort((a, b) => a.position - b.position);
  const createdAt = toIsoUtc(raw.createdAt);
  return {
    id,
    storeId: context.storeId,
    platform: context.platform,
    externalId,
    createdAt,
    updatedAt: toIsoUtc(raw.updatedAt),
    title: raw.title,
    handle: text(raw.handle),
    description: text(raw.descriptionHtml),
    brand: text(raw.vendor),
    productType: text(raw.productType),
    status: STATUS[raw.status],
    tags: [...raw.tags],
    // Shopify gives single-variant products one "Title" option with "Default Title"; that is no option.
    options: raw.options
      .filter(
        (option) =>
          !(option.name === 'Title' && option.values.length === 1 && option.values[0] === 'Default Title'),
      )
      .map((option) => ({ name: option.name, values: [...option.values] })),
    images: [],
    collectionIds: (raw.collections?.nodes ?? []).map((collection) =>
      entityId('collection', context.storeId, numericIdOf(collection.id)),
    ),
    url: null,
    publishedAt: raw.publishedAt ? toIsoUtc(raw.publishedAt) : null,
    variants: variants.map((variant, index) => mapVariant(variant, id, raw.shopCurrencyCode, index, context)),
  };
}
