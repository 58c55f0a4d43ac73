import type { SandboxStore } from '../store/sandbox-store';
import type { Location, Product, Variant } from '../store/types';
import { childProductId, parentProductId, sourceCodeOf } from './magento-ids';
import { amount, magentoDate } from './wire-format';

/** Magento's default attribute set for products. */
const DEFAULT_ATTRIBUTE_SET_ID = 4;
/** Visibility: 1 = not visible individually (configurable children), 4 = catalog, search. */
const VISIBILITY_CHILD = 1;
const VISIBILITY_BOTH = 4;

export interface MagentoCustomAttribute {
  attribute_code: string;
  value: string | string[];
}

export type MagentoRecord = Record<string, unknown>;

/** Attribute code of a configurable option ("Shoe size" → `shoe_size`). */
export function attributeCodeOf(optionName: string): string {
  return (
    optionName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'option'
  );
}

function isConfigurable(product: Product): boolean {
  return product.options.length > 0;
}

function productStatus(product: Product): 1 | 2 {
  // Magento has enabled (1) and disabled (2) only; drafts and archived products are disabled.
  return product.status === 'active' ? 1 : 2;
}

function decimalAttribute(value: string): string {
  // EAV decimal attributes come back as strings with six decimals ("12.500000").
  const [whole = '0', fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(6, '0')}`;
}

/** Legacy CatalogInventory stock item (`extension_attributes.stock_item`, `GET /V1/stockItems/{sku}`). */
export function renderStockItem(store: SandboxStore, variant: Variant, productId: number): MagentoRecord {
  const qty = store.inventoryOf(variant.id).reduce((sum, level) => sum + level.available, 0);
  return {
    item_id: productId,
    product_id: productId,
    stock_id: 1,
    qty,
    is_in_stock: !variant.inventoryTracked || qty > 0,
    is_qty_decimal: false,
    show_default_notification_message: false,
    use_config_min_qty: true,
    min_qty: 0,
    use_config_min_sale_qty: 1,
    min_sale_qty: 1,
    use_config_max_sale_qty: true,
    max_sale_qty: 10000,
    use_config_backorders: true,
    backorders: 0,
    use_config_notify_stock_qty: true,
    notify_stock_qty: 1,
    use_config_qty_increments: true,
    qty_increments: 0,
    use_config_enable_qty_inc: true,
    enable_qty_increments: false,
    use_config_manage_stock: true,
    manage_stock: variant.inventoryTracked,
    low_stock_date: null,
    is_decimal_divided: false,
    stock_status_changed_auto: 0,
  };
}

function priceFields(variant: Variant): { price: number; special_price?: string } {
  // Magento's `price` is the regular price; a sale is a lower `special_price` (an EAV decimal).
  return variant.compareAtPrice === null
    ? { price: amount(variant.price) }
    : { price: amount(variant.compareAtPrice), special_price: decimalAttribute(variant.price) };
}

function sellableAttributes(variant: Variant): MagentoCustomAttribute[] {
  const attributes: MagentoCustomAttribute[] = [];
  const { special_price: special } = priceFields(variant);
  if (special !== undefined) attributes.push({ attribute_code: 'special_price', value: special });
  if (variant.unitCost !== null)
    attributes.push({ attribute_code: 'cost', value: decimalAttribute(variant.unitCost) });
  return attributes;
}

function mediaGallery(product: Product): MagentoRecord[] {
  return product.imageUrls.map((url, index) => ({
    id: product.id * 100 + index + 1,
    media_type: 'image',
    label: null,
    position: index + 1,
    disabled: false,
    types: index === 0 ? ['image', 'small_image', 'thumbnail'] : [],
    // Magento keeps media paths relative to `{base}/media/catalog/product`.
    file: new URL(url).pathname,
  }));
}

function commonAttributes(product: Product): MagentoCustomAttribute[] {
  return [
    { attribute_code: 'description', value: product.descriptionHtml },
    { attribute_code: 'url_key', value: product.handle },
    { attribute_code: 'category_ids', value: product.categoryIds.map(String) },
    { attribute_code: 'tax_class_id', value: '2' },
  ];
}

function categoryLinks(product: Product): MagentoRecord[] {
  return product.categoryIds.map((id, position) => ({ position, category_id: String(id) }));
}

function childProduct(store: SandboxStore, product: Product, variant: Variant): MagentoRecord {
  const id = childProductId(variant.id);
  return {
    id,
    sku: variant.sku,
    name: `${product.title}-${variant.options.join('-')}`,
    attribute_set_id: DEFAULT_ATTRIBUTE_SET_ID,
    price: priceFields(variant).price,
    status: productStatus(product),
    visibility: VISIBILITY_CHILD,
    type_id: variant.requiresShipping ? 'simple' : 'virtual',
    created_at: magentoDate(variant.createdAt),
    updated_at: magentoDate(variant.updatedAt),
    weight: variant.weightGrams / 1000,
    extension_attributes: {
      website_ids: [1],
      category_links: categoryLinks(product),
      stock_item: renderStockItem(store, variant, id),
    },
    product_links: [],
    options: [],
    media_gallery_entries: [],
    tier_prices: [],
    custom_attributes: [
      { attribute_code: 'url_key', value: `${product.handle}-${variant.options.join('-').toLowerCase()}` },
      { attribute_code: 'tax_class_id', value: '2' },
      ...product.options.map((option, index) => ({
        attribute_code: attributeCodeOf(option.name),
        value: variant.options[index] ?? '',
      })),
      ...sellableAttributes(variant),
    ],
  };
}

/**
 * The Magento product records of one sandbox product: a configurable parent followed by one simple
 * child per variant, or a single simple (virtual when nothing ships) product.
 *
 * Deviation: select attributes (`color`, `size`) carry the option label as their value, where real
 * Magento returns the option id and resolves labels through `/V1/products/attributes/{code}/options`.
 */
export function renderProductFamily(store: SandboxStore, product: Product): MagentoRecord[] {
  const variants = store.variantsOf(product.id);
  const [first] = variants;
  if (!isConfigurable(product) && first !== undefined) {
    const id = parentProductId(product.id);
    return [
      {
        id,
        sku: first.sku,
        name: product.title,
        attribute_set_id: DEFAULT_ATTRIBUTE_SET_ID,
        price: priceFields(first).price,
        status: productStatus(product),
        visibility: VISIBILITY_BOTH,
        type_id: first.requiresShipping ? 'simple' : 'virtual',
        created_at: magentoDate(product.createdAt),
        updated_at: magentoDate(laterOf(product.updatedAt, first.updatedAt)),
        weight: first.weightGrams / 1000,
        extension_attributes: {
          website_ids: [1],
          category_links: categoryLinks(product),
          stock_item: renderStockItem(store, first, id),
        },
        product_links: [],
        options: [],
        media_gallery_entries: mediaGallery(product),
        tier_prices: [],
        custom_attributes: [...commonAttributes(product), ...sellableAttributes(first)],
      },
    ];
  }
  const parentId = parentProductId(product.id);
  const parent: MagentoRecord = {
    id: parentId,
    sku: product.handle,
    name: product.title,
    attribute_set_id: DEFAULT_ATTRIBUTE_SET_ID,
    price: 0,
    status: productStatus(product),
    visibility: VISIBILITY_BOTH,
    type_id: 'configurable',
    created_at: magentoDate(product.createdAt),
    updated_at: magentoDate(product.updatedAt),
    extension_attributes: {
      website_ids: [1],
      category_links: categoryLinks(product),
      configurable_product_options: product.options.map((option, index) => ({
        id: parentId * 10 + index + 1,
        attribute_id: String(attributeCodeOf(option.name).length + 90 + index),
        label: option.name,
        position: index,
        values: option.values.map((_value, valueIndex) => ({ value_index: valueIndex + 1 })),
        product_id: parentId,
      })),
      configurable_product_links: variants.map((variant) => childProductId(variant.id)),
    },
    product_links: [],
    options: [],
    media_gallery_entries: mediaGallery(product),
    tier_prices: [],
    custom_attributes: commonAttributes(product),
  };
  return [parent, ...variants.map((variant) => childProduct(store, product, variant))];
}

function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

/** Every product record of the catalogue, in entity id order. */
export function renderProducts(store: SandboxStore): MagentoRecord[] {
  return store
    .listProducts()
    .flatMap((product) => renderProductFamily(store, product))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

export function firstLocationId(store: SandboxStore): number | undefined {
  return store.listLocations()[0]?.id;
}

/** An MSI source (`GET /V1/inventory/sources`). Sources carry no timestamps in Magento. */
export function renderSource(location: Location, firstId: number | undefined): MagentoRecord {
  const { address } = location;
  return {
    source_code: sourceCodeOf(location.id, location.name, firstId),
    name: location.name,
    enabled: location.active,
    description: null,
    latitude: 0,
    longitude: 0,
    country_id: address.countryCode,
    region: address.province,
    city: address.city,
    street: [address.address1, address.address2].filter((line) => line !== '').join('\n'),
    postcode: address.postcode,
    phone: address.phone,
    use_default_carrier_config: true,
  };
}

export function renderSources(store: SandboxStore): MagentoRecord[] {
  const firstId = firstLocationId(store);
  return store.listLocations().map((location) => renderSource(location, firstId));
}

/** MSI source items (`GET /V1/inventory/source-items`): quantity of one SKU at one source. */
export function renderSourceItems(store: SandboxStore): MagentoRecord[] {
  const firstId = firstLocationId(store);
  const rows: MagentoRecord[] = [];
  for (const level of store.listInventoryLevels()) {
    const variant = store.getVariant(level.variantId);
    const location = store.getLocation(level.locationId);
    if (!variant || !location || !store.getProduct(variant.productId)) continue;
    rows.push({
      sku: variant.sku,
      source_code: sourceCodeOf(location.id, location.name, firstId),
      quantity: level.available,
      status: level.available > 0 ? 1 : 0,
    });
  }
  return rows;
}
