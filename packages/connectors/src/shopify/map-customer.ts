import { type ConsentState, type Customer, entityId, type MarketingConsent, toIsoUtc } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import { text, toAddress } from './raw-address';
import type { RawConsent, RawCustomer } from './raw-customer';
import { numericIdOf } from './shopify-ids';
import { moneyOf } from './shopify-money';

const CONSENT: Record<string, ConsentState> = {
  SUBSCRIBED: 'subscribed',
  UNSUBSCRIBED: 'unsubscribed',
  PENDING: 'pending',
  NOT_SUBSCRIBED: 'not_subscribed',
  // A bounced address or a redacted customer: no usable consent either way.
  INVALID: 'unknown',
  REDACTED: 'unknown',
};

function consentOf(raw: RawConsent | null | undefined): MarketingConsent {
  if (!raw) return { state: 'unknown', source: null, updatedAt: null };
  return {
    state: CONSENT[raw.marketingState.toUpperCase()] ?? 'unknown',
    source: text(raw.consentCollectedFrom)?.toLowerCase() ?? null,
    updatedAt: raw.consentUpdatedAt ? toIsoUtc(raw.consentUpdatedAt) : null,
  };
}

function emailOrNull(value: string | null | undefined): string | null {
  const trimmed = text(value);
  return trimmed && /^[^\s@]+@[^\s@]+$/.test(trimmed) ? trimmed : null;
}

/** A Shopify customer (GraphQL shape) with marketing consent per channel. */
export function mapCustomer(raw: RawCustomer, context: MapContext): Customer {
  const externalId = numericIdOf(raw.id);
  return {
    id: entityId('customer', context.storeId, externalId),
    storeId: context.storeId,
    platform: context.platform,
    externalId,
    createdAt: toIsoUtc(raw.createdAt),
    updatedAt: toIsoUtc(raw.updatedAt),
    email: emailOrNull(raw.email),
    phone: text(raw.phone),
    firstName: text(raw.firstName),
    lastName: text(raw.lastName),
    tags: [...raw.tags],
    locale: text(raw.locale),
    // Shopify keeps no time zone per customer.
    timeZone: null,
    marketingConsent: {
      email: consentOf(raw.emailMarketingConsent),
      sms: consentOf(raw.smsMarketingConsent),
    },
    defaultAddress: toAddress(raw.defaultAddress),
    ordersCount:
      raw.numberOfOrders === null || raw.numberOfOrders === undefined ? null : Number(raw.numberOfOrders),
    totalSpent: raw.amountSpent ? moneyOf(raw.amountSpent) : null,
  };
}
