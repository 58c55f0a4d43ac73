import { parseScaled } from '../store/money';
import type { SandboxStore } from '../store/sandbox-store';
import type { Cart, Customer, Order, Product } from '../store/types';
import { draftOrderId, wooOrderStatus } from './render-order';
import { type CollectionSpec, type ListQuery, withinDates } from './woo-query';

export const ORDER_STATUSES = [
  'any',
  'trash',
  'pending',
  'processing',
  'on-hold',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'checkout-draft',
] as const;

export const ORDERS_SPEC: CollectionSpec = {
  orderby: ['date', 'id', 'include', 'title', 'slug', 'modified'],
  defaultOrderby: 'date',
  statuses: ORDER_STATUSES,
  defaultStatus: 'any',
  defaultOrder: 'desc',
};

export const PRODUCTS_SPEC: CollectionSpec = {
  orderby: [
    'date',
    'modified',
    'id',
    'include',
    'title',
    'slug',
    'price',
    'popularity',
    'rating',
    'menu_order',
  ],
  defaultOrderby: 'date',
  statuses: ['any', 'draft', 'pending', 'private', 'publish'],
  defaultStatus: 'any',
  defaultOrder: 'desc',
};

export const CUSTOMERS_SPEC: CollectionSpec = {
  orderby: ['id', 'include', 'name', 'registered_date'],
  defaultOrderby: 'name',
  statuses: [],
  defaultStatus: 'any',
  // WordPress lists users by display name, ascending.
  defaultOrder: 'asc',
};

export const VARIATIONS_SPEC: CollectionSpec = {
  orderby: ['date', 'modified', 'id', 'include', 'title', 'slug', 'menu_order'],
  defaultOrderby: 'date',
  statuses: ['any', 'draft', 'pending', 'private', 'publish'],
  defaultStatus: 'any',
  defaultOrder: 'desc',
};

export type OrderEntry =
  | { kind: 'order'; id: number; order: Order }
  | { kind: 'draft'; id: number; cart: Cart };

interface Sortable {
  id: number;
  createdAt: string;
  updatedAt: string;
}

function compareBy<T extends Sortable>(
  query: ListQuery,
  key: (item: T) => string | number,
): (a: T, b: T) => number {
  const direction = query.order === 'asc' ? 1 : -1;
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return (ka < kb ? -1 : 1) * direction;
    return (a.id - b.id) * direction;
  };
}

function sortKey<T extends Sortable>(
  query: ListQuery,
  extra: Record<string, (item: T) => string | number> = {},
) {
  const includeRank = new Map(query.include.map((id, index) => [id, index]));
  const keys: Record<string, (item: T) => string | number> = {
    date: (item) => item.createdAt,
    registered_date: (item) => item.createdAt,
    modified: (item) => item.updatedAt,
    id: (item) => item.id,
    include: (item) => includeRank.get(item.id) ?? Number.MAX_SAFE_INTEGER,
    ...extra,
  };
  return keys[query.orderby] ?? keys.date!;
}

function idFilters(id: number, query: ListQuery): boolean {
  if (query.include.length > 0 && !query.include.includes(id)) return false;
  return !query.exclude.includes(id);
}

/**
 * Caches one sorted, filtered id list per distinct query until the store changes, so paging through
 * 100k orders costs one sort per query rather than one per page.
 */
export function createQueryCache<T>() {
  let version = -1;
  const entries = new Map<string, T[]>();
  return (store: SandboxStore, key: string, compute: () => T[]): T[] => {
    if (version !== store.version) {
      entries.clear();
      version = store.version;
    }
    let hit = entries.get(key);
    if (!hit) {
      if (entries.size >= 32) entries.clear();
      hit = compute();
      entries.set(key, hit);
    }
    return hit;
  };
}

function matchesSearch(term: string | null, ...fields: (string | number | null)[]): boolean {
  if (term === null) return true;
  const needle = term.toLowerCase();
  return fields.some((field) => field !== null && String(field).toLowerCase().includes(needle));
}

