import type { SandboxStore } from '../store/sandbox-store';
import type { Address, Cart } from '../store/types';
import type { MagentoRecord } from './render-catalog';
import { renderCustomer, renderSalesAddress } from './render-customer';
import { amount, incrementId, magentoDate } from './wire-format';

function quoteAddressBase(id: number, customerId: number | null, email: string | null): MagentoRecord {
  return {
    id,
    ...(customerId === null ? {} : { customer_id: customerId }),
    email,
    same_as_billing: 0,
    save_in_address_book: 0,
  };
}

/** A quote address: flat region fields like an order address, plus the quote's own flags. */
function renderQuoteAddress(
  address: Address,
  id: number,
  customerId: number | null,
  email: string | null,
): MagentoRecord {
  const sales = renderSalesAddress(address, { id, parentId: 0, type: 'shipping', email });
  return {
    region: sales.region,
    region_id: sales.region_id,
    region_code: sales.region_code,
    country_id: sales.country_id,
    street: sales.street,
    ...(sales.company ? { company: sales.company } : {}),
    telephone: sales.telephone,
    postcode: sales.postcode,
    city: sales.city,
    firstname: sales.firstname,
    lastname: sales.lastname,
    ...quoteAddressBase(id, customerId, email),
  };
}

function emptyQuoteAddress(id: number, customerId: number | null, email: string | null): MagentoRecord {
  return {
    region: null,
    region_id: null,
    region_code: null,
    country_id: null,
    street: [''],
    telephone: null,
    postcode: null,
    city: null,
    firstname: null,
    lastname: null,
    ...quoteAddressBase(id, customerId, email),
  };
}

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
    ? renderQuoteAddress(cart.shippingAddress, cart.id * 2, cart.customerId, cart.email)
    : null;
  // A quote always has a billing address record, empty until checkout fills it.
  const billing = cart.shippingAddress
    ? renderQuoteAddress(cart.shippingAddress, cart.id * 2 - 1, cart.customerId, cart.email)
    : emptyQuoteAddress(cart.id * 2 - 1, cart.customerId, cart.email);
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
    billing_address: billing,
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
