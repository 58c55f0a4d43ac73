import { InventoryLevel, Order, Product } from '@cartwire/model';
import {
  amazonAfnLocationId,
  amazonListingViews,
  amazonOrderId,
  createAmazonEmulator,
  createAmazonOrderViewCache,
  generateStore,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
} from '@cartwire/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorEngine, createConnectorEngine } from '../engine/engine';
import { InvalidPayloadError } from '../engine/errors';
import { type NeutralWriteName, runNeutralWrite, UnsupportedWriteError } from '../engine/neutral-writes';
import { amazonConnector } from './amazon-connector';

const lwa = {
  clientId: 'amzn1.application-oa2-client.writes',
  clientSecret: 'cs',
  refreshToken: 'Atzr|writes',
};
const sellerId = 'A3TH9S8BH6GOGM';

describe.each(['2026-01-01', 'v0'] as const)(
  'Amazon neutral writes over loopback (orders API %s)',
  (ordersApi) => {
    let store: SandboxStore;
    let served: ServedEmulator;
    let engine: ConnectorEngine;

    beforeAll(async () => {
      store = generateStore({ seed: 47, size: 'tiny' });
      served = await serveEmulator(createAmazonEmulator({ store, lwa, sellerId }));
      engine = createConnectorEngine({ retry: { minTimeoutMs: 10, maxTimeoutMs: 100 } });
    });
    afterAll(async () => {
      await engine.close();
      await served.close();
    });

    const write = <K extends NeutralWriteName>(name: K, input: unknown) =>
      runNeutralWrite({
        engine,
        connector: amazonConnector,
        store: {
          id: 'sto_amazonneutralwrites000001',
          credentials: { endpoint: served.url, lwaEndpoint: served.url, ...lwa },
          settings: { sellerId, marketplaceIds: ['ATVPDKIKX0DER'], ordersApi, piiAccess: true },
        },
        write: name,
        input: input as never,
      });

    /** A paid order of two SKUs shipped from the seller's own stock (MFN). */
    const merchantOrder = () => {
      const afn = amazonAfnLocationId(store);
      const own = store.listLocations().find((location) => location.id !== afn);
      if (!own) throw new Error('the tiny store has a merchant location');
      const variants = store
        .listVariants()
        .filter((variant) => variant.sku !== '')
        .slice(0, 2);
      // Lines ship from the first location holding enough stock: the merchant's own.
      for (const variant of variants) store.setInventory(variant.id, own.id, 100);
      const order = store.placeOrder({
        email: 'buyer@example.com',
        lines: variants.map((variant) => ({ variantId: variant.id, quantity: 2 })),
      });
      const view = createAmazonOrderViewCache(store)().find((candidate) => candidate.order.id === order.id);
      expect(view?.channel).toBe('MFN');
      return order;
    };

    it('confirms a shipment of one SKU with its tracking and reads the order back', async () => {
      const order = merchantOrder();
      const [line] = order.lines;
      if (!line) throw new Error('no line');
      const { order: result } = await write('createFulfillment', {
        order: { externalId: amazonOrderId(order.id) },
        lines: [{ externalId: line.sku, quantity: line.quantity }],
        tracking: { carrier: 'ups', number: '1ZAMAZON0001' },
      });
      expect(Order.parse(result).externalId).toBe(amazonOrderId(order.id));
      expect(store.getOrder(order.id)?.fulfillments).toEqual([
        expect.objectContaining({ carrier: 'UPS', trackingNumber: '1ZAMAZON0001' }),
      ]);
      expect(result.fulfillmentStatus).toBe('partially_fulfilled');
      if (ordersApi === '2026-01-01') {
        expect(result.shipments).toEqual([expect.objectContaining({ trackingNumber: '1ZAMAZON0001' })]);
      }
      expect(result.email).not.toBeNull();
    });

    it('ships every remaining unit with another carrier, and needs a tracking number', async () => {
      const order = merchantOrder();
      await expect(
        write('createFulfillment', { order: { externalId: amazonOrderId(order.id) } }),
      ).rejects.toBeInstanceOf(InvalidPayloadError);
      const { order: result } = await write('createFulfillment', {
        order: { externalId: amazonOrderId(order.id) },
        tracking: { carrier: 'Speedy Couriers', number: 'SPD-1' },
      });
      expect([result.status, result.fulfillmentStatus]).toEqual(['closed', 'fulfilled']);
      expect(store.getOrder(order.id)?.fulfillments.at(-1)?.carrier).toBe('Speedy Couriers');
    });

    it('sets merchant-fulfilled stock through the listing and refuses FBA stock', async () => {
      const [view] = amazonListingViews(store);
      if (!view) throw new Error('no listing');
      const variant = { externalId: view.sku, productExternalId: view.sku, sku: view.sku };
      const result = await write('setInventoryLevel', {
        variant,
        location: { externalId: 'MFN' },
        available: 23,
      });
      expect(InventoryLevel.parse(result.inventoryLevel)).toMatchObject({
        externalId: `MFN:${view.sku}`,
        available: 23,
      });
      expect(Product.parse(result.product).variants[0]?.inventoryQuantity).toBe(23);
      await expect(
        write('setInventoryLevel', { variant, location: { externalId: 'AFN' }, available: 1 }),
      ).rejects.toBeInstanceOf(UnsupportedWriteError);
    });

    it('has no order notes, tags, status writes or discount codes', async () => {
      const ref = { externalId: amazonOrderId(merchantOrder().id) };
      for (const [name, input] of [
        ['addOrderNote', { order: ref, note: 'x' }],
        ['addOrderTags', { order: ref, tags: ['x'] }],
        ['updateOrderStatus', { order: ref, status: 'cancelled' }],
        ['createDiscountCode', { code: 'SAVE-10', value: { kind: 'percentage', percent: 10 }, endsAt: null }],
      ] as const) {
        await expect(write(name, input)).rejects.toBeInstanceOf(UnsupportedWriteError);
      }
    });
  },
);
