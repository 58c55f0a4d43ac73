import type { Cart, Customer, LineItem, Money, Order, Product, Variant } from '@cartwire/model';
import type { StoredEvent, StoreRecord } from '@cartwire/storage';
import SchemaBuilder from '@pothos/core';
import type { GraphqlContext } from './context';

const builder = new SchemaBuilder<{
  Context: GraphqlContext;
  Scalars: { DateTime: { Input: string; Output: string }; JSON: { Input: unknown; Output: unknown } };
}>({});

builder.scalarType('DateTime', {
  description: 'ISO-8601 UTC timestamp.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
      throw new TypeError('expected an ISO-8601 time');
    return value;
  },
});
builder.scalarType('JSON', { description: 'Any JSON value.', serialize: (value) => value });

const MoneyType = builder.objectRef<Money>('Money').implement({
  description: 'A decimal amount in an ISO-4217 currency.',
  fields: (t) => ({ amount: t.exposeString('amount'), currency: t.exposeString('currency') }),
});

const PageInfo = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
  fields: (t) => ({
    hasNextPage: t.exposeBoolean('hasNextPage'),
    endCursor: t.exposeString('endCursor', { nullable: true }),
  }),
});

/** One list page as connections see it: the nodes and the cursor after them (null on the last page). */
interface Page<T> {
  readonly nodes: T[];
  readonly nextCursor: string | null;
}

/** Keyset pages resume after the page, so only the last edge carries a cursor to continue from. */
function edges<T>(page: Page<T>): { node: T; cursor: string | null }[] {
  return page.nodes.map((node, index) => ({
    node,
    cursor: index === page.nodes.length - 1 ? page.nextCursor : null,
  }));
}

function pageInfo(page: Page<unknown>) {
  return { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor };
}

/** `first` as the REST `limit`: 1 to 250. */
function pageSize(first: number | null | undefined): number {
  return Math.min(Math.max(first ?? 50, 1), 250);
}

interface ListArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  storeId?: string | number | null | undefined;
  status?: string | null | undefined;
  email?: string | null | undefined;
  q?: string | null | undefined;
}

function listOptions(args: ListArgs) {
  return {
    limit: pageSize(args.first),
    cursor: args.after ?? undefined,
    storeId: args.storeId === null || args.storeId === undefined ? undefined : String(args.storeId),
    status: args.status ?? undefined,
    email: args.email ?? undefined,
    q: args.q ?? undefined,
    includeRaw: false,
  };
}

/** The filters every entity connection takes: the REST list filters under GraphQL names. */
function listArgs(t: Parameters<Parameters<typeof builder.queryFields>[0]>[0]) {
  return {
    first: t.arg.int({ defaultValue: 50, description: 'Page size, 1 to 250.' }),
    after: t.arg.string({ description: '`pageInfo.endCursor` of the previous page.' }),
    storeId: t.arg.id(),
    status: t.arg.string(),
    email: t.arg.string(),
    q: t.arg.string({ description: 'Text search over names, titles or emails.' }),
  };
}
const StoreType = builder.objectRef<StoreRecord>('Store').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    platform: t.exposeString('platform'),
    name: t.exposeString('name'),
    status: t.exposeString('status'),
    domain: t.exposeString('domain', { nullable: true }),
    currency: t.exposeString('currency', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (store) => store.createdAt.toISOString() }),
  }),
});

const VariantType = builder.objectRef<Variant>('Variant').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    sku: t.exposeString('sku', { nullable: true }),
    title: t.exposeString('title'),
    price: t.field({ type: MoneyType, resolve: (v) => v.price }),
    inventoryQuantity: t.exposeInt('inventoryQuantity', { nullable: true }),
  }),
});

const ProductType = builder.objectRef<Product>('Product').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    storeId: t.exposeString('storeId'),
    externalId: t.exposeString('externalId'),
    title: t.exposeString('title'),
    status: t.exposeString('status'),
    variants: t.field({ type: [VariantType], resolve: (p) => p.variants }),
    createdAt: t.field({ type: 'DateTime', resolve: (p) => p.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (p) => p.updatedAt }),
  }),
});

const LineItemType = builder.objectRef<LineItem>('LineItem').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    sku: t.exposeString('sku', { nullable: true }),
    title: t.exposeString('title'),
    quantity: t.exposeInt('quantity'),
    unitPrice: t.field({ type: MoneyType, resolve: (line) => line.unitPrice }),
  }),
});

