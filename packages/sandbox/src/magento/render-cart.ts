import type { SandboxStore } from '../store/sandbox-store';
import type { Cart } from '../store/types';
import type { MagentoRecord } from './render-catalog';
import { renderCustomer, renderSalesAddress } from './render-customer';
import { amount, incrementId, magentoDate } from './wire-format';

/** Orders placed without a sandbox cart still come from a Magento quote; theirs live in this range. */
export const DIRECT_QUOTE_ID_OFFSET = 2_000_000;

export function quoteIdOfOrder(order: { id: number; cartId: number | null }): number {
  return order.cartId ?? DIRECT_QUOTE_ID_OFFSET + order.id;
}

/**
 * `CartInterface` (a quote) as `GET /V1/carts/search` returns it. A converted quote is inactive and
 * names its order by `reserved_order_id` (the increment id); guests have a customer without an id.
 */
export function renderCart(store: SandboxStore, cart: Cart): MagentoRecord {
  const customer = cart.customerId === null ? undefined : store.getCustomer(cart.customerId);
  const order = cart.convertedOrderId === null ? undefined : store.getOrder(cart.convertedOrderId);
  const items = cart.lines.map((line) => {
    const product = store.getProduct(line.productId);
    return {
      item_id: line.id,
      sku: line.sku,
      qty: line.quantity,
      name: line.title,
      price: amount(line.price),
      product_type: product && product.options.length > 0 ? 'configurable' : 'simple',
      quote_id: String(cart.id),
    };
  });
  const address = cart.shippingAddress
    ? renderSalesAddress(cart.shippingAddress, {
        id: cart.id * 2,
        parentId: cart.id,
        type: 'shipping',
        email: cart.email,
      })
    : null;
  return {
    id: cart.id,
    created_at: magentoDate(cart.createdAt),
    updated_at: magentoDate(cart.updatedAt),
    is_active: cart.status !== 'converted',
    is_virtual: false,
    items,
    items_count: items.length,
    items_qty: cart.lines.reduce((sum, line) => sum + line.quantity, 0),
    customer: customer ? renderCustomer(customer) : { email: cart.email, firstname: null, lastname: null },
    ...(address ? { billing_address: address } : {}),
    orig_order_id: 0,
    ...(order ? { reserved_order_id: incrementId(order.number) } : {}),
    currency: {
      global_currency_code: cart.currency,
      base_currency_code: cart.currency,
      store_currency_code: cart.currency,
      quote_currency_code: cart.currency,
      store_to_base_rate: 0,
      store_to_quote_rate: 0,
      base_to_global_rate: 1,
      base_to_quote_rate: 1,
    },
    customer_is_guest: customer === undefined,
    customer_note_notify: true,
    customer_tax_class_id: 3,
    store_id: 1,
    extension_attributes: {
      shipping_assignments: address ? [{ shipping: { address, method: null }, items }] : [],
    },
  };
}

export function renderCarts(store: SandboxStore): MagentoRecord[] {
  return store.listCarts().map((cart) => renderCart(store, cart));
}
