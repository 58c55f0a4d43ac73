import type { Address, Customer, MarketingConsent } from '../store/types';
import { customerAmountSpentIn } from './customer-stats';
import { shopifyId } from './gid';
import { restDecimal } from './money-format';
import { countryName } from './render-catalog';
import { type RestRenderContext, restTimeIn } from './rest-context';

function restCustomerAddress(customer: Customer, address: Address, index: number) {
  const customerId = shopifyId('Customer', customer.id);
  return {
    id: shopifyId('MailingAddress', customer.id * 100 + index + 1),
    customer_id: customerId,
    first_name: address.firstName || null,
    last_name: address.lastName || null,
    company: address.company || null,
    address1: address.address1 || null,
    address2: address.address2,
    city: address.city || null,
    province: address.province || null,
    country: countryName(address.countryCode),
    zip: address.postcode || null,
    phone: address.phone || null,
    name: [address.firstName, address.lastName].filter(Boolean).join(' '),
    province_code: address.provinceCode || null,
    country_code: address.countryCode || null,
    country_name: countryName(address.countryCode),
    default: index === customer.defaultAddressIndex,
  };
}

function restConsent(context: RestRenderContext, consent: MarketingConsent) {
  return {
    state: consent.state,
    opt_in_level: consent.optInLevel,
    consent_updated_at: restTimeIn(context, consent.consentUpdatedAt),
  };
}

/**
 * REST `Customer`. Embedded in an order or checkout Shopify leaves out the order aggregates and the
 * address list, which `embedded` reproduces.
 */
export function renderRestCustomer(
  context: RestRenderContext,
  customer: Customer,
  options: { embedded?: boolean } = {},
) {
  const defaultAddress =
    customer.defaultAddressIndex === null ? undefined : customer.addresses[customer.defaultAddressIndex];
  const base = {
    id: shopifyId('Customer', customer.id),
    email: customer.email,
    created_at: restTimeIn(context, customer.createdAt),
    updated_at: restTimeIn(context, customer.updatedAt),
    first_name: customer.firstName || null,
    last_name: customer.lastName || null,
    state: 'disabled',
    note: customer.note || null,
    verified_email: customer.verifiedEmail,
    multipass_identifier: null,
    tax_exempt: false,
    phone: customer.phone,
    currency: context.store.shop.currency,
    tax_exemptions: [],
    admin_graphql_api_id: `gid://shopify/Customer/${shopifyId('Customer', customer.id)}`,
    default_address:
      defaultAddress === undefined
        ? null
        : restCustomerAddress(customer, defaultAddress, customer.defaultAddressIndex ?? 0),
    tags: customer.tags.join(', '),
    email_marketing_consent: customer.email === null ? null : restConsent(context, customer.emailMarketing),
    sms_marketing_consent:
      customer.phone === null
        ? null
        : { ...restConsent(context, customer.smsMarketing), consent_collected_from: 'OTHER' },
  };
  if (options.embedded) return base;
  const orders = context.store.ordersOf(customer.id);
  const last = orders.at(-1);
  return {
    ...base,
    orders_count: orders.length,
    total_spent: restDecimal(customerAmountSpentIn(context.store, customer.id)),
    last_order_id: last ? shopifyId('Order', last.id) : null,
    last_order_name: last ? `#${last.number}` : null,
    addresses: customer.addresses.map((address, index) => restCustomerAddress(customer, address, index)),
  };
}