const CustomerType = builder.objectRef<Customer>('Customer');
const OrderType = builder.objectRef<Order>('Order');

CustomerType.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    storeId: t.exposeString('storeId'),
    externalId: t.exposeString('externalId'),
    email: t.exposeString('email', { nullable: true }),
    firstName: t.exposeString('firstName', { nullable: true }),
    lastName: t.exposeString('lastName', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
    orders: t.field({
      type: [OrderType],
      description:
        'The customer’s orders, newest first (batched across customers: one query per request level).',
      args: { first: t.arg.int({ defaultValue: 50 }) },
      resolve: async (customer, args, ctx) =>
        (await ctx.loaders.ordersByCustomerId.load(customer.id)).slice(0, Math.min(args.first ?? 50, 250)),
    }),
  }),
});

OrderType.implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    storeId: t.exposeString('storeId'),
    externalId: t.exposeString('externalId'),
    name: t.exposeString('name'),
    status: t.exposeString('status'),
    financialStatus: t.exposeString('financialStatus'),
    fulfillmentStatus: t.exposeString('fulfillmentStatus'),
    email: t.exposeString('email', { nullable: true }),
    total: t.field({ type: MoneyType, resolve: (o) => o.total }),
    lineItems: t.field({ type: [LineItemType], resolve: (o) => o.lineItems }),
    tags: t.exposeStringList('tags'),
    note: t.exposeString('note', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (o) => o.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (o) => o.updatedAt }),
    customer: t.field({
      type: CustomerType,
      nullable: true,
      resolve: (order, _args, ctx) =>
        order.customerId === null ? null : ctx.loaders.customerById.load(order.customerId),
    }),
  }),
});

const CartType = builder.objectRef<Cart>('Cart').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    storeId: t.exposeString('storeId'),
    status: t.exposeString('status'),
    email: t.exposeString('email', { nullable: true }),
    total: t.field({ type: MoneyType, resolve: (c) => c.total }),
    createdAt: t.field({ type: 'DateTime', resolve: (c) => c.createdAt }),
  }),
});

const EventType = builder.objectRef<StoredEvent>('Event').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.exposeString('type'),
    storeId: t.exposeString('storeId', { nullable: true }),
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => e.occurredAt }),
    entityId: t.exposeString('entityId', { nullable: true }),
    data: t.field({ type: 'JSON', resolve: (e) => e.data }),
  }),
});

const ProductEdge = builder.objectRef<{ node: Product; cursor: string | null }>('ProductEdge').implement({
  fields: (t) => ({
    node: t.field({ type: ProductType, resolve: (edge) => edge.node }),
    cursor: t.exposeString('cursor', { nullable: true }),
  }),
});
const ProductConnection = builder.objectRef<Page<Product>>('ProductConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [ProductType], resolve: (page) => page.nodes }),
    edges: t.field({ type: [ProductEdge], resolve: (page) => edges(page) }),
    pageInfo: t.field({ type: PageInfo, resolve: (page) => pageInfo(page) }),
  }),
});

const CustomerEdge = builder.objectRef<{ node: Customer; cursor: string | null }>('CustomerEdge').implement({
  fields: (t) => ({
    node: t.field({ type: CustomerType, resolve: (edge) => edge.node }),
    cursor: t.exposeString('cursor', { nullable: true }),
  }),
});
const CustomerConnection = builder.objectRef<Page<Customer>>('CustomerConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [CustomerType], resolve: (page) => page.nodes }),
    edges: t.field({ type: [CustomerEdge], resolve: (page) => edges(page) }),
    pageInfo: t.field({ type: PageInfo, resolve: (page) => pageInfo(page) }),
  }),
});

const OrderEdge = builder.objectRef<{ node: Order; cursor: string | null }>('OrderEdge').implement({
  fields: (t) => ({
    node: t.field({ type: OrderType, resolve: (edge) => edge.node }),
    cursor: t.exposeString('cursor', { nullable: true }),
  }),
});
const OrderConnection = builder.objectRef<Page<Order>>('OrderConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [OrderType], resolve: (page) => page.nodes }),
    edges: t.field({ type: [OrderEdge], resolve: (page) => edges(page) }),
    pageInfo: t.field({ type: PageInfo, resolve: (page) => pageInfo(page) }),
  }),
});

