import type { Order, Product } from '@cartwire/model';
import { z } from 'zod';
import type { ActionContext, MapContext } from '../engine/connector';
import { InvalidPayloadError } from '../engine/errors';
import { defineNeutralWrites } from '../engine/neutral-writes';
import {
  CreateFulfillmentInput,
  createFulfillment,
  SetInventoryLevelInput,
  setInventoryLevel,
  UpdateOrderNoteInput,
  updateOrderNoteAndTags,
} from './actions';
import { createShopifyGraphqlClient } from './admin-client';
import { renderSelection } from './graphql-selection';
import { inventoryLevelExternalId, mapInventoryLevel } from './map-inventory';
import { mapOrder } from './map-order';
import { mapProduct } from './map-product';
import { INVENTORY_LEVEL_FIELDS, RawInventoryLevel } from './raw-inventory';
import { ORDER_FIELDS, RawOrder } from './raw-order';
import { PRODUCT_FIELDS, RawProduct } from './raw-product';
import { DEFAULT_API_VERSION } from './settings';
import { numericIdOf, toGid } from './shopify-ids';

const UserErrors = z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() }));

function clientFor(context: ActionContext) {
  return createShopifyGraphqlClient(context.request, {
    apiVersion: DEFAULT_API_VERSION,
    storeId: context.store.id,
  });
}

