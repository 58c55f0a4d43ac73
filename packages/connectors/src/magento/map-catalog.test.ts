import { entityId, InventoryLevel, Location, money, Product } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { mapSource, mapSourceItem } from './map-inventory';
import { mapProduct } from './map-product';
import { ProductFamily, SourceItemRecord, SourceRecord } from './stream-records';
import { fixture } from './test-fixtures/read-fixture';

const storeId = 'sto_magentocatalogtest000001';
const context = { storeId, platform: 'magento' as const, stream: 'products' };
const documented = fixture('product.create.response.json') as Record<string, unknown>;
const storefrontUrl = 'https://shop.example';

function family(product: unknown, children: unknown[] = []) {
  return Product.parse(
    mapProduct(ProductFamily.parse({ product, children, currency: 'USD', storefrontUrl }), context),
  );
}

describe("mapProduct on the documented simple product ('product.create.response.json')", () => {
  const product = family(documented);

  it('maps the product with attributes, categories and storefront URL', () => {
    expect(product).toMatchObject({
      id: entityId('product', storeId, '2079'),
      externalId: '2079',
      title: 'Champ Tee Small',
      handle: 'champ-tee-small',
      status: 'active',
      url: 'https://shop.example/champ-tee-small.html',
      createdAt: '2017-11-29T20:40:07.000Z',
      collectionIds: ['11', '12', '16'].map((id) => entityId('collection', storeId, id)),
      options: [],
      images: [],
    });
    expect(product.description).toContain('The Champ Tee keeps you cool');
  });

  it('gives a standalone simple product one variant that is the product itself', () => {
    expect(product.variants).toEqual([
      expect.objectContaining({
        id: entityId('variant', storeId, '2079'),
        productId: product.id,
        sku: 'MS-Champ-S',
        title: 'Champ Tee Small',
        price: money('25', 'USD'),
        compareAtPrice: null,
        unitCost: null,
        inventoryTracked: true,
        inventoryQuantity: 10,
        position: 0,
      }),
    ]);
  });

  it('maps a disabled product as archived and media to storefront URLs', () => {
    const disabled = family({
      ...documented,
      status: 2,
      media_gallery_entries: [
        { id: 2, file: '/m/s/back.jpg', position: 2, disabled: false, label: null },
        { id: 1, file: '/m/s/front.jpg', position: 1, disabled: false, label: 'Front' },
        { id: 3, file: '/m/s/hidden.jpg', position: 3, disabled: true, label: null },
      ],
    });
    expect(disabled.status).toBe('archived');
    expect(disabled.images).toEqual([
      { url: 'https://shop.example/media/catalog/product/m/s/front.jpg', altText: 'Front' },
      { url: 'https://shop.example/media/catalog/product/m/s/back.jpg', altText: null },
    ]);
  });

  it('maps a configurable product: children are variants with options, sale and cost prices', () => {
    const child = (id: number, size: string, extra: { attribute_code: string; value: string }[] = []) => ({
      ...documented,
      id,
      sku: `MS-Champ-${size}`,
      name: `Champ Tee-${size}`,
      visibility: 1,
      custom_attributes: [{ attribute_code: 'size', value: size }, ...extra],
    });
    const parent = {
      ...documented,
      id: 2078,
      sku: 'MS-Champ',
      name: 'Champ Tee',
      type_id: 'configurable',
      price: 0,
      extension_attributes: {
        configurable_product_options: [
          { id: 1, attribute_id: '141', label: 'Size', position: 0, values: [] },
        ],
        configurable_product_links: [2079, 2080],
      },
    };
    const configurable = family(parent, [
      child(2079, 'S'),
      child(2080, 'M', [
        { attribute_code: 'special_price', value: '19.990000' },
        { attribute_code: 'cost', value: '7.125000' },
      ]),
    ]);
    expect(configurable.options).toEqual([{ name: 'Size', values: ['S', 'M'] }]);
    expect(
      configurable.variants.map((variant) => [variant.externalId, variant.title, variant.position]),
    ).toEqual([
      ['2079', 'S', 0],
      ['2080', 'M', 1],
    ]);
    expect(configurable.variants[1]).toMatchObject({
      options: [{ name: 'Size', value: 'M' }],
      price: money('19.99', 'USD'),
      compareAtPrice: money('25', 'USD'),
      unitCost: money('7.125', 'USD'),
    });
  });
});

describe("MSI source items ('inventory.source-items.search.response.json')", () => {
  const { items } = fixture('inventory.source-items.search.response.json') as { items: unknown[] };
  const observedAt = '2026-01-01T00:00:00.000Z';

  it('maps each source item to a stock level of the product at that source', () => {
    const levels = items.map((item) =>
      InventoryLevel.parse(
        mapSourceItem(SourceItemRecord.parse({ item, productId: 2090, observedAt }), {
          ...context,
          stream: 'inventoryLevels',
        }),
      ),
    );
    expect(levels.map((level) => [level.externalId, level.available])).toEqual([
      ['central/new_product2', 500],
      ['east/new_product2', 250],
    ]);
    expect(new Set(levels.map((level) => level.variantId))).toEqual(
      new Set([entityId('variant', storeId, '2090')]),
    );
    expect(levels.map((level) => level.locationId)).toEqual([
      entityId('location', storeId, 'central'),
      entityId('location', storeId, 'east'),
    ]);
    expect(levels[0]?.updatedAt).toBe(observedAt);
  });

  it('refuses a source item whose SKU no product has', () => {
    const record = SourceItemRecord.parse({ item: items[0], productId: null, observedAt });
    expect(() => mapSourceItem(record, context)).toThrow('no product has SKU new_product2');
  });

  it('maps a source to a location', () => {
    const location = Location.parse(
      mapSource(
        SourceRecord.parse({
          source: {
            source_code: 'east',
            name: 'East Warehouse',
            enabled: true,
            country_id: 'US',
            city: 'Boston',
            street: '1 Main St',
            postcode: '02110',
          },
          observedAt,
        }),
        context,
      ),
    );
    expect(location).toMatchObject({
      externalId: 'east',
      name: 'East Warehouse',
      active: true,
      createdAt: null,
    });
    expect(location.address).toMatchObject({ address1: '1 Main St', city: 'Boston', countryCode: 'US' });
  });
});
