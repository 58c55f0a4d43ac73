import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { Clock } from '../store/clock';
import type { SandboxStore } from '../store/sandbox-store';
import type { Cart, Customer, Order, Product } from '../store/types';
import { shopifyId, storeIdOf } from './gid';
import { jsonFloat, toJsonText } from './json-text';
import { LeakyBucket } from './leaky-bucket';
import { renderRestProduct } from './rest-catalog';
import { renderRestCheckout } from './rest-checkout';
import type { RestRenderContext } from './rest-context';
import { renderRestCustomer } from './rest-customer';
import { renderRestOrder } from './rest-order';

/** REST list page size cap and default. */
const MAX_LIMIT = 250;
const DEFAULT_LIMIT = 50;

type Filters = Record<string, string>;

interface RestResource<R> {
  /** Plural key of the list body and path segment (`orders`). */
  plural: string;
  /** Singular key of the single-record body (`order`). */
  singular: string;
  kind: 'Order' | 'Product' | 'Customer' | 'AbandonedCheckout';
  list: (store: SandboxStore) => R[];
  get: (store: SandboxStore, id: number) => R | undefined;
  storeId: (record: R) => number;
  filter: (record: R, filters: Filters) => boolean;
  render: (context: RestRenderContext, record: R) => Record<string, unknown>;
}

function within(iso: string, filters: Filters, field: string): boolean {
  const time = Date.parse(iso);
  const min = filters[`${field}_min`];
  const max = filters[`${field}_max`];
  if (min && time < Date.parse(min)) return false;
  if (max && time > Date.parse(max)) return false;
  return true;
}

const ORDER_STATUS: Record<string, (order: Order) => boolean> = {
  any: () => true,
  open: (order) => order.closedAt === null && order.cancelledAt === null,
  closed: (order) => order.closedAt !== null,
  cancelled: (order) => order.cancelledAt !== null,
};

const orders: RestResource<Order> = {
  plural: 'orders',
  singular: 'order',
  kind: 'Order',
  list: (store) => store.listOrders(),
  get: (store, id) => store.getOrder(id),
  storeId: (order) => order.id,
  filter: (order, filters) => {
    if (!(ORDER_STATUS[filters.status ?? 'open'] ?? ORDER_STATUS.open)?.(order)) return false;
    const financial = filters.financial_status;
    if (financial && financial !== 'any' && order.financialState !== financial) return false;
    const fulfillment = filters.fulfillment_status;
    if (fulfillment && fulfillment !== 'any') {
      const wanted: Record<string, Order['fulfillmentState'][]> = {
        shipped: ['fulfilled'],
        partial: ['partially_fulfilled'],
        unshipped: ['unfulfilled'],
        unfulfilled: ['unfulfilled', 'partially_fulfilled'],
      };
      if (!(wanted[fulfillment] ?? []).includes(order.fulfillmentState)) return false;
    }
    return (
      within(order.createdAt, filters, 'created_at') &&
      within(order.updatedAt, filters, 'updated_at') &&
      within(order.processedAt, filters, 'processed_at')
    );
  },
  render: renderRestOrder,
};

const products: RestResource<Product> = {
  plural: 'products',
  singular: 'product',
  kind: 'Product',
  list: (store) => store.listProducts(),
  get: (store, id) => store.getProduct(id),
  storeId: (product) => product.id,
  filter: (product, filters) =>
    (!filters.status || filters.status.split(',').includes(product.status)) &&
    (!filters.vendor || filters.vendor === product.vendor) &&
    (!filters.handle || filters.handle.split(',').includes(product.handle)) &&
    within(product.createdAt, filters, 'created_at') &&
    within(product.updatedAt, filters, 'updated_at'),
  render: renderRestProduct,
};

