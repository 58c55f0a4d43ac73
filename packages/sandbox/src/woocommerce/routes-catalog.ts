import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { SandboxStoreError } from '../store/errors';
import type { Product, Variant } from '../store/types';
import { renderWooProduct, renderWooVariation } from './render-product';
import { createQueryCache, listProducts, PRODUCTS_SPEC, VARIATIONS_SPEC } from './woo-collections';
import { invalidId, WooRestError } from './woo-errors';
import { authorize, jsonBody, pathId, requestUrl, type WooRouteDeps, wooJson } from './woo-http';
import { paginate } from './woo-paging';
import { parseListQuery, withinDates } from './woo-query';

const price = z.string().regex(/^(\d+(\.\d+)?)?$/, 'must be a decimal string');

const UpdateStockAndPriceBody = z.looseObject({
  stock_quantity: z.number().int().nullable().optional(),
  regular_price: price.optional(),
  sale_price: price.optional(),
});

const productNotFound = () => invalidId('woocommerce_rest_product_invalid_id');
const variationNotFound = () => invalidId('woocommerce_rest_product_variation_invalid_id');

function requireProduct(c: Context, deps: WooRouteDeps): Product {
  const product = deps.store.getProduct(pathId(c, 'id', productNotFound));
  if (!product) throw productNotFound();
  return product;
}

function requireVariation(c: Context, deps: WooRouteDeps, product: Product): Variant {
  const id = pathId(c, 'variationId', variationNotFound);
  const variant = deps.store.getVariant(id);
  // A simple product's single variant is the product itself in WooCommerce, not a variation.
  if (!variant || variant.productId !== product.id || product.options.length === 0) throw variationNotFound();
  return variant;
}

/**
 * Applies a stock/price write. WooCommerce has one stock number per product or variation; the
 * sandbox keeps stock per location, so the first location absorbs the difference.
 */
function applyStockAndPrice(
  deps: WooRouteDeps,
  variant: Variant,
  body: z.infer<typeof UpdateStockAndPriceBody>,
): void {
  const { store } = deps;
  try {
    if (body.stock_quantity !== undefined && body.stock_quantity !== null) {
      const levels = store.inventoryOf(variant.id);
      const first =
        levels[0] ?? (store.listLocations()[0] && { locationId: store.listLocations()[0]!.id, available: 0 });
      if (!first)
        throw new WooRestError(400, 'woocommerce_rest_cannot_update', 'The sandbox store has no location.');
      const others = levels.slice(1).reduce((sum, level) => sum + level.available, 0);
      store.setInventory(variant.id, first.locationId, body.stock_quantity - others);
    }
    if (body.regular_price !== undefined || body.sale_price !== undefined) {
      const onSale = variant.compareAtPrice !== null;
      const regular = body.regular_price || (onSale ? variant.compareAtPrice! : variant.price);
      const sale = body.sale_price !== undefined ? body.sale_price : onSale ? variant.price : '';
      store.changePrice(
        variant.id,
        sale ? { price: sale, compareAtPrice: regular } : { price: regular, compareAtPrice: null },
      );
    }
  } catch (error) {
    if (error instanceof SandboxStoreError)
      throw new WooRestError(400, 'woocommerce_rest_cannot_update', error.message);
    throw error;
  }
}

export function registerCatalogRoutes(app: Hono, deps: WooRouteDeps): void {
  const cache = createQueryCache<Product>();

  app.get('/wp-json/wc/v3/products', (c) => {
    const ctx = authorize(c, deps, 'read');
    const url = requestUrl(c);
    const query = parseListQuery(url.searchParams, PRODUCTS_SPEC, deps.timeZone);
    const { page: _p, perPage: _pp, offset: _o, dp: _dp, ...filters } = query;
    const products = cache(deps.store, JSON.stringify(filters), () =>
      listProducts(deps.store, query, deps.salesIndex),
    );
    const page = paginate(products, query, url);
    return wooJson(
      page.items.map((product) => renderWooProduct(deps.store, product, ctx, deps.salesIndex)),
      200,
      page.headers,
    );
  });

  app.get('/wp-json/wc/v3/products/:id', (c) => {
    const ctx = authorize(c, deps, 'read');
    return wooJson(renderWooProduct(deps.store, requireProduct(c, deps), ctx, deps.salesIndex));
  });

  app.put('/wp-json/wc/v3/products/:id', async (c) => {
    const ctx = authorize(c, deps, 'write');
    const product = requireProduct(c, deps);
    const body = await jsonBody(c, UpdateStockAndPriceBody);
    const variant = deps.store.variantsOf(product.id)[0];
    if (product.options.length === 0 && variant) applyStockAndPrice(deps, variant, body);
    return wooJson(renderWooProduct(deps.store, deps.store.getProduct(product.id)!, ctx, deps.salesIndex));
  });

  app.get('/wp-json/wc/v3/products/:id/variations', (c) => {
    const ctx = authorize(c, deps, 'read');
    const product = requireProduct(c, deps);
    const url = requestUrl(c);
    const query = parseListQuery(url.searchParams, VARIATIONS_SPEC, deps.timeZone);
    const variants = product.options.length === 0 ? [] : deps.store.variantsOf(product.id);
    const filtered = variants
      .filter((variant) => withinDates(variant.createdAt, variant.updatedAt, query))
      .filter((variant) => query.include.length === 0 || query.include.includes(variant.id))
      .filter((variant) => !query.exclude.includes(variant.id))
      .filter((variant) => query.sku === null || variant.sku === query.sku);
    const direction = query.order === 'asc' ? 1 : -1;
    const key = (variant: Variant) =>
      query.orderby === 'modified'
        ? variant.updatedAt
        : query.orderby === 'menu_order'
          ? variant.position
          : variant.createdAt;
    filtered.sort((a, b) => {
      const ka = query.orderby === 'id' ? a.id : key(a);
      const kb = query.orderby === 'id' ? b.id : key(b);
      return ka === kb ? (a.id - b.id) * direction : (ka < kb ? -1 : 1) * direction;
    });
    const page = paginate(filtered, query, url);
    return wooJson(
      page.items.map((variant) => renderWooVariation(deps.store, product, variant, ctx)),
      200,
      page.headers,
    );
  });

  app.get('/wp-json/wc/v3/products/:id/variations/:variationId', (c) => {
    const ctx = authorize(c, deps, 'read');
    const product = requireProduct(c, deps);
    return wooJson(renderWooVariation(deps.store, product, requireVariation(c, deps, product), ctx));
  });

  app.put('/wp-json/wc/v3/products/:id/variations/:variationId', async (c) => {
    const ctx = authorize(c, deps, 'write');
    const product = requireProduct(c, deps);
    const variant = requireVariation(c, deps, product);
    applyStockAndPrice(deps, variant, await jsonBody(c, UpdateStockAndPriceBody));
    return wooJson(renderWooVariation(deps.store, product, deps.store.getVariant(variant.id)!, ctx));
  });
}
