import { createAdminApiClient } from '@shopify/admin-api-client';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mswHandlersFor } from '../http/msw-handlers';
import { gid, inventoryLevelGid } from './gid';
import { createTestEmulator, pathOf, TEST_ACCESS_TOKEN, TEST_SHOP_DOMAIN } from './test-store';

describe('mutations the gateway passes through', () => {
  it('orderUpdate sets tags and note and sends orders/updated', async () => {
    const { graphql, ids, store, deliveries, clearDeliveries } = createTestEmulator();
    clearDeliveries();
    const reply = await graphql(
      'mutation($input: OrderInput!) { orderUpdate(input: $input) { order { id tags note } userErrors { field message } } }',
      { input: { id: gid('Order', ids.guestOrder), tags: ['vip', 'gift'], note: 'Leave at the door' } },
    );
    expect(pathOf(reply.json.data, 'orderUpdate')).toEqual({
      order: { id: gid('Order', ids.guestOrder), tags: ['vip', 'gift'], note: 'Leave at the door' },
      userErrors: [],
    });
    expect(store.getOrder(ids.guestOrder)).toMatchObject({
      tags: ['vip', 'gift'],
      note: 'Leave at the door',
    });
    expect(deliveries().map((delivery) => delivery.topic)).toContain('orders/updated');

    const missing = await graphql(
      'mutation { orderUpdate(input: { id: "gid://shopify/Order/1", note: "x" }) { order { id } userErrors { field message } } }',
    );
    expect(pathOf(missing.json.data, 'orderUpdate')).toEqual({
      order: null,
      userErrors: [{ field: ['id'], message: 'Order does not exist' }],
    });
  });

  it('fulfillmentCreate fulfils the fulfillment order lines with tracking', async () => {
    const { graphql, ids, store } = createTestEmulator();
    const order = await graphql(
      'query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 1) { nodes { id status lineItems(first: 5) { nodes { id remainingQuantity } } } } } }',
      { id: gid('Order', ids.guestOrder) },
    );
    const fulfillmentOrder = pathOf(order.json.data, 'order.fulfillmentOrders.nodes.0') as {
      id: string;
      status: string;
      lineItems: { nodes: { id: string; remainingQuantity: number }[] };
    };
    expect(fulfillmentOrder.status).toBe('OPEN');
    const [line] = fulfillmentOrder.lineItems.nodes;
    expect(line?.remainingQuantity).toBe(3);

    const reply = await graphql(
      `mutation($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) {
        fulfillment { status displayStatus trackingInfo { company number url } fulfillmentLineItems(first: 5) { nodes { quantity } } }
        userErrors { field message } } }`,
      {
        fulfillment: {
          lineItemsByFulfillmentOrder: [
            {
              fulfillmentOrderId: fulfillmentOrder.id,
              fulfillmentOrderLineItems: [{ id: line?.id, quantity: 2 }],
            },
          ],
          trackingInfo: {
            company: 'UPS',
            number: '1Z999AA10123456784',
            url: 'https://ups.example/1Z999AA10123456784',
          },
        },
      },
    );
    expect(pathOf(reply.json.data, 'fulfillmentCreate')).toEqual({
      fulfillment: {
        status: 'SUCCESS',
        displayStatus: 'IN_TRANSIT',
        trackingInfo: [
          { company: 'UPS', number: '1Z999AA10123456784', url: 'https://ups.example/1Z999AA10123456784' },
        ],
        fulfillmentLineItems: { nodes: [{ quantity: 2 }] },
      },
      userErrors: [],
    });
    expect(store.getOrder(ids.guestOrder)?.fulfillmentState).toBe('partially_fulfilled');

    const tooMany = await graphql(
      'mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { message } } }',
      {
        f: {
          lineItemsByFulfillmentOrder: [
            {
              fulfillmentOrderId: fulfillmentOrder.id,
              fulfillmentOrderLineItems: [{ id: line?.id, quantity: 5 }],
            },
          ],
        },
      },
    );
    expect(pathOf(tooMany.json.data, 'fulfillmentCreate.fulfillment')).toBeNull();
    expect(pathOf(tooMany.json.data, 'fulfillmentCreate.userErrors.0.message')).toMatch(/only 1 unit/);
  });

  it('inventorySetQuantities sets available stock, honouring compareQuantity', async () => {
    const { graphql, ids, store } = createTestEmulator();
    const current =
      store.inventoryOf(ids.variant).find((level) => level.locationId === ids.location)?.available ?? 0;
    const mutation = `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
      inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange item { id } location { id } } }
      userErrors { field message code } } }`;
    const quantity = (compareQuantity: number) => ({
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [
          {
            inventoryItemId: gid('InventoryItem', ids.variant),
            locationId: gid('Location', ids.location),
            quantity: 7,
            compareQuantity,
          },
        ],
      },
    });
    const stale = await graphql(mutation, quantity(current + 1));
    expect(pathOf(stale.json.data, 'inventorySetQuantities.userErrors.0.code')).toBe(
      'COMPARE_QUANTITY_STALE',
    );
    const applied = await graphql(mutation, quantity(current));
    expect(pathOf(applied.json.data, 'inventorySetQuantities')).toEqual({
      inventoryAdjustmentGroup: {
        reason: 'correction',
        changes: [
          {
            name: 'available',
            delta: 7 - current,
            quantityAfterChange: 7,
            item: { id: gid('InventoryItem', ids.variant) },
            location: { id: gid('Location', ids.location) },
          },
        ],
      },
      userErrors: [],
    });
    const level = await graphql(
      'query($id: ID!) { inventoryLevel(id: $id) { quantities(names: ["available"]) { quantity } } }',
      {
        id: inventoryLevelGid(ids.location, ids.variant),
      },
    );
    expect(pathOf(level.json.data, 'inventoryLevel.quantities.0.quantity')).toBe(7);
  });
});

describe('the emulator under msw', () => {
  const { app, store } = createTestEmulator();
  const server = setupServer(...mswHandlersFor(app, `https://${TEST_SHOP_DOMAIN}`));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('answers the official client in-process, without a port', async () => {
    const client = createAdminApiClient({
      storeDomain: TEST_SHOP_DOMAIN,
      apiVersion: '2026-01',
      accessToken: TEST_ACCESS_TOKEN,
    });
    const { data, errors } = await client.request('{ shop { name myshopifyDomain currencyCode } }');
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      shop: { name: store.shop.name, myshopifyDomain: TEST_SHOP_DOMAIN, currencyCode: store.shop.currency },
    });
  });
});
