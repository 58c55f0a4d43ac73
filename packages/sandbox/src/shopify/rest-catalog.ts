import type { InventoryLevel, Product, Variant } from '../store/types';
import { inventoryLevelGid, shopifyId } from './gid';
import { restDecimal } from './money-format';
import { type RestRenderContext, restTimeIn } from './rest-context';

function adminId(kind: string, id: bigint): string {
  return `gid://shopify/${kind}/${id}`;
}

function available(context: RestRenderContext, variantId: number): number {
  return context.store.inventoryOf(variantId).reduce((sum, level) => sum + level.available, 0);
}

export function renderRestVariant(context: RestRenderContext, variant: Variant) {
  const id = shopifyId('ProductVariant', variant.id);
  const quantity = available(context, variant.id);
  return {
    admin_graphql_api_id: adminId('ProductVariant', id),
    barcode: variant.barcode || null,
    compare_at_price: variant.compareAtPrice === null ? null : restDecimal(variant.compareAtPrice),
    created_at: restTimeIn(context, variant.createdAt),
    id,
    inventory_policy: 'deny',
    position: variant.position,
    price: restDecimal(variant.price),
    product_id: shopifyId('Product', variant.productId),
    sku: variant.sku || null,
    taxable: variant.taxable,
    title: variant.title,
    updated_at: restTimeIn(context, variant.updatedAt),
    option1: variant.options[0] ?? (variant.options.length === 0 ? variant.title : null),
    option2: variant.options[1] ?? null,
    option3: variant.options[2] ?? null,
    image_id: null,
    inventory_item_id: shopifyId('InventoryItem', variant.id),
    inventory_quantity: quantity,
    old_inventory_quantity: quantity,
    grams: variant.weightGrams,
    weight: variant.weightGrams / 1000,
    weight_unit: 'kg',
    fulfillment_service: 'manual',
    inventory_management: variant.inventoryTracked ? 'shopify' : null,
    requires_shipping: variant.requiresShipping,
    presentment_prices: [
      {
        price: { amount: restDecimal(variant.price), currency_code: context.store.shop.currency },
        compare_at_price:
          variant.compareAtPrice === null
            ? null
            : { amount: restDecimal(variant.compareAtPrice), currency_code: context.store.shop.currency },
      },
    ],
  };
}

/** REST / webhook `Product` with its variants, options and images. */
export function renderRestProduct(context: RestRenderContext, product: Product) {
  const id = shopifyId('Product', product.id);
  const variants = context.store.variantsOf(product.id);
  const images = product.imageUrls.map((src, index) => ({
    id: id * 10n + BigInt(index + 1),
    admin_graphql_api_id: adminId('ProductImage', id * 10n + BigInt(index + 1)),
    product_id: id,
    position: index + 1,
    src,
    alt: null,
    width: 1024,
    height: 1024,
    variant_ids: [] as bigint[],
    created_at: restTimeIn(context, product.createdAt),
    updated_at: restTimeIn(context, product.updatedAt),
  }));
  const options =
    product.options.length > 0
      ? product.options.map((option, index) => ({
          id: id * 100n + BigInt(index + 1),
          product_id: id,
          name: option.name,
          position: index + 1,
          values: option.values,
        }))
      : [{ id: id * 100n + 1n, product_id: id, name: 'Title', position: 1, values: ['Default Title'] }];
  return {
    admin_graphql_api_id: adminId('Product', id),
    body_html: product.descriptionHtml,
    created_at: restTimeIn(context, product.createdAt),
    handle: product.handle,
    id,
    product_type: product.productType,
    published_at: restTimeIn(context, product.publishedAt),
    template_suffix: null,
    title: product.title,
    updated_at: restTimeIn(context, product.updatedAt),
    vendor: product.vendor,
    status: product.status,
    published_scope: 'web',
    tags: product.tags.join(', '),
    variants: variants.map((variant) => renderRestVariant(context, variant)),
    options,
    images,
    image: images[0] ?? null,
    media: [],
    variant_gids: [...variants]
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
      .map((variant) => ({
        admin_graphql_api_id: adminId('ProductVariant', shopifyId('ProductVariant', variant.id)),
        updated_at: variant.updatedAt,
      })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

/** REST / `inventory_levels/update` webhook body. */
export function renderRestInventoryLevel(context: RestRenderContext, level: InventoryLevel) {
  return {
    inventory_item_id: shopifyId('InventoryItem', level.variantId),
    location_id: shopifyId('Location', level.locationId),
    available: level.available,
    updated_at: restTimeIn(context, level.updatedAt),
    admin_graphql_api_id: inventoryLevelGid(level.locationId, level.variantId),
  };
}

export function renderRestInventoryItem(context: RestRenderContext, variant: Variant) {
  const id = shopifyId('InventoryItem', variant.id);
  return {
    id,
    sku: variant.sku || null,
    created_at: restTimeIn(context, variant.createdAt),
    updated_at: restTimeIn(context, variant.updatedAt),
    requires_shipping: variant.requiresShipping,
    cost: variant.unitCost === null ? null : restDecimal(variant.unitCost),
    country_code_of_origin: null,
    province_code_of_origin: null,
    harmonized_system_code: null,
    tracked: variant.inventoryTracked,
    country_harmonized_system_codes: [],
    admin_graphql_api_id: adminId('InventoryItem', id),
  };
}
