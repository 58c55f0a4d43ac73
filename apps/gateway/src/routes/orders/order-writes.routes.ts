import { Order } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../shared/idempotency';
import { AUTHED_ERRORS, BEARER, json, problem, StoreIdParam } from '../shared/responses';

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().openapi(IDEMPOTENCY_KEY_HEADER_DOC),
});

export const OrderParams = StoreIdParam.extend({
  orderId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'orderId', in: 'path' }, example: 'ord_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

export const CreateFulfillmentBody = z
  .object({
    lines: z
      .array(
        z.object({
          lineItemId: z.string().min(1).openapi({ description: 'The order line (`li_…`).' }),
          quantity: z.number().int().min(1),
        }),
      )
      .min(1)
      .optional()
      .openapi({ description: 'Lines and units to ship; every unit not yet shipped when omitted.' }),
    carrier: z.string().trim().min(1).max(255).optional().openapi({ example: 'UPS' }),
    trackingNumber: z.string().trim().min(1).max(255).optional().openapi({ example: '1Z999AA10123456784' }),
    trackingUrl: z.url().optional(),
    notifyCustomer: z
      .boolean()
      .default(false)
      .openapi({ description: 'Let the platform email the buyer (where it does).' }),
  })
  .openapi('CreateFulfillment');

export const AddOrderNoteBody = z
  .object({
    note: z.string().trim().min(1).max(5000),
    notifyCustomer: z
      .boolean()
      .default(false)
      .openapi({ description: 'Show or send the note to the buyer where the platform can.' }),
  })
  .openapi('AddOrderNote');

export const AddOrderTagsBody = z
  .object({
    tags: z
      .array(z.string().trim().min(1).max(255))
      .min(1)
      .max(100)
      .openapi({ description: 'Added to the order’s tags; tags it already has stay.' }),
  })
  .openapi('AddOrderTags');

export const UpdateOrderBody = z
  .object({
    status: z.enum(['open', 'closed', 'cancelled']).openapi({
      description:
        '`cancelled` cancels (Shopify refunds and restocks as its admin does); `closed` archives/completes; ' +
        '`open` reopens. Each platform’s mapping is in the README; where a platform has none the answer is 422 ' +
        '`unsupported_by_platform`.',
    }),
  })
  .openapi('UpdateOrder');

const tags = ['Orders'];

/** Answers every write shares: the store/order missing, the platform refusing or failing. */
const WRITE_ERRORS = {
  404: problem('No such store or order for this tenant'),
  409: problem('The store is disconnected, or a request with this Idempotency-Key is in progress'),
  422: problem(
    'The platform has no such write (`unsupported_by_platform`), refused it (`platform_rejected`, with ' +
      '`connector_error`), or the Idempotency-Key was used for another request',
  ),
  502: problem('The platform did not answer'),
} as const;

const description = (what: string) =>
  `${what} The order is then read back from the platform and stored, so reads and the event log ` +
  'reflect the change at once (events carry `source: api`). Send an `Idempotency-Key` to retry safely.';

export const createFulfillmentRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{storeId}/orders/{orderId}/fulfillments',
  tags,
  summary: 'Ship an order (add a fulfillment with tracking)',
  description: description(
    'Shopify: fulfillmentCreate; WooCommerce: status `completed` with Shipment Tracking meta and an order ' +
      'note (whole orders only); Magento: a shipment with a track; Amazon: confirmShipment.',
  ),
  security: BEARER,
  request: {
    params: OrderParams,
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: CreateFulfillmentBody } }, required: true },
  },
  responses: { 201: json(Order, 'The order with its new shipment'), ...AUTHED_ERRORS, ...WRITE_ERRORS },
});

export const addOrderNoteRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{storeId}/orders/{orderId}/notes',
  tags,
  summary: 'Add a note to an order',
  description: description(
    'Shopify: appended to the order note; WooCommerce: an order note; Magento: a status-history comment; ' +
      'Amazon has no order notes (422 `unsupported_by_platform`).',
  ),
  security: BEARER,
  request: {
    params: OrderParams,
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: AddOrderNoteBody } }, required: true },
  },
  responses: { 201: json(Order, 'The order after the note'), ...AUTHED_ERRORS, ...WRITE_ERRORS },
});

export const addOrderTagsRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{storeId}/orders/{orderId}/tags',
  tags,
  summary: 'Tag an order',
  description: description('Shopify only: WooCommerce, Magento and Amazon orders have no tags (422).'),
  security: BEARER,
  request: {
    params: OrderParams,
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: AddOrderTagsBody } }, required: true },
  },
  responses: { 200: json(Order, 'The order with its tags'), ...AUTHED_ERRORS, ...WRITE_ERRORS },
});

export const updateOrderRoute = createRoute({
  method: 'patch',
  path: '/v1/stores/{storeId}/orders/{orderId}',
  tags,
  summary: 'Change an order’s status',
  description: description(
    'Shopify: orderCancel / orderClose / orderOpen; WooCommerce: `cancelled` / `completed` / `processing`; ' +
      'Magento: cancel only; Amazon: none through the Orders API.',
  ),
  security: BEARER,
  request: {
    params: OrderParams,
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: UpdateOrderBody } }, required: true },
  },
  responses: { 200: json(Order, 'The order in its new status'), ...AUTHED_ERRORS, ...WRITE_ERRORS },
});
