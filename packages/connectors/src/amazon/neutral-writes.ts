import type { Order } from '@cartwire/model';
import { z } from 'zod';
import type { ActionContext, MapContext } from '../engine/connector';
import { InvalidPayloadError } from '../engine/errors';
import { defineNeutralWrites, UnsupportedWriteError } from '../engine/neutral-writes';
import { mapListing, mapStock } from './map-catalog';
import { lineKeyOf, mapOrder2026, mapOrderV0 } from './map-order';
import { factsFrom2026, factsFromV0, type OrderFacts } from './order-facts';
import { arrayAt, objectAt, rdtHeaders, stringAt } from './order-requests';
import { OrderWithItemsV0, RawListingsItem, RawOrder2026 } from './raw-schemas';
import { RestrictedDataTokenResponse } from './restricted-data-token';
import { amazonSettingsOf, type ResolvedAmazonSettings } from './settings';

/** Carrier codes of the confirmShipment `CarrierCode` list the sandbox and most sellers use; others are `Other`. */
const CARRIER_CODES = [
  'UPS',
  'USPS',
  'FedEx',
  'DHL',
  'OnTrac',
  'Amazon Shipping',
  'Royal Mail',
  'Canada Post',
];

/** The includedData the orders stream reads with, so the re-read order maps exactly as a sync maps it. */
function orderIncludedData(settings: ResolvedAmazonSettings): string {
  return [...(settings.piiAccess ? ['BUYER'] : []), 'RECIPIENT', 'FULFILLMENT', 'PACKAGES', 'PROCEEDS'].join(
    ',',
  );
}

const LISTING_INCLUDED_DATA = 'summaries,attributes,offers,fulfillmentAvailability';

function mapContext(context: ActionContext, stream: string): MapContext {
  return { storeId: context.store.id, platform: 'amazon', stream };
}

