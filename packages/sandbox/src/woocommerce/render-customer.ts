import { createHash } from 'node:crypto';
import type { SandboxStore } from '../store/sandbox-store';
import type { Address, Customer } from '../store/types';
import type { WooJson } from './render-product';
import { datePair, links, type WooRenderContext } from './woo-format';

const EMPTY_ADDRESS: Address = {
  firstName: '',
  lastName: '',
  company: '',
  address1: '',
  address2: '',
  city: '',
  province: '',
  provinceCode: '',
  postcode: '',
  countryCode: '',
  phone: '',
};

/** WooCommerce `shipping` address shape. */
export function wooShippingAddress(address: Address | null): WooJson {
  const a = address ?? EMPTY_ADDRESS;
  return {
    first_name: a.firstName,
    last_name: a.lastName,
    company: a.company,
    address_1: a.address1,
    address_2: a.address2,
    city: a.city,
    state: a.provinceCode,
    postcode: a.postcode,
    country: a.countryCode,
    phone: a.phone,
  };
}

/** WooCommerce `billing` address shape: the shipping fields plus email and phone. */
export function wooBillingAddress(
  address: Address | null,
  email: string | null,
  phone: string | null,
): WooJson {
  return { ...wooShippingAddress(address), email: email ?? '', phone: phone ?? address?.phone ?? '' };
}

/** `GET /wp-json/wc/v3/customers/{id}` body for a sandbox customer. */
export function renderWooCustomer(store: SandboxStore, customer: Customer, ctx: WooRenderContext): WooJson {
  const primary =
    customer.defaultAddressIndex === null ? null : (customer.addresses[customer.defaultAddressIndex] ?? null);
  const email = customer.email ?? '';
  const paying = store
    .ordersOf(customer.id)
    .some((order) => order.paidAt !== null && order.financialState !== 'voided');
  return {
    id: customer.id,
    ...datePair('date_created', customer.createdAt, ctx),
    ...datePair('date_modified', customer.updatedAt, ctx),
    email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    role: 'customer',
    username: email.split('@')[0] ?? `customer${customer.id}`,
    billing: wooBillingAddress(primary, customer.email, customer.phone),
    shipping: wooShippingAddress(primary),
    is_paying_customer: paying,
    avatar_url: `https://secure.gravatar.com/avatar/${createHash('md5').update(email.trim().toLowerCase()).digest('hex')}?s=96&d=mm&r=g`,
    meta_data: [],
    _links: links(ctx, { self: `customers/${customer.id}`, collection: 'customers' }),
  };
}
