import { GraphQLError } from 'graphql';
import { SandboxStoreError } from '../store/errors';
import type { CancelReason, Order } from '../store/types';
import { gid, parseGid, storeIdFromGid, storeIdOf } from './gid';
import { type ConnectionArgs, resourceConnection } from './graphql-connections';
import type { ShopifyGraphqlContext } from './graphql-context';
import {
  renderCollectionNode,
  renderInventoryItemNode,
  renderInventoryLevelNode,
  renderLocationNode,
  renderProductNode,
  renderVariantNode,
} from './render-catalog';
import { renderAbandonedCheckoutNode } from './render-checkout';
import { renderCustomerNode } from './render-customer';
import {
  renderFulfillmentNode,
  renderFulfillmentOrderNode,
  renderOrderNode,
  renderRefundNode,
} from './render-order';
import {
  abandonedCheckoutSpec,
  collectionSpec,
  customerSpec,
  inventoryItemSpec,
  isAbandonedCheckout,
  locationSpec,
  orderSpec,
  productSpec,
  variantSpec,
} from './resource-specs';
import { graphqlTime } from './time-format';

type Context = ShopifyGraphqlContext;

function orderContaining(context: Context, predicate: (order: Order) => boolean): Order | undefined {
  return context.store.listOrders().find(predicate);
}

/** Resolves any gid the emulator issues to its node, or null — never an error, as Shopify's `node`. */
export function resolveNode(context: Context, value: string): unknown {
  const parsed = parseGid(value);
  if (!parsed) return null;
  const { store } = context;
  const id = (kind: Parameters<typeof storeIdOf>[0]) => storeIdOf(kind, parsed.id);
  const found = <T, N>(record: T | undefined, render: (record: T) => N): N | null =>
    record === undefined ? null : render(record);
  switch (parsed.kind) {
    case 'Product':
      return found(store.getProduct(id('Product') ?? 0), renderProductNode);
    case 'ProductVariant':
      return found(store.getVariant(id('ProductVariant') ?? 0), renderVariantNode);
    case 'Collection':
      return found(store.getCategory(id('Collection') ?? 0), renderCollectionNode);
    case 'Customer':
      return found(store.getCustomer(id('Customer') ?? 0), renderCustomerNode);
    case 'Order':
      return found(store.getOrder(id('Order') ?? 0), renderOrderNode);
    case 'FulfillmentOrder':
      return found(store.getOrder(id('FulfillmentOrder') ?? 0), renderFulfillmentOrderNode);
    case 'AbandonedCheckout': {
      const cart = store.getCart(id('AbandonedCheckout') ?? 0);
      return cart && isAbandonedCheckout(cart) ? renderAbandonedCheckoutNode(cart) : null;
    }
    case 'Location':
      return found(store.getLocation(id('Location') ?? 0), renderLocationNode);
    case 'InventoryItem':
      return found(store.getVariant(id('InventoryItem') ?? 0), renderInventoryItemNode);
    case 'InventoryLevel': {
      const locationId = id('Location');
      const itemParam = parsed.params.get('inventory_item_id');
      const variantId =
        itemParam && /^\d+$/.test(itemParam) ? storeIdOf('InventoryItem', BigInt(itemParam)) : undefined;
      if (locationId === undefined || variantId === undefined) return null;
      const level = store.inventoryOf(variantId).find((candidate) => candidate.locationId === locationId);
      return level ? renderInventoryLevelNode(level) : null;
    }
    case 'Refund': {
      const refundId = id('Refund');
      const order = orderContaining(context, (o) => o.refunds.some((refund) => refund.id === refundId));
      const refund = order?.refunds.find((candidate) => candidate.id === refundId);
      return order && refund ? renderRefundNode(order, refund) : null;
    }
    case 'Fulfillment': {
      const fulfillmentId = id('Fulfillment');
      const order = orderContaining(context, (o) => o.fulfillments.some((f) => f.id === fulfillmentId));
      const fulfillment = order?.fulfillments.find((candidate) => candidate.id === fulfillmentId);
      return order && fulfillment ? renderFulfillmentNode(order, fulfillment) : null;
    }
    case 'BulkOperation':
      return context.bulk.viewByGid(value);
    default:
      return null;
  }
}

