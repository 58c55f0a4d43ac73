import type { Product, Variant } from '@cartwire/model';
import { entityId } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import type { RawProduct } from './raw-schemas';
import type { ProductFamily } from './stream-records';
import { fromMagentoDate, magentoMoney, textOrNull } from './wire-values';

function attribute(product: RawProduct, code: string): string | null {
  const found = product.custom_attributes?.find((entry) => entry.attribute_code === code);
  if (!found || found.value === null) return null;
  return Array.isArray(found.value) ? found.value.join(',') : String(found.value);
}

/**
 * Attribute code of a configurable option. Magento links options by `attribute_id`; resolving ids
 * to codes needs `/V1/products/attributes`, so the code is derived from the label ("Shoe size" →
 * `shoe_size`), which holds for attributes created with default codes.
 */
export function optionAttributeCode(label: string): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'option'
  );
}

function variantOf(
  raw: RawProduct,
  family: ProductFamily,
  productId: string,
  position: number,
  options: { name: string; value: string }[],
  context: MapContext,
): Variant {
  const { currency } = family;
  const regular = magentoMoney(raw.price, currency);
  const special = attribute(raw, 'special_price');
  const cost = attribute(raw, 'cost');
  const stock = raw.extension_attributes?.stock_item;
  const tracked = stock?.manage_stock ?? false;
  return {
    id: entityId('variant', context.storeId, String(raw.id)),
    storeId: context.storeId,
    platform: 'magento',
    externalId: String(raw.id),
    createdAt: fromMagentoDate(raw.created_at),
    updatedAt: fromMagentoDate(raw.updated_at),
    productId,
    sku: textOrNull(raw.sku),
    barcode: null,
    title: options.length > 0 ? options.map((option) => option.value).join(' / ') : raw.name,
    options,
    // `price` is the regular price; an active sale is a lower `special_price`.
    price: special === null ? regular : magentoMoney(special, currency),
    compareAtPrice: special === null ? null : regular,
    unitCost: cost === null ? null : magentoMoney(cost, currency),
    inventoryTracked: tracked,
    inventoryQuantity:
      tracked && stock?.qty !== undefined && stock.qty !== null ? Math.trunc(Number(stock.qty)) : null,
    imageUrl: null,
    position,
  };
}

/**
 * A Magento product family → one normalized product. Configurable products get one variant per
 * simple child; standalone simple/virtual products get a single variant that is the product itself.
 */
export function mapProduct(family: ProductFamily, context: MapContext): Product {
  const { product } = family;
  const id = entityId('product', context.storeId, String(product.id));
  const root = family.storefrontUrl.replace(/\/+$/, '');
  const configurableOptions = product.extension_attributes?.configurable_product_options ?? [];
  const isConfigurable = product.type_id === 'configurable';
  const optionNames = [...configurableOptions]
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((option) => option.label);
  const variants = isConfigurable
    ? family.children.map((child, position) =>
        variantOf(
          child,
          family,
          id,
          position,
          optionNames.map((name) => ({ name, value: attribute(child, optionAttributeCode(name)) ?? '' })),
          context,
        ),
      )
    : [variantOf(product, family, id, 0, [], context)];
  const urlKey = attribute(product, 'url_key');
  return {
    id,
    storeId: context.storeId,
    platform: 'magento',
    externalId: String(product.id),
    createdAt: fromMagentoDate(product.created_at),
    updatedAt: fromMagentoDate(product.updated_at),
    title: product.name,
    handle: urlKey,
    description: textOrNull(attribute(product, 'description')),
    brand: null,
    productType: null,
    status: product.status === 1 ? 'active' : 'archived',
    tags: [],
    options: optionNames.map((name) => ({
      name,
      values: [
        ...new Set(variants.map((variant) => variant.options.find((o) => o.name === name)?.value ?? '')),
      ],
    })),
    images: [...(product.media_gallery_entries ?? [])]
      .filter((entry) => entry.disabled !== true)
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((entry) => ({
        url: `${root}/media/catalog/product${entry.file}`,
        altText: textOrNull(entry.label),
      })),
    collectionIds: (product.extension_attributes?.category_links ?? []).map((link) =>
      entityId('collection', context.storeId, link.category_id),
    ),
    url: urlKey === null ? null : `${root}/${urlKey}.html`,
    publishedAt: null,
    variants,
  };
}
