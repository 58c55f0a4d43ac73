import { parseScaled } from '../store/money';
import type { SandboxStore } from '../store/sandbox-store';
import type { Product, Variant } from '../store/types';
import { datePair, links, stableId, type WooRenderContext, wooMoney } from './woo-format';

export type WooJson = Record<string, unknown>;

const PRODUCT_STATUS: Record<Product['status'], string> = {
  active: 'publish',
  draft: 'draft',
  archived: 'private',
};

function slugOf(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'tag'
  );
}

/** WooCommerce shows a compare-at price as the regular price with the current price as sale price. */
function pricing(variant: Variant, ctx: WooRenderContext) {
  const price = wooMoney(variant.price, ctx);
  const compare = variant.compareAtPrice === null ? null : wooMoney(variant.compareAtPrice, ctx);
  const onSale = compare !== null && parseScaled(compare, 6) > parseScaled(price, 6);
  return {
    price,
    regular_price: onSale ? compare : price,
    sale_price: onSale ? price : '',
    on_sale: onSale,
  };
}

function stockOf(store: SandboxStore, variant: Variant) {
  const quantity = store.inventoryOf(variant.id).reduce((sum, level) => sum + level.available, 0);
  return {
    manage_stock: variant.inventoryTracked,
    stock_quantity: variant.inventoryTracked ? quantity : null,
    stock_status: !variant.inventoryTracked || quantity > 0 ? 'instock' : 'outofstock',
    backorders: 'no',
    backorders_allowed: false,
    backordered: false,
    low_stock_amount: null,
  };
}

function image(product: Product, url: string, index: number, ctx: WooRenderContext): WooJson {
  return {
    id: stableId(`image:${product.id}:${index}`),
    ...datePair('date_created', product.createdAt, ctx),
    ...datePair('date_modified', product.createdAt, ctx),
    src: url,
    name: `${product.handle}-${index + 1}`,
    alt: '',
  };
}

function weightKg(variant: Variant): string {
  return variant.weightGrams === 0 ? '' : String(variant.weightGrams / 1000);
}

function costMeta(variant: Variant): WooJson[] {
  // Cost of goods as the widely used "Cost of Goods" extension stores it.
  return variant.unitCost === null
    ? []
    : [{ id: stableId(`meta:cog:${variant.id}`), key: '_wc_cog_cost', value: variant.unitCost }];
}

/** Units sold per product id, computed once per store version (it scans every order). */
export function createSalesIndex(store: SandboxStore): (productId: number) => number {
  let version = -1;
  let sales = new Map<number, number>();
  return (productId) => {
    if (version !== store.version) {
      sales = new Map();
      for (const order of store.listOrders()) {
        if (order.cancelledAt) continue;
        for (const line of order.lines)
          sales.set(line.productId, (sales.get(line.productId) ?? 0) + line.quantity);
      }
      version = store.version;
    }
    return sales.get(productId) ?? 0;
  };
}

