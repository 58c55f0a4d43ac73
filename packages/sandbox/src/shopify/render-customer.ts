import type { Address, Customer } from '../store/types';
import { customerAmountSpentIn } from './customer-stats';
import { gid, shopifyId } from './gid';
import { type ConnectionArgs, resourceConnection } from './graphql-connections';
import type { ShopifyGraphqlContext } from './graphql-context';
import { moneyV2 } from './money-bag';
import { countryName } from './render-catalog';
import { renderOrderNode } from './render-order';
import { orderSpec } from './resource-specs';
import { graphqlTime } from './time-format';

type Context = ShopifyGraphqlContext;

/** GraphQL `MailingAddress`; `id` is the gid Shopify would give the address record. */
export function renderMailingAddress(address: Address, id: string) {
  const name = [address.firstName, address.lastName].filter(Boolean).join(' ');
  return {
    __typename: 'MailingAddress',
    id,
    firstName: address.firstName || null,
    lastName: address.lastName || null,
    name: name || null,
    company: address.company || null,
    address1: address.address1 || null,
    address2: address.address2 || null,
    city: address.city || null,
    province: address.province || null,
    provinceCode: address.provinceCode || null,
    country: countryName(address.countryCode),
    countryCodeV2: address.countryCode || null,
    zip: address.postcode || null,
    phone: address.phone || null,
  };
}

function customerAddressGid(customer: Customer, index: number): string {
  return `${gid('MailingAddress', customer.id * 100 + index + 1)}?model_name=CustomerAddress`;
}

export function renderCustomerNode(customer: Customer) {
  const defaultAddress =
    customer.defaultAddressIndex === null ? undefined : customer.addresses[customer.defaultAddressIndex];
  const displayName =
    [customer.firstName, customer.lastName].filter(Boolean).join(' ') ||
    customer.email ||
    customer.phone ||
    '';
  return {
    __typename: 'Customer',
    id: gid('Customer', customer.id),
    legacyResourceId: String(shopifyId('Customer', customer.id)),
    firstName: customer.firstName || null,
    lastName: customer.lastName || null,
    displayName,
    email: customer.email,
    phone: customer.phone,
    locale: customer.locale,
    note: customer.note || null,
    tags: customer.tags,
    // The sandbox has no storefront accounts, so every customer is DISABLED as in Shopify's fixtures.
    state: 'DISABLED',
    verifiedEmail: customer.verifiedEmail,
    createdAt: graphqlTime(customer.createdAt),
    updatedAt: graphqlTime(customer.updatedAt),
    emailMarketingConsent:
      customer.email === null
        ? null
        : {
            marketingState: customer.emailMarketing.state.toUpperCase(),
            marketingOptInLevel: customer.emailMarketing.optInLevel?.toUpperCase() ?? null,
            consentUpdatedAt: graphqlTime(customer.emailMarketing.consentUpdatedAt),
          },
    smsMarketingConsent:
      customer.phone === null
        ? null
        : {
            marketingState: customer.smsMarketing.state.toUpperCase(),
            marketingOptInLevel: customer.smsMarketing.optInLevel?.toUpperCase() ?? 'UNKNOWN',
            consentUpdatedAt: graphqlTime(customer.smsMarketing.consentUpdatedAt),
            consentCollectedFrom: 'OTHER',
          },
    defaultAddress:
      defaultAddress === undefined
        ? null
        : renderMailingAddress(
            defaultAddress,
            customerAddressGid(customer, customer.defaultAddressIndex ?? 0),
          ),
    addresses: (args: { first?: number | null }) =>
      customer.addresses
        .slice(0, args.first ?? undefined)
        .map((address, index) => renderMailingAddress(address, customerAddressGid(customer, index))),
    numberOfOrders: (_args: unknown, context: Context) => String(context.store.ordersOf(customer.id).length),
    amountSpent: (_args: unknown, context: Context) =>
      moneyV2(customerAmountSpentIn(context.store, customer.id), context.store.shop.currency),
    lastOrder: (_args: unknown, context: Context) => {
      const last = context.store.ordersOf(customer.id).at(-1);
      return last ? renderOrderNode(last) : null;
    },
    orders: (args: ConnectionArgs, context: Context) =>
      resourceConnection(
        () => context.store.ordersOf(customer.id),
        args,
        orderSpec,
        context,
        `customer:${customer.id}`,
      ),
  };
}