const CartEdge = builder.objectRef<{ node: Cart; cursor: string | null }>('CartEdge').implement({
  fields: (t) => ({
    node: t.field({ type: CartType, resolve: (edge) => edge.node }),
    cursor: t.exposeString('cursor', { nullable: true }),
  }),
});
const CartConnection = builder.objectRef<Page<Cart>>('CartConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [CartType], resolve: (page) => page.nodes }),
    edges: t.field({ type: [CartEdge], resolve: (page) => edges(page) }),
    pageInfo: t.field({ type: PageInfo, resolve: (page) => pageInfo(page) }),
  }),
});

const EventEdge = builder.objectRef<{ node: StoredEvent; cursor: string | null }>('EventEdge').implement({
  fields: (t) => ({
    node: t.field({ type: EventType, resolve: (edge) => edge.node }),
    cursor: t.exposeString('cursor', { nullable: true }),
  }),
});
const EventConnection = builder.objectRef<Page<StoredEvent>>('EventConnection').implement({
  fields: (t) => ({
    nodes: t.field({ type: [EventType], resolve: (page) => page.nodes }),
    edges: t.field({ type: [EventEdge], resolve: (page) => edges(page) }),
    pageInfo: t.field({ type: PageInfo, resolve: (page) => pageInfo(page) }),
  }),
});

builder.queryType({
  fields: (t) => ({
    stores: t.field({
      type: [StoreType],
      resolve: (_root, _args, ctx) => ctx.services.stores.list(ctx.tenantId),
    }),
    products: t.field({
      type: ProductConnection,
      args: listArgs(t),
      resolve: async (_root, args, ctx) => {
        const page = await ctx.services.entities.list(ctx.tenantId, 'product', listOptions(args));
        return { nodes: page.items, nextCursor: page.nextCursor };
      },
    }),
    product: t.field({
      type: ProductType,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) =>
        (await ctx.services.entities.getMany(ctx.tenantId, 'product', [String(args.id)])).get(
          String(args.id),
        ) ?? null,
    }),
    customers: t.field({
      type: CustomerConnection,
      args: listArgs(t),
      resolve: async (_root, args, ctx) => {
        const page = await ctx.services.entities.list(ctx.tenantId, 'customer', listOptions(args));
        return { nodes: page.items, nextCursor: page.nextCursor };
      },
    }),
    customer: t.field({
      type: CustomerType,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) =>
        (await ctx.services.entities.getMany(ctx.tenantId, 'customer', [String(args.id)])).get(
          String(args.id),
        ) ?? null,
    }),
    orders: t.field({
      type: OrderConnection,
      args: listArgs(t),
      resolve: async (_root, args, ctx) => {
        const page = await ctx.services.entities.list(ctx.tenantId, 'order', listOptions(args));
        return { nodes: page.items, nextCursor: page.nextCursor };
      },
    }),
    order: t.field({
      type: OrderType,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) =>
        (await ctx.services.entities.getMany(ctx.tenantId, 'order', [String(args.id)])).get(
          String(args.id),
        ) ?? null,
    }),
    carts: t.field({
      type: CartConnection,
      args: listArgs(t),
      resolve: async (_root, args, ctx) => {
        const page = await ctx.services.entities.list(ctx.tenantId, 'cart', listOptions(args));
        return { nodes: page.items, nextCursor: page.nextCursor };
      },
    }),
    cart: t.field({
      type: CartType,
      nullable: true,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) =>
        (await ctx.services.entities.getMany(ctx.tenantId, 'cart', [String(args.id)])).get(String(args.id)) ??
        null,
    }),
    events: t.field({
      type: EventConnection,
      args: {
        first: t.arg.int({ defaultValue: 50 }),
        after: t.arg.string(),
        type: t.arg.stringList({ description: 'Event types or wildcard patterns (`order.*`).' }),
      },
      resolve: async (_root, args, ctx) => {
        const page = await ctx.services.events.list(ctx.tenantId, {
          limit: pageSize(args.first),
          after: args.after ?? undefined,
          types: args.type ?? undefined,
        });
        return { nodes: page.events, nextCursor: page.hasMore ? page.nextCursor : null };
      },
    }),
  }),
});

export const graphqlSchema = builder.toSchema();