export function listOrderEntries(store: SandboxStore, query: ListQuery): OrderEntry[] {
  const statuses = new Set(query.status);
  const any = statuses.has('any');
  const entries: OrderEntry[] = [];
  if (!statuses.has('trash') || statuses.size > 1) {
    for (const order of store.listOrders()) {
      if (!any && !statuses.has(wooOrderStatus(order))) continue;
      if (!idFilters(order.id, query) || !withinDates(order.createdAt, order.updatedAt, query)) continue;
      if (query.customer !== null && (order.customerId ?? 0) !== query.customer) continue;
      if (query.product !== null && !order.lines.some((line) => line.productId === query.product)) continue;
      const billing = order.billingAddress;
      if (
        !matchesSearch(
          query.search,
          order.id,
          order.email,
          billing?.firstName ?? null,
          billing?.lastName ?? null,
        )
      ) {
        continue;
      }
      entries.push({ kind: 'order', id: order.id, order });
    }
  }
  // Drafts only when asked for by name: "any" leaving them out keeps them away from order syncs.
  if (statuses.has('checkout-draft')) {
    for (const cart of store.listCarts()) {
      if (cart.status === 'converted') continue;
      const id = draftOrderId(cart);
      if (!idFilters(id, query) || !withinDates(cart.createdAt, cart.updatedAt, query)) continue;
      if (query.customer !== null && (cart.customerId ?? 0) !== query.customer) continue;
      if (query.product !== null && !cart.lines.some((line) => line.productId === query.product)) continue;
      if (!matchesSearch(query.search, id, cart.email)) continue;
      entries.push({ kind: 'draft', id, cart });
    }
  }
  const stamp = (entry: OrderEntry) => ({
    id: entry.id,
    createdAt: entry.kind === 'order' ? entry.order.createdAt : entry.cart.createdAt,
    updatedAt: entry.kind === 'order' ? entry.order.updatedAt : entry.cart.updatedAt,
  });
  const keyed = entries.map((entry) => ({ ...stamp(entry), entry }));
  keyed.sort(compareBy(query, sortKey(query)));
  return keyed.map((item) => item.entry);
}

const PRODUCT_STATUS_FILTER: Record<string, Product['status'] | null> = {
  any: null,
  publish: 'active',
  draft: 'draft',
  private: 'archived',
  pending: null,
};

export function listProducts(
  store: SandboxStore,
  query: ListQuery,
  totalSales: (productId: number) => number,
): Product[] {
  const statuses = query.status.filter((status) => status !== 'any');
  const products = store.listProducts().filter((product) => {
    if (statuses.length > 0 && !statuses.some((status) => PRODUCT_STATUS_FILTER[status] === product.status))
      return false;
    if (!idFilters(product.id, query) || !withinDates(product.createdAt, product.updatedAt, query))
      return false;
    if (query.sku !== null && !store.variantsOf(product.id).some((variant) => variant.sku === query.sku))
      return false;
    return matchesSearch(query.search, product.title);
  });
  const price = (product: Product) => parseScaled(store.variantsOf(product.id)[0]?.price ?? '0', 6);
  products.sort(
    compareBy(
      query,
      sortKey<Product>(query, {
        title: (product) => product.title.toLowerCase(),
        slug: (product) => product.handle,
        price,
        popularity: (product) => totalSales(product.id),
        rating: () => 0,
        menu_order: () => 0,
      }),
    ),
  );
  return products;
}

export function listCustomers(store: SandboxStore, query: ListQuery): Customer[] {
  if (query.role !== 'customer' && query.role !== 'all') return [];
  const customers = store.listCustomers().filter((customer) => {
    if (!idFilters(customer.id, query)) return false;
    if (query.email !== null && customer.email?.toLowerCase() !== query.email.toLowerCase()) return false;
    return matchesSearch(query.search, customer.email, customer.firstName, customer.lastName);
  });
  customers.sort(
    compareBy(
      query,
      sortKey<Customer>(query, {
        name: (customer) => `${customer.firstName} ${customer.lastName}`.toLowerCase(),
      }),
    ),
  );
  return customers;
}
