import { InventoryLevel } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../shared/idempotency';
import { AUTHED_ERRORS, BEARER, json, problem, StoreIdParam } from '../shared/responses';

export const SetInventoryLevelBody = z
  .object({
    variantId: z.string().min(1).openapi({ description: 'The variant (`var_…`).' }),
    locationId: z.string().min(1).openapi({ description: 'The location (`loc_…`).' }),
    available: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .openapi({ description: 'The new quantity available to sell at that location.' }),
  })
  .openapi('SetInventoryLevel');

export const setInventoryLevelRoute = createRoute({
  method: 'put',
  path: '/v1/stores/{storeId}/inventory-levels',
  tags: ['Inventory'],
  summary: 'Set a stock level',
  description:
    'Sets how many units of a variant are available at a location, on the platform: Shopify ' +
    'inventorySetQuantities, WooCommerce stock_quantity (one stock pool, location `default`), Magento ' +
    'source items, Amazon listings `fulfillment_availability` (merchant-fulfilled stock only; FBA stock is ' +
    'Amazon’s, 422 `unsupported_by_platform`). The level (and its product) is then read back and stored, so ' +
    'reads and the event log reflect it at once. Send an `Idempotency-Key` to retry safely.',
  security: BEARER,
  request: {
    params: StoreIdParam,
    headers: z.object({
      'idempotency-key': z.string().min(1).max(255).optional().openapi(IDEMPOTENCY_KEY_HEADER_DOC),
    }),
    body: { content: { 'application/json': { schema: SetInventoryLevelBody } }, required: true },
  },
  responses: {
    200: json(InventoryLevel, 'The stock level as the platform now has it'),
    ...AUTHED_ERRORS,
    404: problem('No such store, variant or location for this tenant'),
    409: problem('The store is disconnected, or a request with this Idempotency-Key is in progress'),
    422: problem(
      'The platform has no such write for this stock (`unsupported_by_platform`), refused it ' +
        '(`platform_rejected`), or the Idempotency-Key was used for another request',
    ),
    502: problem('The platform did not answer'),
  },
});