const customers: RestResource<Customer> = {
  plural: 'customers',
  singular: 'customer',
  kind: 'Customer',
  list: (store) => store.listCustomers(),
  get: (store, id) => store.getCustomer(id),
  storeId: (customer) => customer.id,
  filter: (customer, filters) =>
    within(customer.createdAt, filters, 'created_at') && within(customer.updatedAt, filters, 'updated_at'),
  render: (context, customer) => renderRestCustomer(context, customer),
};

const checkouts: RestResource<Cart> = {
  plural: 'checkouts',
  singular: 'checkout',
  kind: 'AbandonedCheckout',
  list: (store) => store.listCarts().filter((cart) => cart.abandonedAt !== null),
  get: (store, id) => {
    const cart = store.getCart(id);
    return cart?.abandonedAt ? cart : undefined;
  },
  storeId: (cart) => cart.id,
  filter: (cart, filters) =>
    (!filters.status ||
      filters.status === 'any' ||
      (filters.status === 'open') === (cart.completedAt === null)) &&
    within(cart.createdAt, filters, 'created_at') &&
    within(cart.updatedAt, filters, 'updated_at'),
  render: renderRestCheckout,
};

/** `page_info`: opaque to clients; carries the filters of the first page and where to continue. */
const PageInfo = z.object({
  filters: z.record(z.string(), z.string()),
  direction: z.enum(['next', 'prev']),
  lastId: z.string().regex(/^\d+$/),
});
type PageInfo = z.infer<typeof PageInfo>;

function encodePageInfo(info: PageInfo): string {
  return Buffer.from(JSON.stringify(info)).toString('base64url');
}