function parse<TSchema extends z.ZodType>(
  schema: TSchema,
  value: unknown,
  context: ActionContext,
  operation: string,
): z.output<TSchema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InvalidPayloadError(
    `amazon ${operation}: unexpected payload at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    { platform: 'amazon', storeId: context.store.id, operation },
  );
}

interface ReadOrder {
  order: Order;
  facts: OrderFacts;
}

/** One order as the orders stream reads it: getOrder 2026-01-01, or v0 getOrder + getOrderItems. */
async function readOrder(context: ActionContext, orderId: string): Promise<ReadOrder> {
  const settings = amazonSettingsOf(context.store);
  const path = `/orders/v0/orders/${encodeURIComponent(orderId)}`;
  if (settings.ordersApi === '2026-01-01') {
    const response = await context.request({
      operation: 'getOrder',
      path: `/orders/2026-01-01/orders/${encodeURIComponent(orderId)}`,
      query: { includedData: orderIncludedData(settings) },
    });
    const raw = parse(RawOrder2026, objectAt(response.body, 'order'), context, 'getOrder');
    return { order: mapOrder2026(raw, mapContext(context, 'orders')), facts: factsFrom2026(raw) };
  }
  // v0 shares buyer details only under a Restricted Data Token for this order's path.
  let rdt: string | null = null;
  if (settings.piiAccess) {
    const token = await context.request({
      operation: 'createRestrictedDataToken',
      method: 'POST',
      path: '/tokens/2021-03-01/restrictedDataToken',
      body: {
        restrictedResources: [{ method: 'GET', path, dataElements: ['buyerInfo', 'shippingAddress'] }],
      },
    });
    rdt = parse(
      RestrictedDataTokenResponse,
      token.body,
      context,
      'createRestrictedDataToken',
    ).restrictedDataToken;
  }
  const order = await context.request({ operation: 'getOrderV0', path, ...rdtHeaders(rdt) });
  const items: unknown[] = [];
  let next: string | null = null;
  do {
    const page = await context.request({
      operation: 'getOrderItems',
      path: `${path}/orderItems`,
      ...(next === null ? {} : { query: { NextToken: next } }),
    });
    items.push(...arrayAt(objectAt(page.body, 'payload'), 'OrderItems'));
    next = stringAt(objectAt(page.body, 'payload'), 'NextToken');
  } while (next !== null);
  const raw = parse(
    OrderWithItemsV0,
    { order: objectAt(order.body, 'payload'), items },
    context,
    'getOrderV0',
  );
  return { order: mapOrderV0(raw, mapContext(context, 'orders')), facts: factsFromV0(raw) };
}

function marketplaceOf(context: ActionContext): string {
  const [marketplaceId] = amazonSettingsOf(context.store).marketplaceIds;
  if (marketplaceId === undefined) throw new Error('an Amazon store has at least one marketplace id');
  return marketplaceId;
}

/**
 * Amazon's neutral writes through SP-API: confirmShipment (Orders v0) for merchant-fulfilled orders,
 * and patchListingsItem on `fulfillment_availability` for merchant-fulfilled (MFN) stock. Amazon has
 * no order notes or tags, sellers cannot set an order's status through the Orders API, and FBA (AFN)
 * stock is counted by Amazon's warehouses.
 */
export const amazonNeutralWrites = defineNeutralWrites('amazon', {
  async createFulfillment(context, input) {
    const { facts } = await readOrder(context, input.order.externalId);
    const number = input.tracking?.number;
    if (!number) {
      throw new InvalidPayloadError('amazon confirmShipment: Amazon requires a tracking number', {
        platform: 'amazon',
        storeId: context.store.id,
        operation: 'confirmShipment',
      });
    }
    // Lines are keyed by SKU (see lineKeyOf); confirmShipment names order items.
    const byLine = new Map(facts.items.map((item) => [lineKeyOf(item), item]));
    const shipped =
      input.lines ?? facts.items.map((item) => ({ externalId: lineKeyOf(item), quantity: item.quantity }));
    const orderItems = shipped.map((line) => {
      const item = byLine.get(line.externalId);
      if (!item?.orderItemId) {
        throw new InvalidPayloadError(
          `amazon confirmShipment: order has no item for line ${line.externalId}`,
          {
            platform: 'amazon',
            storeId: context.store.id,
            operation: 'confirmShipment',
          },
        );
      }
      return { orderItemId: item.orderItemId, quantity: line.quantity };
    });
    const carrier = input.tracking?.carrier?.trim();
    const code = CARRIER_CODES.find((candidate) => candidate.toLowerCase() === carrier?.toLowerCase());
    await context.request({
      operation: 'confirmShipment',
      method: 'POST',
      path: `/orders/v0/orders/${encodeURIComponent(input.order.externalId)}/shipmentConfirmation`,
      body: {
        marketplaceId: marketplaceOf(context),
        packageDetail: {
          // Package reference ids are the seller's, positive numbers, unique within the order.
          packageReferenceId: String(facts.packages.length + 1),
          carrierCode: code ?? 'Other',
          ...(code === undefined ? { carrierName: carrier ?? 'Other' } : {}),
          trackingNumber: number,
          shipDate: new Date().toISOString(),
          orderItems,
        },
      },
    });
    return { order: (await readOrder(context, input.order.externalId)).order };
  },

  async setInventoryLevel(context, input) {
    if (input.location.externalId !== 'MFN') {
      throw new UnsupportedWriteError(
        'amazon',
        'setInventoryLevel',
        'stock fulfilled by Amazon (AFN) is counted by Amazon’s warehouses; only merchant-fulfilled (MFN) quantities can be set',
      );
    }
    const { sellerId } = amazonSettingsOf(context.store);
    const marketplaceId = marketplaceOf(context);
    const sku = input.variant.sku ?? input.variant.externalId;
    const path = `/listings/2021-08-01/items/${encodeURIComponent(sellerId)}/${encodeURIComponent(sku)}`;
    const current = parse(
      RawListingsItem,
      (
        await context.request({
          operation: 'getListingsItem',
          path,
          query: { marketplaceIds: marketplaceId, includedData: 'summaries' },
        })
      ).body,
      context,
      'getListingsItem',
    );
    const productType = current.summaries?.find(
      (summary) => summary.marketplaceId === marketplaceId,
    )?.productType;
    const patched = await context.request({
      operation: 'patchListingsItem',
      method: 'PATCH',
      path,
      query: { marketplaceIds: marketplaceId },
      body: {
        productType: productType ?? 'PRODUCT',
        patches: [
          {
            op: 'replace',
            path: '/attributes/fulfillment_availability',
            value: [{ fulfillment_channel_code: 'DEFAULT', quantity: Math.max(0, input.available) }],
          },
        ],
      },
    });
    const status = parse(
      z.looseObject({
        status: z.string(),
        issues: z.array(z.looseObject({ message: z.string() })).optional(),
      }),
      patched.body,
      context,
      'patchListingsItem',
    );
    if (status.status !== 'ACCEPTED') {
      throw new InvalidPayloadError(
        `amazon patchListingsItem: ${status.status}: ${(status.issues ?? []).map((issue) => issue.message).join('; ')}`,
        {
          platform: 'amazon',
          storeId: context.store.id,
          operation: 'patchListingsItem',
          status: patched.status,
        },
      );
    }
    const item = parse(
      RawListingsItem,
      (
        await context.request({
          operation: 'getListingsItem',
          path,
          query: { marketplaceIds: marketplaceId, includedData: LISTING_INCLUDED_DATA },
        })
      ).body,
      context,
      'getListingsItem',
    );
    const listing = { item, marketplaceId };
    return {
      inventoryLevel: mapStock({ network: 'MFN', listing }, mapContext(context, 'inventoryLevels')),
      product: mapListing(listing, mapContext(context, 'products')),
    };
  },

  addOrderNote: { unsupported: 'Amazon orders have no notes' },
  addOrderTags: { unsupported: 'Amazon orders have no tags' },
  createDiscountCode: {
    unsupported:
      'the Selling Partner API has no promotion-code write; create single-use codes in Seller Central and import them as a pool',
  },
  updateOrderStatus: {
    unsupported: 'sellers cannot set an Amazon order’s status through the Orders API (shipping confirms it)',
  },
});
