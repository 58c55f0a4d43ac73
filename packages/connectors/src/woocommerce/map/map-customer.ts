import { type Customer, entityId, type MarketingConsent, money } from '@cartwire/model';
import type { WooCustomer } from '../raw/raw-customer';
import { blankToNull, emailOrNull, gmtToIso, toAddress } from './map-common';

/** WooCommerce core records no marketing consent (plugins such as MailPoet keep their own). */
const UNKNOWN_CONSENT: MarketingConsent = { state: 'unknown', source: null, updatedAt: null };

/**
 * Maps a WooCommerce customer (a WordPress user). Core has no consent, locale, time zone or tags for
 * customers; v3 dropped `orders_count`/`total_spent`, which are kept when an older API sends them.
 * `shopCurrency` prices `total_spent` and is only needed when it is present.
 */
export function toCustomer(customer: WooCustomer, storeId: string, shopCurrency?: string): Customer {
  const createdAt = gmtToIso(customer.date_created_gmt);
  return {
    id: entityId('customer', storeId, String(customer.id)),
    storeId,
    platform: 'woocommerce',
    externalId: String(customer.id),
    createdAt,
    updatedAt: customer.date_modified_gmt ? gmtToIso(customer.date_modified_gmt) : createdAt,
    email: emailOrNull(customer.email) ?? emailOrNull(customer.billing.email),
    phone: blankToNull(customer.billing.phone) ?? blankToNull(customer.shipping.phone),
    firstName: blankToNull(customer.first_name) ?? blankToNull(customer.billing.first_name),
    lastName: blankToNull(customer.last_name) ?? blankToNull(customer.billing.last_name),
    tags: [],
    locale: null,
    timeZone: null,
    marketingConsent: { email: UNKNOWN_CONSENT, sms: UNKNOWN_CONSENT },
    defaultAddress: toAddress(customer.billing) ?? toAddress(customer.shipping),
    ordersCount: customer.orders_count ?? null,
    totalSpent:
      customer.total_spent !== undefined && shopCurrency !== undefined
        ? money(customer.total_spent, shopCurrency)
        : null,
  };
}
