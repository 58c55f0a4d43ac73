import type { SandboxStore } from '../store/sandbox-store';
import { renderCarts } from './render-cart';
import { type MagentoRecord, renderProducts, renderSourceItems, renderSources } from './render-catalog';
import { renderCustomers } from './render-customer';
import { renderCreditMemos, renderOrders, renderShipments } from './render-order';

/** Order comments added through the API, by order id (the sandbox store has no comment log). */
export type OrderComments = Map<number, MagentoRecord[]>;

export interface MagentoViews {
  products(): MagentoRecord[];
  customers(): MagentoRecord[];
  orders(): MagentoRecord[];
  orderItems(): MagentoRecord[];
  creditMemos(): MagentoRecord[];
  shipments(): MagentoRecord[];
  carts(): MagentoRecord[];
  sources(): MagentoRecord[];
  sourceItems(): MagentoRecord[];
}

/**
 * The rendered Magento tables of a store, rebuilt only when the store changed (`store.version`),
 * so paging through a large store does not re-render it for every page.
 */
export function createMagentoViews(store: SandboxStore, comments: OrderComments): MagentoViews {
  let version = -1;
  const cache = new Map<string, MagentoRecord[]>();
  function cached(name: string, build: () => MagentoRecord[]): MagentoRecord[] {
    if (store.version !== version) {
      cache.clear();
      version = store.version;
    }
    let rows = cache.get(name);
    if (!rows) {
      rows = build();
      cache.set(name, rows);
    }
    return rows;
  }
  const views: MagentoViews = {
    products: () => cached('products', () => renderProducts(store)),
    customers: () => cached('customers', () => renderCustomers(store)),
    orders: () =>
      cached('orders', () =>
        renderOrders(store).map((order) => {
          const added = comments.get(Number(order.entity_id));
          if (!added) return order;
          const histories = Array.isArray(order.status_histories) ? order.status_histories : [];
          return { ...order, status_histories: [...added, ...histories] };
        }),
      ),
    orderItems: () =>
      cached('orderItems', () =>
        views
          .orders()
          .flatMap((order) => (Array.isArray(order.items) ? (order.items as MagentoRecord[]) : [])),
      ),
    creditMemos: () => cached('creditMemos', () => renderCreditMemos(store)),
    shipments: () => cached('shipments', () => renderShipments(store)),
    carts: () => cached('carts', () => renderCarts(store)),
    sources: () => cached('sources', () => renderSources(store)),
    sourceItems: () => cached('sourceItems', () => renderSourceItems(store)),
  };
  return views;
}
