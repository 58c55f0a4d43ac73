import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { fulfilledQuantities } from '../store/orders';
import { type AmazonContext, type AmazonVariables, amazonJson, operation } from './emulator-context';
import { invalidInput, notFound } from './error-bodies';
import type { OrderView } from './order-view';
import { afnLocationId, listingViews } from './render-catalog';

type App = Hono<{ Variables: AmazonVariables }>;

/** `ConfirmShipmentRequest` (Orders API v0). */
const ConfirmShipmentRequest = z.object({
  marketplaceId: z.string().min(1),
  codCollectionMethod: z.literal('DirectPayment').optional(),
  packageDetail: z
    .object({
      packageReferenceId: z.string().regex(/^[1-9]\d*$/, 'packageReferenceId must be a positive number'),
      carrierCode: z.string().min(1),
      carrierName: z.string().min(1).optional(),
      shippingMethod: z.string().optional(),
      trackingNumber: z.string().min(1),
      shipDate: z.iso.datetime({ offset: true }),
      shipFromSupplySourceId: z.string().optional(),
      orderItems: z.array(z.object({ orderItemId: z.string().min(1), quantity: z.int().positive() })).min(1),
    })
    .refine((detail) => detail.carrierCode !== 'Other' || detail.carrierName !== undefined, {
      message: 'carrierName is required when carrierCode is Other',
      path: ['carrierName'],
    }),
});

/** `ListingsItemPatchRequest` (Listings Items 2021-08-01). */
const ListingsItemPatchRequest = z.object({
  productType: z.string().min(1),
  patches: z
    .array(
      z.object({
        op: z.enum(['add', 'replace', 'merge', 'delete']),
        path: z.string().startsWith('/attributes/'),
        value: z.array(z.unknown()).optional(),
      }),
    )
    .min(1),
});

const FulfillmentAvailability = z.array(
  z.looseObject({ fulfillment_channel_code: z.string(), quantity: z.int().nonnegative().optional() }),
);

async function jsonBody(c: Context): Promise<unknown> {
  return c.req.json().catch(() => undefined);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`;
}

/** Units of each order line a confirmation ships: an order item stands for every line of its SKU. */
function linesShipped(view: OrderView, items: { orderItemId: string; quantity: number }[]) {
  const shipped = fulfilledQuantities(view.order);
  const lines: { lineId: number; quantity: number }[] = [];
  for (const requested of items) {
    const item = view.items.find((candidate) => candidate.orderItemId === requested.orderItemId);
    if (!item) return { error: `Invalid orderItemId: ${requested.orderItemId}.` };
    let left = requested.quantity;
    for (const line of view.order.lines.filter((candidate) => candidate.sku === item.sku)) {
      const open = line.quantity - (shipped.get(line.id) ?? 0);
      const take = Math.min(open, left);
      if (take > 0) lines.push({ lineId: line.id, quantity: take });
      left -= take;
    }
    if (left > 0)
      return { error: `Quantity for orderItemId ${requested.orderItemId} exceeds what is left to ship.` };
  }
  return { lines };
}

/**
 * The seller writes the gateway passes through: confirmShipment for merchant-fulfilled orders and
 * patchListingsItem for a listing's merchant-fulfilled `fulfillment_availability`. Both change the
 * sandbox store at once (Amazon applies listing patches asynchronously, usually within minutes).
 */
export function registerWrites(app: App, context: AmazonContext): void {
  const { marketplaceId, sellerId, store } = context.options;

  app.post(
    '/orders/v0/orders/:orderId/shipmentConfirmation',
    operation(context, 'confirmShipment'),
    async (c) => {
      const parsed = ConfirmShipmentRequest.safeParse(await jsonBody(c));
      if (!parsed.success) return amazonJson(c, invalidInput(firstIssue(parsed.error)), 400);
      const request = parsed.data;
      if (request.marketplaceId !== marketplaceId) {
        return amazonJson(c, invalidInput(`Invalid marketplaceId: ${request.marketplaceId}.`), 400);
      }
      const orderId = c.req.param('orderId');
      const view = context.orderViews().find((candidate) => candidate.amazonOrderId === orderId);
      if (!view) return amazonJson(c, notFound(`Order ${orderId} not found.`), 404);
      if (view.channel === 'AFN') {
        return amazonJson(
          c,
          invalidInput('Orders fulfilled by Amazon cannot be confirmed by the seller.'),
          400,
        );
      }
      if (view.v0Status !== 'Unshipped' && view.v0Status !== 'PartiallyShipped') {
        return amazonJson(
          c,
          invalidInput(`Order ${orderId} is ${view.v0Status} and cannot be shipped.`),
          400,
        );
      }
      const detail = request.packageDetail;
      const shipped = linesShipped(view, detail.orderItems);
      if ('error' in shipped)
        return amazonJson(c, invalidInput(shipped.error ?? 'Invalid order items.'), 400);
      store.fulfillOrder(view.order.id, {
        lines: shipped.lines,
        carrier: detail.carrierCode === 'Other' ? (detail.carrierName ?? null) : detail.carrierCode,
        trackingNumber: detail.trackingNumber,
      });
      return c.body(null, 204);
    },
  );

  app.patch(
    '/listings/2021-08-01/items/:sellerId/:sku',
    operation(context, 'patchListingsItem'),
    async (c) => {
      const sku = c.req.param('sku');
      const marketplaces = (c.req.query('marketplaceIds') ?? '').split(',').filter(Boolean);
      if (marketplaces.length === 0) return amazonJson(c, invalidInput('marketplaceIds is required.'), 400);
      const view = listingViews(store).find((candidate) => candidate.sku === sku);
      if (c.req.param('sellerId') !== sellerId || !view || !marketplaces.includes(marketplaceId)) {
        return amazonJson(
          c,
          notFound(`SKU '${sku}' not found in marketplace ${marketplaces.join(',')}`),
          404,
        );
      }
      const parsed = ListingsItemPatchRequest.safeParse(await jsonBody(c));
      if (!parsed.success) return amazonJson(c, invalidInput(firstIssue(parsed.error)), 400);
      const submissionId = crypto.randomUUID().replaceAll('-', '');
      const issues: { code: string; message: string; severity: 'ERROR'; attributeNames: string[] }[] = [];
      for (const patch of parsed.data.patches) {
        if (patch.path !== '/attributes/fulfillment_availability') continue;
        const entries = FulfillmentAvailability.safeParse(patch.value ?? []);
        const merchant = entries.success
          ? entries.data.find((entry) => entry.fulfillment_channel_code === 'DEFAULT')
          : undefined;
        if (!merchant || merchant.quantity === undefined) {
          issues.push({
            code: '90220',
            message: "'fulfillment_availability' needs a DEFAULT entry with a quantity.",
            severity: 'ERROR',
            attributeNames: ['fulfillment_availability'],
          });
          continue;
        }
        // Merchant stock is the sum over the seller's own locations: the patch lands on the first one.
        const afn = afnLocationId(store);
        const own = store.listLocations().filter((location) => location.id !== afn);
        own.forEach((location, index) => {
          store.setInventory(view.variant.id, location.id, index === 0 ? (merchant.quantity ?? 0) : 0);
        });
      }
      return amazonJson(c, {
        sku,
        status: issues.length === 0 ? 'ACCEPTED' : 'INVALID',
        submissionId,
        issues,
      });
    },
  );
}