/** `GET /wp-json/wc/v3/products/{id}` body for a sandbox product. */
export function renderWooProduct(
  store: SandboxStore,
  product: Product,
  ctx: WooRenderContext,
  totalSales: (productId: number) => number = createSalesIndex(store),
): WooJson {
  const variants = store.variantsOf(product.id);
  const simple = product.options.length === 0;
  const first = variants[0];
  const prices = first
    ? pricing(first, ctx)
    : { price: '', regular_price: '', sale_price: '', on_sale: false };
  const variable = !simple;
  const lowest = variants.reduce<Variant | undefined>(
    (min, v) => (min === undefined || parseScaled(v.price, 6) < parseScaled(min.price, 6) ? v : min),
    undefined,
  );
  const anyInStock = variants.some((variant) => stockOf(store, variant).stock_status === 'instock');
  const permalink = `${ctx.siteUrl}/product/${product.handle}/`;
  return {
    id: product.id,
    name: product.title,
    slug: product.handle,
    permalink,
    ...datePair('date_created', product.createdAt, ctx),
    ...datePair('date_modified', product.updatedAt, ctx),
    type: simple ? 'simple' : 'variable',
    status: PRODUCT_STATUS[product.status],
    featured: product.tags.includes('bestseller'),
    catalog_visibility: 'visible',
    description: product.descriptionHtml,
    short_description: '',
    sku: simple && first ? first.sku : '',
    ...(variable && lowest ? { ...prices, price: wooMoney(lowest.price, ctx) } : prices),
    ...datePair('date_on_sale_from', null, ctx),
    ...datePair('date_on_sale_to', null, ctx),
    price_html: '',
    purchasable: product.status === 'active' && variants.length > 0,
    total_sales: totalSales(product.id),
    virtual: variants.every((variant) => !variant.requiresShipping),
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    external_url: '',
    button_text: '',
    tax_status: first?.taxable === false ? 'none' : 'taxable',
    tax_class: '',
    ...(simple && first
      ? stockOf(store, first)
      : {
          manage_stock: false,
          stock_quantity: null,
          stock_status: anyInStock ? 'instock' : 'outofstock',
          backorders: 'no',
          backorders_allowed: false,
          backordered: false,
          low_stock_amount: null,
        }),
    sold_individually: false,
    weight: simple && first ? weightKg(first) : '',
    dimensions: { length: '', width: '', height: '' },
    shipping_required: variants.some((variant) => variant.requiresShipping),
    shipping_taxable: true,
    shipping_class: '',
    shipping_class_id: 0,
    reviews_allowed: true,
    average_rating: '0.00',
    rating_count: 0,
    related_ids: [],
    upsell_ids: [],
    cross_sell_ids: [],
    parent_id: 0,
    purchase_note: '',
    categories: product.categoryIds.flatMap((id) => {
      const category = store.getCategory(id);
      return category ? [{ id: category.id, name: category.name, slug: category.slug }] : [];
    }),
    tags: product.tags.map((tag) => ({ id: stableId(`tag:${tag}`, 10_000), name: tag, slug: slugOf(tag) })),
    images: product.imageUrls.map((url, index) => image(product, url, index, ctx)),
    attributes: product.options.map((option, position) => ({
      id: 0,
      name: option.name,
      position,
      visible: true,
      variation: true,
      options: [...option.values],
    })),
    // The first variation's options stand in for the defaults a merchant picks in the editor.
    default_attributes:
      simple || !first
        ? []
        : product.options.map((option, index) => ({
            id: 0,
            name: option.name,
            option: first.options[index] ?? '',
          })),
    variations: simple ? [] : variants.map((variant) => variant.id),
    grouped_products: [],
    menu_order: 0,
    meta_data: simple && first ? costMeta(first) : [],
    _links: links(ctx, { self: `products/${product.id}`, collection: 'products' }),
  };
}

/** `GET /wp-json/wc/v3/products/{product}/variations/{id}` body for a sandbox variant. */
export function renderWooVariation(
  store: SandboxStore,
  product: Product,
  variant: Variant,
  ctx: WooRenderContext,
): WooJson {
  const query = product.options
    .map(
      (option, index) =>
        `attribute_${slugOf(option.name)}=${encodeURIComponent(variant.options[index] ?? '')}`,
    )
    .join('&');
  return {
    id: variant.id,
    ...datePair('date_created', variant.createdAt, ctx),
    ...datePair('date_modified', variant.updatedAt, ctx),
    description: '',
    permalink: `${ctx.siteUrl}/product/${product.handle}/${query ? `?${query}` : ''}`,
    sku: variant.sku,
    ...pricing(variant, ctx),
    ...datePair('date_on_sale_from', null, ctx),
    ...datePair('date_on_sale_to', null, ctx),
    status: product.status === 'active' ? 'publish' : 'private',
    purchasable: product.status === 'active',
    virtual: !variant.requiresShipping,
    downloadable: false,
    downloads: [],
    download_limit: -1,
    download_expiry: -1,
    tax_status: variant.taxable ? 'taxable' : 'none',
    tax_class: '',
    ...stockOf(store, variant),
    weight: weightKg(variant),
    dimensions: { length: '', width: '', height: '' },
    shipping_class: '',
    shipping_class_id: 0,
    image: product.imageUrls[0] === undefined ? null : image(product, product.imageUrls[0], 0, ctx),
    attributes: product.options.map((option, index) => ({
      id: 0,
      name: option.name,
      option: variant.options[index] ?? '',
    })),
    menu_order: variant.position,
    meta_data: costMeta(variant),
    _links: links(ctx, {
      self: `products/${product.id}/variations/${variant.id}`,
      collection: `products/${product.id}/variations`,
      up: `products/${product.id}`,
    }),
  };
}
