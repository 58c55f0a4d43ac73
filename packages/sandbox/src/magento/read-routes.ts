import type { Context, Hono } from 'hono';
import { ENTITY_NOT_FOUND, invalidInput, noSuchEntity, PRODUCT_NOT_FOUND } from './error-bodies';
import type { MagentoViews } from './magento-views';
import type { MagentoRecord } from './render-catalog';
import { applyFieldSelection, parseFieldSelection } from './response-fields';
import { type FieldAliases, parseSearchCriteria, SearchCriteriaError, search } from './search-criteria';

export interface ReadRouteContext {
  views: MagentoViews;
  lastPageRepeat: boolean;
  /** Base (shop) currency, answered by `GET /V1/directory/currency`. */
  currency: string;
}

function respond(c: Context, body: unknown) {
  return c.json(applyFieldSelection(body, parseFieldSelection(c.req.query('fields'))) as object);
}

/** Resources whose JSON `id` is the `entity_id` column searchCriteria filters and sorts on. */
const ID_ALIASES: FieldAliases = { entity_id: 'id' };

function searchResponse(
  c: Context,
  rows: MagentoRecord[],
  context: ReadRouteContext,
  aliases: FieldAliases = {},
) {
  try {
    const criteria = parseSearchCriteria(new URL(c.req.url).searchParams);
    return respond(c, search(rows, criteria, { lastPageRepeat: context.lastPageRepeat, aliases }));
  } catch (error) {
    if (error instanceof SearchCriteriaError)
      return c.json(invalidInput(error.template, error.parameters), 400);
    throw error;
  }
}

function findBy(rows: MagentoRecord[], field: string, value: string): MagentoRecord | undefined {
  return rows.find((row) => String(row[field]) === value);
}

/** Registers the GET endpoints of `/V1` on a router mounted under `/rest[/{store}]/V1`. */
export function registerReadRoutes(v1: Hono, context: ReadRouteContext): void {
  const { views } = context;
  v1.get('/directory/currency', (c) =>
    respond(c, {
      base_currency_code: context.currency,
      base_currency_symbol: '',
      default_display_currency_code: context.currency,
      default_display_currency_symbol: '',
      available_currency_codes: [context.currency],
      exchange_rates: [{ currency_to: context.currency, rate: 1 }],
    }),
  );
  v1.get('/products', (c) => searchResponse(c, views.products(), context, ID_ALIASES));
  v1.get('/products/:sku', (c) => {
    const product = findBy(views.products(), 'sku', c.req.param('sku'));
    return product ? respond(c, product) : c.json(PRODUCT_NOT_FOUND, 404);
  });
  v1.get('/stockItems/:sku', (c) => {
    const product = findBy(views.products(), 'sku', c.req.param('sku'));
    const stockItem = (product?.extension_attributes as { stock_item?: unknown } | undefined)?.stock_item;
    return stockItem ? respond(c, stockItem) : c.json(PRODUCT_NOT_FOUND, 404);
  });
  v1.get('/customers/search', (c) => searchResponse(c, views.customers(), context, ID_ALIASES));
  v1.get('/customers/:id', (c) => {
    const customer = findBy(views.customers(), 'id', c.req.param('id'));
    return customer ? respond(c, customer) : c.json(noSuchEntity('customerId', c.req.param('id')), 404);
  });
  v1.get('/orders', (c) => searchResponse(c, views.orders(), context));
  v1.get('/orders/items', (c) => searchResponse(c, views.orderItems(), context));
  v1.get('/orders/:id', (c) => {
    const order = findBy(views.orders(), 'entity_id', c.req.param('id'));
    return order ? respond(c, order) : c.json(ENTITY_NOT_FOUND, 404);
  });
  v1.get('/creditmemos', (c) => searchResponse(c, views.creditMemos(), context));
  v1.get('/creditmemo/:id', (c) => {
    const memo = findBy(views.creditMemos(), 'entity_id', c.req.param('id'));
    return memo ? respond(c, memo) : c.json(ENTITY_NOT_FOUND, 404);
  });
  v1.get('/shipments', (c) => searchResponse(c, views.shipments(), context));
  v1.get('/shipment/:id', (c) => {
    const shipment = findBy(views.shipments(), 'entity_id', c.req.param('id'));
    return shipment ? respond(c, shipment) : c.json(ENTITY_NOT_FOUND, 404);
  });
  v1.get('/carts/search', (c) => searchResponse(c, views.carts(), context, ID_ALIASES));
  v1.get('/carts/:id', (c) => {
    const cart = findBy(views.carts(), 'id', c.req.param('id'));
    return cart ? respond(c, cart) : c.json(noSuchEntity('cartId', c.req.param('id')), 404);
  });
  v1.get('/inventory/sources', (c) => searchResponse(c, views.sources(), context));
  v1.get('/inventory/source-items', (c) => searchResponse(c, views.sourceItems(), context));
}