function mapContext(context: ActionContext, stream: string): MapContext {
  return { storeId: context.store.id, platform: 'shopify', stream };
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
    `shopify ${operation}: unexpected payload at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    { platform: 'shopify', storeId: context.store.id, operation },
  );
}

function notFound(context: ActionContext, operation: string, what: string): InvalidPayloadError {
  return new InvalidPayloadError(`shopify ${operation}: ${what} not found`, {
    platform: 'shopify',
    storeId: context.store.id,
    operation,
    status: 200,
  });
}

/** The order as a sync reads it (same selection, same mapper), so the stored record does not flap. */
async function readRawOrder(context: ActionContext, externalId: string): Promise<RawOrder> {
  const data = parse(
    z.object({ order: z.unknown().nullable() }),
    await clientFor(context).query(
      'order.get',
      `query CartwireOrder($id: ID!) { order(id: $id) { ${renderSelection(ORDER_FIELDS)} } }`,
      { id: toGid('Order', externalId) },
    ),
    context,
    'order.get',
  );
  if (data.order === null) throw notFound(context, 'order.get', `order ${externalId}`);
  return parse(RawOrder, data.order, context, 'order.get');
}

async function readOrder(context: ActionContext, externalId: string): Promise<Order> {
  return mapOrder(await readRawOrder(context, externalId), mapContext(context, 'orders'));
}

async function readProduct(context: ActionContext, productExternalId: string): Promise<Product | null> {
  const data = parse(
    z.object({
      shop: z.object({ currencyCode: z.string() }),
      product: z.record(z.string(), z.unknown()).nullable(),
    }),
    await clientFor(context).query(
      'product.get',
      `query CartwireProduct($id: ID!) { shop { currencyCode } product(id: $id) { ${renderSelection(PRODUCT_FIELDS)} } }`,
      { id: toGid('Product', productExternalId) },
    ),
    context,
    'product.get',
  );
  if (data.product === null) return null;
  const raw = parse(
    RawProduct,
    { ...data.product, shopCurrencyCode: data.shop.currencyCode },
    context,
    'product.get',
  );
  return mapProduct(raw, mapContext(context, 'products'));
}

const OrderStatusData = (field: string) =>
  z.object({ [field]: z.object({ userErrors: UserErrors }).nullable() });

async function orderStatusMutation(
  context: ActionContext,
  field: 'orderClose' | 'orderOpen' | 'orderCancel',
  document: string,
  variables: Record<string, unknown>,
): Promise<void> {
  const data = parse(
    OrderStatusData(field),
    await clientFor(context).query(field, document, variables),
    context,
    field,
  ) as Record<string, { userErrors: z.infer<typeof UserErrors> } | null>;
  const errors = data[field]?.userErrors ?? [];
  if (errors.length > 0) {
    throw new InvalidPayloadError(
      `shopify ${field}: ${errors.map((error) => `${error.field?.join('.') ?? ''} ${error.message}`.trim()).join('; ')}`,
      { platform: 'shopify', storeId: context.store.id, operation: field, status: 200 },
    );
  }
}

const DiscountNodeData = (field: string) =>
  z.object({
    [field]: z
      .object({
        codeDiscountNode: z
          .object({
            id: z.string(),
            codeDiscount: z.object({
              startsAt: z.string().nullable(),
              endsAt: z.string().nullable(),
              codes: z.object({ nodes: z.array(z.object({ code: z.string() })) }),
            }),
          })
          .nullable(),
        userErrors: UserErrors,
      })
      .nullable(),
  });

const CODE_DISCOUNT_SELECTION =
  'codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { startsAt endsAt codes(first: 1) { nodes { code } } } ' +
  '... on DiscountCodeFreeShipping { startsAt endsAt codes(first: 1) { nodes { code } } } } } userErrors { field message code }';

async function shopCurrency(context: ActionContext): Promise<string> {
  const data = parse(
    z.object({ shop: z.object({ currencyCode: z.string() }) }),
    await clientFor(context).query(
      'shop.currency',
      'query CartwireShopCurrency { shop { currencyCode } }',
      {},
    ),
    context,
    'shop.currency',
  );
  return data.shop.currencyCode;
}

/**
 * Shopify's neutral writes through the Admin GraphQL API: `fulfillmentCreate` on the order's open
 * fulfillment orders, `inventorySetQuantities` on the variant's inventory item, `orderUpdate` for notes
 * (Shopify keeps one note per order: the new text is appended) and tags (merged with the existing
 * ones), and `orderClose` / `orderOpen` / `orderCancel` for the status.
 */
export const shopifyNeutralWrites = defineNeutralWrites('shopify', {
  async createFulfillment(context, input) {
    await createFulfillment.run(
      context,
      CreateFulfillmentInput.parse({
        orderId: input.order.externalId,
        ...(input.lines
          ? { lines: input.lines.map((line) => ({ lineItemId: line.externalId, quantity: line.quantity })) }
          : {}),
        ...(input.tracking
          ? {
              tracking: {
                ...(input.tracking.carrier === undefined ? {} : { company: input.tracking.carrier }),
                ...(input.tracking.number === undefined ? {} : { number: input.tracking.number }),
                ...(input.tracking.url === undefined ? {} : { url: input.tracking.url }),
              },
            }
          : {}),
        notifyCustomer: input.notifyCustomer,
      }),
    );
    return { order: await readOrder(context, input.order.externalId) };
  },

  async setInventoryLevel(context, input) {
    const client = clientFor(context);
    const found = parse(
      z.object({ productVariant: z.object({ inventoryItem: z.object({ id: z.string() }) }).nullable() }),
      await client.query(
        'productVariant.inventoryItem',
        'query CartwireInventoryItem($id: ID!) { productVariant(id: $id) { inventoryItem { id } } }',
        { id: toGid('ProductVariant', input.variant.externalId) },
      ),
      context,
      'productVariant.inventoryItem',
    );
    if (!found.productVariant) {
      throw notFound(context, 'productVariant.inventoryItem', `variant ${input.variant.externalId}`);
    }
    const itemId = numericIdOf(found.productVariant.inventoryItem.id);
    await setInventoryLevel.run(
      context,
      SetInventoryLevelInput.parse({
        inventoryItemId: itemId,
        locationId: input.location.externalId,
        available: input.available,
      }),
    );
    const levelGid = `gid://shopify/InventoryLevel/${inventoryLevelExternalId(input.location.externalId, itemId)}`;
    const level = parse(
      z.object({ inventoryLevel: z.unknown().nullable() }),
      await client.query(
        'inventoryLevel.get',
        `query CartwireInventoryLevel($id: ID!) { inventoryLevel(id: $id) { ${renderSelection(INVENTORY_LEVEL_FIELDS)} } }`,
        { id: levelGid },
      ),
      context,
      'inventoryLevel.get',
    );
    if (level.inventoryLevel === null) throw notFound(context, 'inventoryLevel.get', levelGid);
    return {
      inventoryLevel: mapInventoryLevel(
        parse(RawInventoryLevel, level.inventoryLevel, context, 'inventoryLevel.get'),
        mapContext(context, 'inventoryLevels'),
      ),
      product: await readProduct(context, input.variant.productExternalId),
    };
  },

  async addOrderNote(context, input) {
    const current = await readRawOrder(context, input.order.externalId);
    const existing = current.note?.trim() ?? '';
    await updateOrderNoteAndTags.run(
      context,
      UpdateOrderNoteInput.parse({
        orderId: input.order.externalId,
        note: existing === '' ? input.note : `${existing}\n\n${input.note}`,
      }),
    );
    return { order: await readOrder(context, input.order.externalId) };
  },

  async addOrderTags(context, input) {
    const current = await readRawOrder(context, input.order.externalId);
    const tags = [...new Set([...current.tags, ...input.tags])];
    await updateOrderNoteAndTags.run(
      context,
      UpdateOrderNoteInput.parse({ orderId: input.order.externalId, tags }),
    );
    return { order: await readOrder(context, input.order.externalId) };
  },

  async updateOrderStatus(context, input) {
    const id = toGid('Order', input.order.externalId);
    switch (input.status) {
      case 'closed':
        await orderStatusMutation(
          context,
          'orderClose',
          'mutation CartwireOrderClose($input: OrderCloseInput!) { orderClose(input: $input) { userErrors { field message } } }',
          { input: { id } },
        );
        break;
      case 'open':
        await orderStatusMutation(
          context,
          'orderOpen',
          'mutation CartwireOrderOpen($input: OrderOpenInput!) { orderOpen(input: $input) { userErrors { field message } } }',
          { input: { id } },
        );
        break;
      case 'cancelled':
        // Refund and restock what the cancellation frees, as the Shopify admin does by default.
        await orderStatusMutation(
          context,
          'orderCancel',
          'mutation CartwireOrderCancel($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!, $notifyCustomer: Boolean) { orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock, notifyCustomer: $notifyCustomer) { userErrors: orderCancelUserErrors { field message } } }',
          { orderId: id, reason: 'OTHER', refund: true, restock: true, notifyCustomer: false },
        );
        break;
    }
    return { order: await readOrder(context, input.order.externalId) };
  },

  async createDiscountCode(context, input) {
    const value = input.value;
    if (value.kind === 'fixed_amount') {
      const currency = await shopCurrency(context);
      if (currency !== value.amount.currency) {
        throw new InvalidPayloadError(
          `shopify discountCodeBasicCreate: amount is in ${value.amount.currency} but the shop sells in ${currency}`,
          { platform: 'shopify', storeId: context.store.id, operation: 'discountCodeBasicCreate' },
        );
      }
    }
    const common = {
      title: input.title ?? input.code,
      code: input.code,
      startsAt: input.startsAt ?? new Date().toISOString(),
      endsAt: input.endsAt,
      usageLimit: input.usageLimit,
      appliesOncePerCustomer: true,
      // Shopify restricts a code to customers by id; an email-only recipient gets a code anyone could
      // type, which the random single-use code keeps to them in practice.
      context: input.customer?.externalId
        ? { customers: { add: [toGid('Customer', input.customer.externalId)] } }
        : { all: 'ALL' },
    };
    const field =
      value.kind === 'free_shipping' ? 'discountCodeFreeShippingCreate' : 'discountCodeBasicCreate';
    const response =
      value.kind === 'free_shipping'
        ? await clientFor(context).query(
            field,
            `mutation CartwireDiscountFreeShipping($input: DiscountCodeFreeShippingInput!) { discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) { ${CODE_DISCOUNT_SELECTION} } }`,
            { input: { ...common, destination: { all: true } } },
          )
        : await clientFor(context).query(
            field,
            `mutation CartwireDiscountBasic($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { ${CODE_DISCOUNT_SELECTION} } }`,
            {
              input: {
                ...common,
                customerGets: {
                  value:
                    value.kind === 'percentage'
                      ? { percentage: value.percent / 100 }
                      : { discountAmount: { amount: value.amount.amount, appliesOnEachItem: false } },
                  items: input.variants
                    ? {
                        products: {
                          productVariantsToAdd: input.variants.map((v) =>
                            toGid('ProductVariant', v.externalId),
                          ),
                        },
                      }
                    : { all: true },
                },
              },
            },
          );
    const payload = (
      parse(DiscountNodeData(field), response, context, field) as Record<
        string,
        z.infer<ReturnType<typeof DiscountNodeData>>[string]
      >
    )[field];
    const errors = payload?.userErrors ?? [];
    const node = payload?.codeDiscountNode;
    if (errors.length > 0 || !node) {
      throw new InvalidPayloadError(
        `shopify ${field}: ${errors.map((e) => `${e.field?.join('.') ?? ''} ${e.message}`.trim()).join('; ') || 'no discount returned'}`,
        { platform: 'shopify', storeId: context.store.id, operation: field, status: 200 },
      );
    }
    return {
      discountCode: {
        code: node.codeDiscount.codes.nodes[0]?.code ?? input.code,
        externalId: String(numericIdOf(node.id)),
        startsAt: node.codeDiscount.startsAt,
        endsAt: node.codeDiscount.endsAt,
      },
    };
  },
});
