import type { SandboxStore } from '../store/sandbox-store';
import type { Address, Customer } from '../store/types';
import type { MagentoRecord } from './render-catalog';
import { magentoDate } from './wire-format';

/** Region ids are Magento directory ids; the sandbox has none, so a stable stand-in is derived. */
function regionId(address: Address): number {
  let hash = 0;
  for (const char of `${address.countryCode}:${address.provinceCode}`)
    hash = (hash * 31 + char.charCodeAt(0)) % 1000;
  return hash + 1;
}

function street(address: Address): string[] {
  return [address.address1, address.address2].filter((line) => line !== '');
}

/** A customer address (`CustomerInterface.addresses[]`). */
export function renderCustomerAddress(
  address: Address,
  id: number,
  customerId: number,
  isDefault: boolean,
): MagentoRecord {
  return {
    id,
    customer_id: customerId,
    region: {
      region_code: address.provinceCode || null,
      region: address.province || null,
      region_id: regionId(address),
    },
    region_id: regionId(address),
    country_id: address.countryCode,
    street: street(address),
    ...(address.company ? { company: address.company } : {}),
    telephone: address.phone,
    postcode: address.postcode,
    city: address.city,
    firstname: address.firstName,
    lastname: address.lastName,
    ...(isDefault ? { default_shipping: true, default_billing: true } : {}),
  };
}

/** An order or quote address (flat region fields, `address_type`, `email`). */
export function renderSalesAddress(
  address: Address,
  fields: { id: number; parentId: number; type: 'billing' | 'shipping'; email: string | null },
): MagentoRecord {
  return {
    address_type: fields.type,
    city: address.city,
    ...(address.company ? { company: address.company } : {}),
    country_id: address.countryCode,
    email: fields.email,
    entity_id: fields.id,
    firstname: address.firstName,
    lastname: address.lastName,
    parent_id: fields.parentId,
    postcode: address.postcode,
    region: address.province || null,
    region_code: address.provinceCode || null,
    region_id: regionId(address),
    street: street(address),
    telephone: address.phone,
  };
}

function addressId(customerId: number, index: number): number {
  return customerId * 10 + index + 1;
}

/**
 * `CustomerInterface` as `GET /V1/customers/{id}` returns it. Magento requires an email on every
 * account, so sandbox customers without one do not exist on this platform (see `isMagentoCustomer`).
 */
export function renderCustomer(customer: Customer): MagentoRecord {
  const defaultIndex = customer.defaultAddressIndex;
  const defaultId = defaultIndex === null ? undefined : String(addressId(customer.id, defaultIndex));
  return {
    id: customer.id,
    group_id: 1,
    ...(defaultId ? { default_billing: defaultId, default_shipping: defaultId } : {}),
    created_at: magentoDate(customer.createdAt),
    updated_at: magentoDate(customer.updatedAt),
    created_in: 'Default Store View',
    email: customer.email,
    firstname: customer.firstName,
    lastname: customer.lastName,
    store_id: 1,
    website_id: 1,
    addresses: customer.addresses.map((address, index) =>
      renderCustomerAddress(address, addressId(customer.id, index), customer.id, index === defaultIndex),
    ),
    disable_auto_group_change: 0,
    extension_attributes: { is_subscribed: customer.emailMarketing.state === 'subscribed' },
  };
}

export function isMagentoCustomer(customer: Customer): boolean {
  return customer.email !== null;
}

export function renderCustomers(store: SandboxStore): MagentoRecord[] {
  return store.listCustomers().filter(isMagentoCustomer).map(renderCustomer);
}