function byGid<T, N>(
  kind: Parameters<typeof storeIdFromGid>[0],
  get: (context: Context, id: number) => T | undefined,
  render: (record: T) => N,
) {
  return (args: { id: string }, context: Context): N | null => {
    const id = storeIdFromGid(kind, args.id);
    const record = id === undefined ? undefined : get(context, id);
    return record === undefined ? null : render(record);
  };
}

/** Root `Query` fields; graphql-js calls each with (args, context). */
export const queryRoot = {
  shop: (_args: unknown, context: Context) => ({
    __typename: 'Shop',
    id: gid('Shop', 1),
    name: context.store.shop.name,
    email: context.store.shop.email,
    myshopifyDomain: context.shopDomain,
    currencyCode: context.store.shop.currency,
    ianaTimezone: context.store.shop.timeZone,
    primaryDomain: { host: context.store.shop.domain, url: `https://${context.store.shop.domain}` },
  }),
  node: (args: { id: string }, context: Context) => resolveNode(context, args.id),
  nodes: (args: { ids: string[] }, context: Context) => {
    if (args.ids.length > 250) {
      throw new GraphQLError('The input array size of 251 is greater than the maximum allowed of 250.', {
        extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
      });
    }
    return args.ids.map((id) => resolveNode(context, id));
  },
  product: byGid('Product', (c, id) => c.store.getProduct(id), renderProductNode),
  products: (args: ConnectionArgs, context: Context) =>
    resourceConnection(() => context.store.listProducts(), args, productSpec, context),
  productVariant: byGid('ProductVariant', (c, id) => c.store.getVariant(id), renderVariantNode),
  productVariants: (args: ConnectionArgs, context: Context) =>
    resourceConnection(() => context.store.listVariants(), args, variantSpec, context),
  collection: byGid('Collection', (c, id) => c.store.getCategory(id), renderCollectionNode),
  collections: (args: ConnectionArgs, context: Context) =>
    resourceConnection(() => context.store.listCategories(), args, collectionSpec, context),
  customer: byGid('Customer', (c, id) => c.store.getCustomer(id), renderCustomerNode),
  customers: (args: ConnectionArgs, context: Context) =>
    resourceConnection(() => context.store.listCustomers(), args, customerSpec, context),
  order: byGid('Order', (c, id) => c.store.getOrder(id), renderOrderNode),
  orders: (args: ConnectionArgs, context: Context) =>
    resourceConnection(() => context.store.listOrders(), args, orderSpec, context),
  abandonedCheckouts: (args: ConnectionArgs, context: Context) =>
    resourceConnection(
      () => context.store.listCarts().filter(isAbandonedCheckout),
      args,
      abandonedCheckoutSpec,
      context,
    ),
  location: (args: { id?: string | null }, context: Context) => {
    // Without an id Shopify answers the shop's primary location.
    const location = args.id
      ? context.store.getLocation(storeIdFromGid('Location', args.id) ?? 0)
      : context.store.listLocations()[0];
    return location ? renderLocationNode(location) : null;
  },
  locations: (args: ConnectionArgs & { includeInactive?: boolean | null }, context: Context) =>
    resourceConnection(
      () => context.store.listLocations().filter((location) => args.includeInactive || location.active),
      args,
      locationSpec,
      context,
      args.includeInactive ? 'all' : 'active',
    ),
  inventoryItem: byGid('InventoryItem', (c, id) => c.store.getVariant(id), renderInventoryItemNode),
  inventoryItems: (args: ConnectionArgs, context: Context) =>
    resourceConnection(() => context.store.listVariants(), args, inventoryItemSpec, context),
  inventoryLevel: (args: { id: string }, context: Context) =>
    parseGid(args.id)?.kind === 'InventoryLevel' ? resolveNode(context, args.id) : null,
  currentBulkOperation: (_args: unknown, context: Context) => context.bulk.current(),
  bulkOperation: (args: { id: string }, context: Context) => context.bulk.viewByGid(args.id),
};

interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

/** Store refusals become `userErrors`, as Shopify reports business-rule failures of mutations. */
function storeUserError(error: unknown, field: string[] | null): UserError {
  if (error instanceof SandboxStoreError) return { field, message: error.message };
  throw error;
}

