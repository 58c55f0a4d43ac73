import { InvalidPayloadError, runAction } from '@cartwire/connectors';
import { shopifyId } from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestEngine,
  type ShopifyHarness,
  shopifyConnector,
  startShopifyHarness,
} from './shopify-harness';

describe('Shopify writes against the emulator', () => {
  let harness: ShopifyHarness;
  const engine = createTestEngine();
  const act = (
    action: 'updateOrderNoteAndTags' | 'createFulfillment' | 'setInventoryLevel',
    input: unknown,
  ) => runAction({ engine, connector: shopifyConnector, store: harness.storeInput(), action, input });

  beforeAll(async () => {
    harness = await startShopifyHarness({ seed: 9, size: 'tiny' });
  }, 60_000);
  afterAll(async () => {
    await engine.close();
    await harness?.close();
  });

  it('sets an order note and tags (orderUpdate)', async () => {
    const order = harness.store.listOrders()[0];
    if (!order) throw new Error('no order');
    const orderId = String(shopifyId('Order', order.id));
    const result = await act('updateOrderNoteAndTags', {
      orderId,
      note: 'Gift wrap, please',
      tags: ['gift', 'vip'],
    });
    expect(result).toEqual({ orderId, note: 'Gift wrap, please', tags: ['gift', 'vip'] });
    expect(harness.store.getOrder(order.id)).toMatchObject({
      note: 'Gift wrap, please',
      tags: ['gift', 'vip'],
    });
  });

  it('ships the remaining lines of an order with tracking (fulfillmentCreate)', async () => {
    const order = harness.store
      .listOrders()
      .find(
        (candidate) =>
          candidate.fulfillmentState === 'unfulfilled' &&
          candidate.cancelledAt === null &&
          candidate.financialState === 'paid',
      );
    if (!order) throw new Error('no unfulfilled order');
    const result = (await act('createFulfillment', {
      orderId: String(shopifyId('Order', order.id)),
      tracking: {
        company: 'UPS',
        number: '1Z999AA10123456784',
        url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
      },
    })) as { fulfillmentId: string };
    expect(result.fulfillmentId).toMatch(/^\d+$/);
    const after = harness.store.getOrder(order.id);
    expect(after?.fulfillmentState).toBe('fulfilled');
    expect(after?.fulfillments.at(-1)).toMatchObject({
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
  });

  it('refuses to fulfil an order with nothing left to ship, as a typed input error', async () => {
    const order = harness.store.listOrders().find((candidate) => candidate.fulfillmentState === 'fulfilled');
    if (!order) throw new Error('no fulfilled order');
    await expect(
      act('createFulfillment', { orderId: String(shopifyId('Order', order.id)) }),
    ).rejects.toBeInstanceOf(InvalidPayloadError);
  });

  it('sets the available quantity at a location (inventorySetQuantities)', async () => {
    const level = harness.store.listInventoryLevels()[0];
    if (!level) throw new Error('no stock level');
    const before = level.available;
    const result = await act('setInventoryLevel', {
      inventoryItemId: String(shopifyId('InventoryItem', level.variantId)),
      locationId: String(shopifyId('Location', level.locationId)),
      available: before + 5,
    });
    expect(result).toEqual({ delta: 5 });
    expect(harness.store.inventoryLevelAt(level.variantId, level.locationId)?.available).toBe(before + 5);
  });

  it('rejects invalid input before sending anything', async () => {
    await expect(act('updateOrderNoteAndTags', { orderId: 'not-an-id' })).rejects.toBeInstanceOf(
      InvalidPayloadError,
    );
    await expect(
      act('setInventoryLevel', { inventoryItemId: '1', locationId: '2', available: 1.5 }),
    ).rejects.toBeInstanceOf(InvalidPayloadError);
  });
});
