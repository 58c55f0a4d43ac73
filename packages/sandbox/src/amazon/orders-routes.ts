import type { Context, Hono } from 'hono';
import { sandboxOrderId } from './amazon-ids';
import type { RestrictedResource } from './credentials';
import { type AmazonContext, type AmazonVariables, amazonJson, operation } from './emulator-context';
import { invalidInput, notFound } from './error-bodies';
import type { OrderView } from './order-view';
import { amazonTime } from './order-view';
import { byKey, decodePageToken, encodePageToken, filtersHash, type PageKey, pageAfter } from './page-token';
import { intParam, listParam, ParamError, singleParam, type TimeWindow, timeWindow } from './query-params';
import {
  buyerInfoV0,
  INCLUDED_DATA,
  type IncludedData,
  renderOrder2026,
  renderOrderItemV0,
  renderOrderV0,
  shippingAddressOf,
} from './render-order';

type App = Hono<{ Variables: AmazonVariables }>;
type AppContext = Context<{ Variables: AmazonVariables }>;

const PAGINATION_TOKEN_LIFETIME_MS = 24 * 3600 * 1000;
/** Orders older than two years are not returned (JP/AU/SG keep more; the sandbox serves US). */
const ORDER_HISTORY_MS = 2 * 365 * 24 * 3600 * 1000;
const orderKey = (view: OrderView): PageKey => ({ at: view.updatedMs, id: view.amazonOrderId });
const createdKey = (view: OrderView): PageKey => ({ at: view.createdMs, id: view.amazonOrderId });

function inWindow(view: OrderView, window: TimeWindow): boolean {
  const at = window.field === 'created' ? view.createdMs : view.updatedMs;
  return at >= window.after && (window.before === null || at <= window.before);
}

/** Buyer PII an RDT grants: its `dataElements`, or everything for a single-order resource. */
function rdtPii(rdt: RestrictedResource | null): { buyer: boolean; address: boolean } {
  if (!rdt) return { buyer: false, address: false };
  const elements = rdt.dataElements;
  if (!elements || elements.length === 0) {
    const single = rdt.path !== '/orders/v0/orders';
    return { buyer: single, address: single };
  }
  return { buyer: elements.includes('buyerInfo'), address: elements.includes('shippingAddress') };
}

function pagedOrders(
  context: AmazonContext,
  input: { window: TimeWindow; filters: Record<string, unknown>; token: string | undefined; limit: number },
  extra: (view: OrderView) => boolean,
): { items: OrderView[]; nextToken: string | null } | { error: string } {
  const now = context.now();
  const hash = filtersHash(input.filters);
  let after: PageKey | null = null;
  if (input.token !== undefined) {
    const decoded = decodePageToken(input.token, hash, now, PAGINATION_TOKEN_LIFETIME_MS);
    if (!decoded.ok) return { error: decoded.reason };
    after = decoded.key;
  }
  const keyOf = input.window.field === 'created' ? createdKey : orderKey;
  const matching = context
    .orderViews()
    .filter((view) => view.createdMs >= now - ORDER_HISTORY_MS && inWindow(view, input.window) && extra(view))
    .sort(byKey(keyOf));
  const page = pageAfter(matching, keyOf, after, input.limit);
  return { items: page.items, nextToken: page.last ? encodePageToken(page.last, hash, now) : null };
}

function findOrder(context: AmazonContext, orderId: string): OrderView | undefined {
  const id = sandboxOrderId(orderId);
  if (id === null) return undefined;
  return context.orderViews().find((view) => view.order.id === id);
}

function badRequest(c: AppContext, error: unknown) {
  if (error instanceof ParamError) return amazonJson(c, invalidInput(error.message), 400);
  throw error;
}

function includedDataOf(c: AppContext): Set<IncludedData> {
  const values = listParam(c, 'includedData');
  const unknown = values.find((value) => !(INCLUDED_DATA as readonly string[]).includes(value));
  if (unknown !== undefined) throw new ParamError(`Invalid includedData value: ${unknown}.`);
  return new Set(values as IncludedData[]);
}

/** Orders API v2026-01-01: searchOrders and getOrder. PII needs the app's restricted role. */
export function registerOrders2026(app: App, context: AmazonContext): void {
  const { marketplaceId, rdtAllowed } = context.options;
  const render = { marketplaceId, pii: { buyer: rdtAllowed, address: rdtAllowed } };

  app.get('/orders/2026-01-01/orders', operation(context, 'searchOrders'), (c) => {
    try {
      const window = timeWindow(
        c,
        {
          createdAfter: 'createdAfter',
          createdBefore: 'createdBefore',
          lastUpdatedAfter: 'lastUpdatedAfter',
          lastUpdatedBefore: 'lastUpdatedBefore',
        },
        context.now(),
      );
      const limit = intParam(c, 'maxResultsPerPage', 1, 100, 100);
      const included = includedDataOf(c);
      const statuses = listParam(c, 'fulfillmentStatuses');
      const marketplaces = listParam(c, 'marketplaceIds');
      const fulfilledBy = listParam(c, 'fulfilledBy');
      if (marketplaces.length > 50) throw new ParamError('marketplaceIds accepts at most 50 values.');
      if (marketplaces.length > 0 && !marketplaces.includes(marketplaceId)) {
        return amazonJson(c, { orders: [] });
      }
      const result = pagedOrders(
        context,
        {
          window,
          filters: { window, statuses, marketplaces, fulfilledBy },
          token: singleParam(c, 'paginationToken'),
          limit,
        },
        (view) =>
          (statuses.length === 0 || statuses.includes(view.fulfillmentStatus)) &&
          (fulfilledBy.length === 0 || fulfilledBy.includes(view.channel === 'AFN' ? 'AMAZON' : 'MERCHANT')),
      );
      if ('error' in result) return amazonJson(c, invalidInput(result.error), 400);
      const boundName = window.field === 'created' ? 'createdBefore' : 'lastUpdatedBefore';
      return amazonJson(c, {
        orders: result.items.map((view) => renderOrder2026(view, included, render)),
        ...(result.nextToken ? { pagination: { nextToken: result.nextToken } } : {}),
        [boundName]: amazonTime(window.before ?? context.now()),
      });
    } catch (error) {
      return badRequest(c, error);
    }
  });

  app.get('/orders/2026-01-01/orders/:orderId', operation(context, 'getOrder'), (c) => {
    try {
      const included = includedDataOf(c);
      const view = findOrder(context, c.req.param('orderId'));
      if (!view) return amazonJson(c, notFound(`Order ${c.req.param('orderId')} not found.`), 404);
      return amazonJson(c, { order: renderOrder2026(view, included, render) });
    } catch (error) {
      return badRequest(c, error);
    }
  });
}