interface FulfillmentInput {
  lineItemsByFulfillmentOrder: {
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null;
  }[];
  trackingInfo?: {
    company?: string | null;
    number?: string | null;
    url?: string | null;
    numbers?: string[] | null;
    urls?: string[] | null;
  } | null;
}

interface InventorySetQuantitiesInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  ignoreCompareQuantity?: boolean | null;
  quantities: {
    inventoryItemId: string;
    locationId: string;
    quantity: number;
    compareQuantity?: number | null;
  }[];
}

/** Root `Mutation` fields the gateway passes through, plus bulk operations. */
export function createMutationRoot() {
  return {
    bulkOperationRunQuery: async (args: { query: string }, context: Context) => {
      const { operation, userErrors } = await context.bulk.start(
        args.query,
        context.origin,
        context.runBulkQuery,
      );
      return { bulkOperation: operation, userErrors };
    },
    bulkOperationCancel: (args: { id: string }, context: Context) => {
      const { operation, message } = context.bulk.cancel(args.id);
      return { bulkOperation: operation, userErrors: message ? [{ field: ['id'], message }] : [] };
    },
    orderUpdate: (
      args: {
        input: {
          id: string;
          tags?: string[] | null;
          note?: string | null;
          email?: string | null;
          phone?: string | null;
        };
      },
      context: Context,
    ) => {
      const orderId = storeIdFromGid('Order', args.input.id);
      if (orderId === undefined || !context.store.getOrder(orderId)) {
        return { order: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] };
      }
      const { tags, note, email, phone } = args.input;
      try {
        const order = context.store.updateOrder(orderId, {
          ...(tags != null && { tags }),
          ...(note != null && { note }),
          ...(email !== undefined && { email }),
          ...(phone !== undefined && { phone }),
        });
        return { order: renderOrderNode(order), userErrors: [] };
      } catch (error) {
        return { order: null, userErrors: [storeUserError(error, ['input'])] };
      }
    },
    fulfillmentCreate: (args: { fulfillment: FulfillmentInput }, context: Context) => {
      const groups = args.fulfillment.lineItemsByFulfillmentOrder;
      const orderIds = new Set(
        groups.map((group) => storeIdFromGid('FulfillmentOrder', group.fulfillmentOrderId)),
      );
      const [orderId] = [...orderIds];
      if (orderIds.size !== 1 || orderId === undefined || !context.store.getOrder(orderId)) {
        return {
          fulfillment: null,
          userErrors: [
            {
              field: ['fulfillment', 'lineItemsByFulfillmentOrder'],
              message:
                orderIds.size > 1
                  ? 'All fulfillment orders must belong to the same order.'
                  : 'Fulfillment order does not exist.',
            },
          ],
        };
      }
      const requested = groups.flatMap((group) => group.fulfillmentOrderLineItems ?? []);
      const lines = requested.map((item) => ({
        lineId: storeIdOf('FulfillmentOrderLineItem', parseGid(item.id)?.id ?? 0n) ?? 0,
        quantity: item.quantity,
      }));
      const tracking = args.fulfillment.trackingInfo;
      try {
        const fulfillment = context.store.fulfillOrder(orderId, {
          ...(requested.length > 0 && { lines }),
          carrier: tracking?.company ?? null,
          trackingNumber: tracking?.number ?? tracking?.numbers?.[0] ?? null,
          trackingUrl: tracking?.url ?? tracking?.urls?.[0] ?? null,
        });
        const order = context.store.getOrder(orderId);
        return { fulfillment: order ? renderFulfillmentNode(order, fulfillment) : null, userErrors: [] };
      } catch (error) {
        return { fulfillment: null, userErrors: [storeUserError(error, ['fulfillment'])] };
      }
    },
    /** Cancels at once; Shopify answers with a job that finishes shortly after, here already done. */
    orderCancel: (
      args: { orderId: string; reason: string; refund: boolean; restock: boolean },
      context: Context,
    ) => {
      const orderId = storeIdFromGid('Order', args.orderId);
      const order = orderId === undefined ? undefined : context.store.getOrder(orderId);
      if (orderId === undefined || !order) {
        const error = { field: ['orderId'], message: 'Order does not exist', code: 'NOT_FOUND' };
        return { job: null, orderCancelUserErrors: [error], userErrors: [error] };
      }
      if (order.cancelledAt !== null) {
        const error = { field: ['orderId'], message: 'Order has already been cancelled', code: 'INVALID' };
        return { job: null, orderCancelUserErrors: [error], userErrors: [error] };
      }
      const reason = args.reason === 'STAFF' ? 'other' : args.reason.toLowerCase();
      try {
        context.store.cancelOrder(orderId, {
          reason: reason as CancelReason,
          refund: args.refund,
          restock: args.restock,
        });
      } catch (error) {
        const userError = { ...storeUserError(error, ['orderId']), code: 'INVALID' };
        return { job: null, orderCancelUserErrors: [userError], userErrors: [userError] };
      }
      return {
        job: { id: `gid://shopify/Job/${gid('Order', orderId).split('/').pop()}`, done: true },
        orderCancelUserErrors: [],
        userErrors: [],
      };
    },
    inventorySetQuantities: (args: { input: InventorySetQuantitiesInput }, context: Context) => {
      const { input } = args;
      if (input.name !== 'available' && input.name !== 'on_hand') {
        return {
          inventoryAdjustmentGroup: null,
          userErrors: [
            {
              field: ['input', 'name'],
              message: 'The quantity name must be either available or on_hand.',
              code: 'INVALID_NAME',
            },
          ],
        };
      }
      const resolved = [];
      for (const [index, quantity] of input.quantities.entries()) {
        const variantId = storeIdFromGid('InventoryItem', quantity.inventoryItemId);
        const locationId = storeIdFromGid('Location', quantity.locationId);
        if (variantId === undefined || !context.store.getVariant(variantId)) {
          return {
            inventoryAdjustmentGroup: null,
            userErrors: [
              {
                field: ['input', 'quantities', String(index), 'inventoryItemId'],
                message: 'The specified inventory item could not be found.',
                code: 'INVALID_INVENTORY_ITEM',
              },
            ],
          };
        }
        if (locationId === undefined || !context.store.getLocation(locationId)) {
          return {
            inventoryAdjustmentGroup: null,
            userErrors: [
              {
                field: ['input', 'quantities', String(index), 'locationId'],
                message: 'The specified location could not be found.',
                code: 'INVALID_LOCATION',
              },
            ],
          };
        }
        const current =
          context.store.inventoryOf(variantId).find((level) => level.locationId === locationId)?.available ??
          0;
        if (
          !input.ignoreCompareQuantity &&
          quantity.compareQuantity != null &&
          quantity.compareQuantity !== current
        ) {
          return {
            inventoryAdjustmentGroup: null,
            userErrors: [
              {
                field: ['input', 'quantities', String(index), 'compareQuantity'],
                message: 'The specified compare quantity does not match the current quantity.',
                code: 'COMPARE_QUANTITY_STALE',
              },
            ],
          };
        }
        resolved.push({ variantId, locationId, quantity: quantity.quantity, current });
      }
      const changes: {
        name: string;
        delta: number;
        quantityAfterChange: number;
        item: ReturnType<typeof renderInventoryItemNode> | null;
        location: ReturnType<typeof renderLocationNode> | null;
      }[] = [];
      try {
        for (const change of resolved) {
          const level = context.store.setInventory(change.variantId, change.locationId, change.quantity);
          const variant = context.store.getVariant(change.variantId);
          const location = context.store.getLocation(change.locationId);
          changes.push({
            name: input.name,
            delta: level.available - change.current,
            quantityAfterChange: level.available,
            item: variant ? renderInventoryItemNode(variant) : null,
            location: location ? renderLocationNode(location) : null,
          });
        }
      } catch (error) {
        return { inventoryAdjustmentGroup: null, userErrors: [storeUserError(error, ['input'])] };
      }
      return {
        inventoryAdjustmentGroup: {
          createdAt: graphqlTime(new Date(context.now).toISOString()),
          reason: input.reason,
          referenceDocumentUri: input.referenceDocumentUri ?? null,
          changes: (filter: { quantityNames?: string[] | null }) =>
            changes.filter((change) => !filter.quantityNames || filter.quantityNames.includes(change.name)),
        },
        userErrors: [],
      };
    },
  };
}