function decodePageInfo(text: string): PageInfo | undefined {
  try {
    const parsed = PageInfo.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const LIST_PARAMS_WITH_PAGE_INFO = new Set(['page_info', 'limit', 'fields']);

function jsonBody(
  c: Context,
  body: unknown,
  status: 200 | 400 | 404 | 429 = 200,
  headers: Record<string, string> = {},
) {
  return c.body(toJsonText(body), status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

function pick(record: Record<string, unknown>, fields: string | undefined): Record<string, unknown> {
  if (!fields) return record;
  const wanted = fields.split(',').map((field) => field.trim());
  return Object.fromEntries(Object.entries(record).filter(([key]) => wanted.includes(key)));
}

function registerResource<R>(
  app: Hono,
  resource: RestResource<R>,
  context: RestRenderContext,
  limiter: MiddlewareHandler,
): void {
  app.use(`/admin/api/:version/${resource.plural}.json`, limiter);
  app.use(`/admin/api/:version/${resource.plural}/:id`, limiter);
  app.get(`/admin/api/:version/${resource.plural}.json`, (c) => {
    const url = new URL(c.req.url);
    const params = Object.fromEntries(url.searchParams.entries());
    const limit = params.limit === undefined ? DEFAULT_LIMIT : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return jsonBody(c, { errors: { limit: [`must be between 1 and ${MAX_LIMIT}`] } }, 400);
    }
    let pageInfo: PageInfo | undefined;
    let filters: Filters;
    if (params.page_info !== undefined) {
      pageInfo = decodePageInfo(params.page_info);
      if (!pageInfo) return jsonBody(c, { errors: { page_info: ['Invalid value.'] } }, 400);
      const extra = Object.keys(params).filter((key) => !LIST_PARAMS_WITH_PAGE_INFO.has(key));
      if (extra.length > 0) {
        return jsonBody(c, { errors: { page_info: [`Cannot be combined with ${extra.join(', ')}.`] } }, 400);
      }
      filters = pageInfo.filters;
    } else {
      filters = Object.fromEntries(
        Object.entries(params).filter(([key]) => !LIST_PARAMS_WITH_PAGE_INFO.has(key)),
      );
    }
    const ids = filters.ids?.split(',').map((id) => id.trim());
    const sinceId = filters.since_id ? BigInt(filters.since_id) : undefined;
    const all = resource.list(context.store).filter((record) => {
      const id = shopifyId(resource.kind, resource.storeId(record));
      if (ids && !ids.includes(String(id))) return false;
      if (sinceId !== undefined && id <= sinceId) return false;
      return resource.filter(record, filters);
    });
    let window: R[];
    if (!pageInfo) {
      window = all.slice(0, limit);
    } else if (pageInfo.direction === 'next') {
      const after = BigInt(pageInfo.lastId);
      window = all
        .filter((record) => shopifyId(resource.kind, resource.storeId(record)) > after)
        .slice(0, limit);
    } else {
      const before = BigInt(pageInfo.lastId);
      window = all
        .filter((record) => shopifyId(resource.kind, resource.storeId(record)) < before)
        .slice(-limit);
    }
    const first = window[0];
    const last = window.at(-1);
    const links: string[] = [];
    const base = `${url.origin}${url.pathname}`;
    const link = (info: PageInfo, rel: string) =>
      `<${base}?limit=${limit}${params.fields ? `&fields=${encodeURIComponent(params.fields)}` : ''}&page_info=${encodePageInfo(info)}>; rel="${rel}"`;
    if (first && all[0] !== first) {
      links.push(
        link(
          { filters, direction: 'prev', lastId: String(shopifyId(resource.kind, resource.storeId(first))) },
          'previous',
        ),
      );
    }
    if (last && all.at(-1) !== last) {
      links.push(
        link(
          { filters, direction: 'next', lastId: String(shopifyId(resource.kind, resource.storeId(last))) },
          'next',
        ),
      );
    }
    const body = {
      [resource.plural]: window.map((record) => pick(resource.render(context, record), params.fields)),
    };
    return jsonBody(c, body, 200, links.length > 0 ? { Link: links.join(', ') } : {});
  });

  app.get(`/admin/api/:version/${resource.plural}/:id{[0-9]+}.json`, (c) => {
    const id = storeIdOf(resource.kind, BigInt(c.req.param('id')));
    const record = id === undefined ? undefined : resource.get(context.store, id);
    if (!record) return jsonBody(c, { errors: 'Not Found' }, 404);
    return jsonBody(c, {
      [resource.singular]: pick(resource.render(context, record), c.req.query('fields')),
    });
  });
}

/**
 * The legacy REST Admin API subset: `orders`, `products`, `customers` and abandoned `checkouts`,
 * list and single, with cursor paging through `Link` headers, the request-count bucket reported in
 * `X-Shopify-Shop-Api-Call-Limit`, and 429 + `Retry-After` when it overflows.
 */
export function registerRestRoutes(
  app: Hono,
  options: {
    store: SandboxStore;
    shopDomain: string;
    clock: Clock;
    restPlan: { bucketSize: number; leakRate: number };
  },
): void {
  const bucket = new LeakyBucket({
    maximumAvailable: options.restPlan.bucketSize,
    restoreRate: options.restPlan.leakRate,
    clock: options.clock,
  });
  const callLimit = () =>
    `${options.restPlan.bucketSize - bucket.status().currentlyAvailable}/${options.restPlan.bucketSize}`;
  const limiter: MiddlewareHandler = async (c, next) => {
    if (!bucket.take(1).ok) {
      const rate = toJsonText(jsonFloat(options.restPlan.leakRate)).replace(/\.0$/, '');
      const body = {
        errors: `Exceeded ${rate} calls per second for api client. Reduce request rates to resume uninterrupted service.`,
      };
      // Shopify always asks for two seconds, whatever the plan's leak rate.
      return jsonBody(c, body, 429, { 'Retry-After': '2.0', 'X-Shopify-Shop-Api-Call-Limit': callLimit() });
    }
    await next();
    c.header('X-Shopify-Shop-Api-Call-Limit', callLimit());
  };
  const context: RestRenderContext = { store: options.store, shopDomain: options.shopDomain };
  registerResource(app, orders, context, limiter);
  registerResource(app, products, context, limiter);
  registerResource(app, customers, context, limiter);
  registerResource(app, checkouts, context, limiter);
}