/** Orders API v0 (deprecated, live until 2027-03-27). PII only through a Restricted Data Token. */
export function registerOrdersV0(app: App, context: AmazonContext): void {
  const { marketplaceId } = context.options;

  app.get('/orders/v0/orders', operation(context, 'getOrders'), (c) => {
    try {
      const marketplaces = listParam(c, 'MarketplaceIds');
      if (marketplaces.length === 0) throw new ParamError('MarketplaceIds is required.');
      if (marketplaces.length > 50) throw new ParamError('MarketplaceIds accepts at most 50 values.');
      const window = timeWindow(
        c,
        {
          createdAfter: 'CreatedAfter',
          createdBefore: 'CreatedBefore',
          lastUpdatedAfter: 'LastUpdatedAfter',
          lastUpdatedBefore: 'LastUpdatedBefore',
        },
        context.now(),
      );
      const limit = intParam(c, 'MaxResultsPerPage', 1, 100, 100);
      const statuses = listParam(c, 'OrderStatuses');
      const channels = listParam(c, 'FulfillmentChannels');
      const result = pagedOrders(
        context,
        {
          window,
          filters: { window, marketplaces, statuses, channels },
          token: singleParam(c, 'NextToken'),
          limit,
        },
        (view) =>
          marketplaces.includes(marketplaceId) &&
          (statuses.length === 0 || statuses.includes(view.v0Status)) &&
          (channels.length === 0 || channels.includes(view.channel)),
      );
      if ('error' in result) return amazonJson(c, invalidInput(result.error), 400);
      const render = { marketplaceId, pii: rdtPii(c.get('caller').rdt) };
      const boundName = window.field === 'created' ? 'CreatedBefore' : 'LastUpdatedBefore';
      return amazonJson(c, {
        payload: {
          Orders: result.items.map((view) => renderOrderV0(view, render)),
          ...(result.nextToken ? { NextToken: result.nextToken } : {}),
          [boundName]: amazonTime(window.before ?? context.now()),
        },
      });
    } catch (error) {
      return badRequest(c, error);
    }
  });

  const withOrder = (c: AppContext, respond: (view: OrderView) => Response | Promise<Response>) => {
    const view = findOrder(context, c.req.param('orderId') ?? '');
    if (!view) return amazonJson(c, notFound(`Order ${c.req.param('orderId')} not found.`), 404);
    return respond(view);
  };

  app.get('/orders/v0/orders/:orderId', operation(context, 'getOrderV0'), (c) =>
    withOrder(c, (view) =>
      amazonJson(c, { payload: renderOrderV0(view, { marketplaceId, pii: rdtPii(c.get('caller').rdt) }) }),
    ),
  );

  app.get('/orders/v0/orders/:orderId/orderItems', operation(context, 'getOrderItems'), (c) =>
    withOrder(c, (view) => {
      const size = context.options.orderItemsPageSize;
      const token = singleParam(c, 'NextToken');
      const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
      if (!Number.isInteger(start) || start < 0 || start > view.items.length) {
        return amazonJson(c, invalidInput('Invalid NextToken.'), 400);
      }
      const items = view.items.slice(start, start + size);
      const more = start + size < view.items.length;
      return amazonJson(c, {
        payload: {
          AmazonOrderId: view.amazonOrderId,
          OrderItems: items.map((item) => renderOrderItemV0(item, view)),
          ...(more ? { NextToken: Buffer.from(String(start + size), 'utf8').toString('base64url') } : {}),
        },
      });
    }),
  );

  app.get('/orders/v0/orders/:orderId/buyerInfo', operation(context, 'getOrderBuyerInfo'), (c) =>
    withOrder(c, (view) =>
      amazonJson(c, {
        payload: {
          AmazonOrderId: view.amazonOrderId,
          ...(rdtPii(c.get('caller').rdt).buyer ? buyerInfoV0(view) : {}),
        },
      }),
    ),
  );

  app.get('/orders/v0/orders/:orderId/address', operation(context, 'getOrderAddress'), (c) =>
    withOrder(c, (view) => {
      const address = shippingAddressOf(view, rdtPii(c.get('caller').rdt).address);
      return amazonJson(c, {
        payload: { AmazonOrderId: view.amazonOrderId, ...(address ? { ShippingAddress: address } : {}) },
      });
    }),
  );
}
