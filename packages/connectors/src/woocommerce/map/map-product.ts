import { entityId, type Money, type Product, type ProductStatus, type Variant } from '@cartwire/model';
import type { WooProduct, WooProductRecord, WooVariation } from '../raw/raw-catalog';
import { blankToNull, gmtToIso, plainText, urlOrNull, wooMoney } from './map-common';
import { simpleVariantExternalId } from './map-lines';

/**
 * A product body alone (a webhook) lacks what mapping needs: the shop currency, and a variable
 * product's variations. Mapping it would mean inventing them.
 */
export class IncompleteProductError extends Error {
  readonly code = 'incomplete_product';
  constructor(
    readonly productId: number,
    readonly missing: 'variations' | 'currency',
  ) {
    super(`product ${productId} arrived without its ${missing}; read it with the 'fetchProduct' action`);
    this.name = 'IncompleteProductError';
  }
}

function productStatusOf(status: string): ProductStatus {
  if (status === 'publish') return 'active';
  if (status === 'trash') return 'archived';
  // draft, pending (review), private, future (scheduled), auto-draft: not sellable yet.
  return 'draft';
}

interface Priced {
  price: string;
  regular_price: string;
  sale_price: string;
  on_sale: boolean;
}

/** Selling price, and the regular price struck through while on sale. Unpriced items are 0. */
function prices(item: Priced, currency: string): { price: Money; compareAtPrice: Money | null } {
  const price = wooMoney(item.price || item.regular_price || '0', currency);
  const onSale = item.on_sale && item.sale_price !== '' && item.regular_price !== '';
  return { price, compareAtPrice: onSale ? wooMoney(item.regular_price, currency) : null };
}

interface VariantContext {
  storeId: string;
  productId: string;
  currency: string;
}

function simpleVariant(product: WooProduct, context: VariantContext): Variant {
  const externalId = simpleVariantExternalId(product.id);
  const tracked = product.manage_stock;
  return {
    id: entityId('variant', context.storeId, externalId),
    storeId: context.storeId,
    platform: 'woocommerce',
    externalId,
    createdAt: gmtToIso(product.date_created_gmt ?? product.date_modified_gmt),
    updatedAt: gmtToIso(product.date_modified_gmt),
    productId: context.productId,
    sku: blankToNull(product.sku),
    barcode: blankToNull(product.global_unique_id),
    title: plainText(product.name),
    options: [],
    ...prices(product, context.currency),
    // WooCommerce core keeps no unit cost.
    unitCost: null,
    inventoryTracked: tracked,
    inventoryQuantity: tracked ? product.stock_quantity : null,
    imageUrl: product.images[0]?.src ?? null,
    position: 0,
  };
}

function variationVariant(
  variation: WooVariation,
  position: number,
  parent: WooProduct,
  context: VariantContext,
): Variant {
  // `manage_stock: 'parent'` pools stock on the product: every variation shows the pool's quantity.
  const tracked = variation.manage_stock === 'parent' ? parent.manage_stock : variation.manage_stock;
  const quantity = variation.manage_stock === 'parent' ? parent.stock_quantity : variation.stock_quantity;
  const options = variation.attributes.map((attribute) => ({
    name: plainText(attribute.name),
    value: plainText(attribute.option),
  }));
  return {
    id: entityId('variant', context.storeId, String(variation.id)),
    storeId: context.storeId,
    platform: 'woocommerce',
    externalId: String(variation.id),
    createdAt: gmtToIso(variation.date_created_gmt ?? variation.date_modified_gmt),
    updatedAt: gmtToIso(variation.date_modified_gmt),
    productId: context.productId,
    sku: blankToNull(variation.sku),
    barcode: blankToNull(variation.global_unique_id),
    title: options.length > 0 ? options.map((option) => option.value).join(' / ') : plainText(parent.name),
    options,
    ...prices(variation, context.currency),
    unitCost: null,
    inventoryTracked: tracked,
    inventoryQuantity: tracked ? quantity : null,
    imageUrl: variation.image?.src ?? null,
    position,
  };
}

/** Variations in the merchant's order (`menu_order`), ties by id. */
function orderedVariations(variations: readonly WooVariation[]): WooVariation[] {
  return [...variations].sort((a, b) => a.menu_order - b.menu_order || a.id - b.id);
}

/**
 * Maps a product with its variations. Simple (and grouped, external) products get one variant whose
 * external id is `product:{id}`; variable products get one variant per variation. Money is in the
 * record's shop currency.
 * @throws IncompleteProductError for a variable product whose variations were not read.
 */
export function toProduct(record: WooProductRecord, storeId: string): Product {
  const { product, currency } = record;
  if (currency === null) throw new IncompleteProductError(product.id, 'currency');
  const id = entityId('product', storeId, String(product.id));
  const context = { storeId, productId: id, currency };
  const isVariable = product.type === 'variable';
  if (isVariable && record.variations === null && product.variations.length > 0) {
    throw new IncompleteProductError(product.id, 'variations');
  }
  const variants = isVariable
    ? orderedVariations(record.variations ?? []).map((variation, position) =>
        variationVariant(variation, position, product, context),
      )
    : [simpleVariant(product, context)];
  const status = productStatusOf(product.status);
  const description = blankToNull(product.description);
  return {
    id,
    storeId,
    platform: 'woocommerce',
    externalId: String(product.id),
    createdAt: gmtToIso(product.date_created_gmt ?? product.date_modified_gmt),
    updatedAt: gmtToIso(product.date_modified_gmt),
    title: plainText(product.name),
    handle: blankToNull(product.slug),
    description,
    brand: product.brands?.[0] ? plainText(product.brands[0].name) : null,
    productType: blankToNull(product.type),
    status,
    tags: product.tags.map((tag) => plainText(tag.name)),
    options: isVariable
      ? product.attributes
          .filter((attribute) => attribute.variation)
          .map((attribute) => ({
            name: plainText(attribute.name),
            values: attribute.options.map(plainText),
          }))
      : [],
    images: product.images.map((image) => ({ url: image.src, altText: blankToNull(image.alt) })),
    collectionIds: product.categories.map((category) => entityId('collection', storeId, String(category.id))),
    url: urlOrNull(product.permalink),
    // WordPress's post date is the publish date of a published product.
    publishedAt: status === 'active' && product.date_created_gmt ? gmtToIso(product.date_created_gmt) : null,
    variants,
  };
}
