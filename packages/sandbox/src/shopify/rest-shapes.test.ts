import { readFileSync } from 'node:fs';
import { parse } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { shopifyId } from './gid';
import { toJsonText } from './json-text';
import { renderRestInventoryItem, renderRestInventoryLevel, renderRestProduct } from './rest-catalog';
import { renderRestCheckout } from './rest-checkout';
import { renderRestCustomer } from './rest-customer';
import { renderRestFulfillment, renderRestOrder, renderRestRefund } from './rest-order';
import { createTestEmulator, keyPaths, pathOf, TEST_SHOP_DOMAIN } from './test-store';

function fixture(name: string, path?: string): unknown {
  const value = JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
  return path ? pathOf(value, path) : value;
}

/**
 * Key paths of the fixture the rendered payload lacks. `absent` lists data the sandbox does not
 * model (browser client details, note attributes, line item properties, staff attribution, the
 * shipping choice, discounts and taxes of a cart), which Shopify only fills when present.
 */
function missingKeys(expected: unknown, rendered: unknown, absent: string[] = []): string[] {
  const actual = keyPaths(JSON.parse(toJsonText(rendered)));
  return [...keyPaths(expected)].filter(
    (path) =>
      !actual.has(path) && !absent.some((prefix) => path.startsWith(prefix) || path.includes(`.${prefix}`)),
  );
}

const NOT_MODELLED = ['client_details.', 'note_attributes.[]', 'properties.[]', 'attributed_staffs.[]'];

describe('REST and webhook renderers carry every key of Shopify’s payloads', () => {
  const { store, ids } = createTestEmulator();
  const context = { store, shopDomain: TEST_SHOP_DOMAIN };
  const refunded = store.getOrder(ids.refundedOrder);
  if (!refunded) throw new Error('test store lacks the refunded order');

  it('orders (webhook body and REST retrieve)', () => {
    const plain = store.getOrder(ids.deletedProductOrder);
    expect(
      missingKeys(
        fixture('webhook-orders-cancelled.body.json'),
        plain && renderRestOrder(context, plain),
        NOT_MODELLED,
      ),
    ).toEqual([]);
    expect(
      missingKeys(
        fixture('rest-order.retrieve.response.json', 'order'),
        renderRestOrder(context, refunded),
        NOT_MODELLED,
      ),
    ).toEqual([]);
  });

  it('refunds and fulfillments', () => {
    const [refund] = refunded.refunds;
    const [fulfillment] = refunded.fulfillments;
    expect(refund && fulfillment).toBeTruthy();
    if (!refund || !fulfillment) return;
    expect(
      missingKeys(
        fixture('rest-refunds.list.response.json', 'refunds.0'),
        renderRestRefund(context, refunded, refund),
        NOT_MODELLED,
      ),
    ).toEqual([]);
    expect(
      missingKeys(
        fixture('rest-fulfillment.retrieve.response.json', 'fulfillment'),
        renderRestFulfillment(context, refunded, fulfillment),
        NOT_MODELLED,
      ),
    ).toEqual([]);
  });

  it('products, customers, inventory and abandoned checkouts', () => {
    const [product] = store.listProducts();
    const [level] = store.listInventoryLevels();
    const [variant] = store.listVariants();
    const customer = store.getCustomer(ids.customer);
    const cart = store.getCart(ids.abandonedCart);
    if (!product || !level || !variant || !customer || !cart)
      throw new Error('test store is missing records');
    expect(
      missingKeys(fixture('webhook-products-create.body.json'), renderRestProduct(context, product)),
    ).toEqual([]);
    expect(
      missingKeys(
        fixture('rest-products.list.response.json', 'products.0'),
        renderRestProduct(context, product),
      ),
    ).toEqual([]);
    expect(
      missingKeys(
        fixture('rest-customer.retrieve.response.json', 'customer'),
        renderRestCustomer(context, customer),
      ),
    ).toEqual([]);
    expect(
      missingKeys(
        fixture('rest-inventory-levels.list.response.json', 'inventory_levels.0'),
        renderRestInventoryLevel(context, level),
      ),
    ).toEqual([]);
    expect(
      missingKeys(
        fixture('rest-inventory-items.list.response.json', 'inventory_items.0'),
        renderRestInventoryItem(context, variant),
      ),
    ).toEqual([]);
    expect(
      missingKeys(
        fixture('rest-abandoned-checkouts.list.response.json', 'checkouts.0'),
        renderRestCheckout(context, cart),
        [
          ...NOT_MODELLED,
          'shipping_lines.[]',
          'discount_allocations.[]',
          'discount_codes.[]',
          'tax_lines.[]',
        ],
      ),
    ).toEqual([]);
  });

  it('writes int64 ids beyond 2^53 exactly and REST money with two decimals', () => {
    const text = toJsonText(renderRestOrder(context, refunded));
    const id = shopifyId('Order', refunded.id);
    expect(id > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(text).toContain(`"id":${id},`);
    expect(JSON.stringify(JSON.parse(text).id)).not.toBe(String(id));
    const lossless = parse(text, null, (value) => BigInt(value.includes('.') ? 0 : value));
    expect(pathOf(lossless, 'id')).toBe(id);
    expect(pathOf(JSON.parse(text), 'total_price')).toMatch(/^\d+\.\d{2}$/);
    expect(pathOf(JSON.parse(text), 'created_at')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-05:00$/);
  });
});
