import type { Customer } from '@cartwire/model';
import { entityId } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import { mapCustomerAddress } from './map-address';
import type { RawCustomer } from './raw-schemas';
import { fromMagentoDate, textOrNull } from './wire-values';

/**
 * `CustomerInterface` → Customer. Magento keeps phones on addresses only, reports newsletter
 * subscription as a bare boolean (no source or date; an unsubscribed customer looks like one who
 * never subscribed), has no SMS consent, locale, tags or lifetime totals on the customer record.
 */
export function mapCustomer(raw: RawCustomer, context: MapContext): Customer {
  const addresses = raw.addresses ?? [];
  const defaultAddress =
    addresses.find((address) => address.default_billing === true) ??
    addresses.find(
      (address) => raw.default_billing !== undefined && String(address.id) === raw.default_billing,
    ) ??
    null;
  const subscribed = raw.extension_attributes?.is_subscribed;
  return {
    id: entityId('customer', context.storeId, String(raw.id)),
    storeId: context.storeId,
    platform: 'magento',
    externalId: String(raw.id),
    createdAt: fromMagentoDate(raw.created_at),
    updatedAt: fromMagentoDate(raw.updated_at),
    email: raw.email,
    phone: textOrNull(defaultAddress?.telephone ?? addresses[0]?.telephone),
    firstName: textOrNull(raw.firstname),
    lastName: textOrNull(raw.lastname),
    tags: [],
    locale: null,
    timeZone: null,
    marketingConsent: {
      email: {
        state: subscribed === undefined ? 'unknown' : subscribed ? 'subscribed' : 'not_subscribed',
        source: null,
        updatedAt: null,
      },
      sms: { state: 'unknown', source: null, updatedAt: null },
    },
    defaultAddress: defaultAddress ? mapCustomerAddress(defaultAddress) : null,
    ordersCount: null,
    totalSpent: null,
  };
}
