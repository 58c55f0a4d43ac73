import { entityId, InventoryLevel, Product } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { WooProduct, WooProductRecord, WooVariation } from '../raw/raw-catalog';
import { fixture } from '../test-fixtures/read-fixture';
import { defaultLocation, toInventoryLevels } from './map-inventory';
import { IncompleteProductError, toProduct } from './map-product';

const STORE = 'sto_woo1';
const usd = (amount: string) => ({ amount, currency: 'USD' });
const simple = WooProduct.parse(fixture('product.retrieve.response.json'));
const [variable, simpleFromList] = (fixture('products.list.response.json') as unknown[]).map((raw) =>
  WooProduct.parse(raw),
);
const variation = WooVariation.parse(fixture('product-variation.retrieve.response.json'));

describe('toProduct on product.retrieve.response.json (simple)', () => {
  const product = toProduct({ product: simple, variations: [], currency: 'USD' }, STORE);

  it('maps the product fields', () => {
    expect(Product.parse(product)).toEqual(product);
    expect(product).toMatchObject({
      id: entityId('product', STORE, '794'),
      externalId: '794',
      title: 'Premium Quality',
      handle: 'premium-quality-19',
      brand: null,
      productType: 'simple',
      status: 'active',
      tags: [],
      options: [],
      collectionIds: [entityId('collection', STORE, '9'), entityId('collection', STORE, '14')],
      url: 'https://example.com/product/premium-quality-19/',
      createdAt: '2017-03-23T20:01:14.000Z',
      updatedAt: '2017-03-23T20:01:14.000Z',
      publishedAt: '2017-03-23T20:01:14.000Z',
    });
    expect(product.images).toEqual([
      { url: 'https://example.com/wp-content/uploads/2017/03/T_2_front-4.jpg', altText: null },
      { url: 'https://example.com/wp-content/uploads/2017/03/T_2_back-2.jpg', altText: null },
    ]);
  });

  it('gives a simple product exactly one variant keyed by the namespaced product id', () => {
    expect(product.variants).toEqual([
      {
        id: entityId('variant', STORE, 'product:794'),
        storeId: STORE,
        platform: 'woocommerce',
        externalId: 'product:794',
        createdAt: '2017-03-23T20:01:14.000Z',
        updatedAt: '2017-03-23T20:01:14.000Z',
        productId: entityId('product', STORE, '794'),
        sku: null,
        barcode: null,
        title: 'Premium Quality',
        options: [],
        price: usd('21.99'),
        compareAtPrice: null,
        unitCost: null,
        inventoryTracked: false,
        inventoryQuantity: null,
        imageUrl: 'https://example.com/wp-content/uploads/2017/03/T_2_front-4.jpg',
        position: 0,
      },
    ]);
  });

  it('shows the regular price struck through while on sale', () => {
    const onSale = toProduct(
      {
        product: { ...simple, price: '15.00', sale_price: '15.00', on_sale: true },
        variations: [],
        currency: 'USD',
      },
      STORE,
    );
    expect(onSale.variants[0]).toMatchObject({ price: usd('15.00'), compareAtPrice: usd('21.99') });
  });

  it('refuses a webhook body, which lacks the shop currency', () => {
    expect(() => toProduct({ product: simple, variations: null, currency: null }, STORE)).toThrow(
      IncompleteProductError,
    );
  });
});

describe('toProduct on products.list.response.json and product-variation.retrieve.response.json', () => {
  it('maps the variable product options from variation attributes', () => {
    const product = toProduct({ product: variable!, variations: [], currency: 'USD' }, STORE);
    expect(product).toMatchObject({ title: 'Ship Your Idea', productType: 'variable', variants: [] });
    expect(product.options).toEqual([
      { name: 'Color', values: ['Black', 'Green'] },
      { name: 'Size', values: ['S', 'M'] },
    ]);
    expect(
      toProduct({ product: simpleFromList!, variations: [], currency: 'USD' }, STORE).variants,
    ).toHaveLength(1);
  });

  it('maps each variation to a variant in menu order', () => {
    const second = {
      ...variation,
      id: 733,
      menu_order: 1,
      attributes: [{ id: 6, name: 'Color', option: 'Green' }],
    };
    const product = toProduct(
      { product: { ...variable!, variations: [733, 732] }, variations: [second, variation], currency: 'USD' },
      STORE,
    );
    expect(product.variants.map((variant) => [variant.externalId, variant.title, variant.position])).toEqual([
      ['732', 'Black', 0],
      ['733', 'Green', 1],
    ]);
    expect(product.variants[0]).toMatchObject({
      id: entityId('variant', STORE, '732'),
      productId: entityId('product', STORE, '799'),
      options: [{ name: 'Color', value: 'Black' }],
      price: usd('9.00'),
      compareAtPrice: null,
      inventoryTracked: false,
      inventoryQuantity: null,
      imageUrl: 'https://example.com/wp-content/uploads/2016/10/T_4_front-12.jpg',
      createdAt: '2017-03-23T03:36:38.000Z',
    });
  });

  it('refuses a variable product body without its variations', () => {
    expect(() =>
      toProduct({ product: { ...variable!, variations: [732] }, variations: null, currency: 'USD' }, STORE),
    ).toThrow(/variations/);
  });
});

describe('toInventoryLevels', () => {
  const location = entityId('location', STORE, 'default');

  it('has no level for untracked stock (the fixtures manage none)', () => {
    const record = WooProductRecord.parse({ product: simple, variations: [], currency: 'USD' });
    expect(toInventoryLevels(record, STORE)).toEqual([]);
  });

  it('reads stock_quantity per managed variation at the default location', () => {
    const tracked = { ...variation, manage_stock: true as const, stock_quantity: 5 };
    const pooled = { ...variation, id: 734, manage_stock: 'parent' as const, stock_quantity: 9 };
    const levels = toInventoryLevels(
      { product: variable!, variations: [tracked, pooled], currency: 'USD' },
      STORE,
    );
    expect(levels).toEqual([
      {
        id: entityId('inventory_level', STORE, '732:default'),
        storeId: STORE,
        platform: 'woocommerce',
        externalId: '732:default',
        createdAt: null,
        updatedAt: '2017-03-23T03:36:38.000Z',
        variantId: entityId('variant', STORE, '732'),
        locationId: location,
        available: 5,
      },
    ]);
    expect(InventoryLevel.safeParse(levels[0]).success).toBe(true);
  });

  it('reads a managed simple product, negative stock included', () => {
    const levels = toInventoryLevels(
      { product: { ...simple, manage_stock: true, stock_quantity: -2 }, variations: [], currency: 'USD' },
      STORE,
    );
    expect(levels.map((level) => [level.variantId, level.available])).toEqual([
      [entityId('variant', STORE, 'product:794'), -2],
    ]);
  });

  it('places everything at one synthetic default location per store', () => {
    expect(defaultLocation(STORE)).toEqual({
      id: location,
      storeId: STORE,
      platform: 'woocommerce',
      externalId: 'default',
      createdAt: null,
      updatedAt: '1970-01-01T00:00:00.000Z',
      name: 'Default location',
      address: null,
      active: true,
    });
  });
});
