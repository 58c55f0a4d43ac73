import type { SandboxStore } from '../store/sandbox-store';
import type { Address } from '../store/types';
import { countryName } from './render-catalog';
import { restTime } from './time-format';

/** What the REST / webhook renderers read besides the record itself. */
export interface RestRenderContext {
  store: SandboxStore;
  /** `{shop}.myshopify.com`. */
  shopDomain: string;
}

/** REST times are in the shop's zone with its offset (`2021-12-31T19:00:00-05:00`). */
export function restTimeIn(context: RestRenderContext, iso: string): string;
export function restTimeIn(context: RestRenderContext, iso: string | null): string | null;
export function restTimeIn(context: RestRenderContext, iso: string | null): string | null {
  return restTime(iso, context.store.shop.timeZone);
}

/** An order/checkout address in REST form. */
export function restAddress(address: Address | null) {
  if (!address) return null;
  return {
    first_name: address.firstName || null,
    address1: address.address1 || null,
    phone: address.phone || null,
    city: address.city || null,
    zip: address.postcode || null,
    province: address.province || null,
    country: countryName(address.countryCode),
    last_name: address.lastName || null,
    address2: address.address2 || null,
    company: address.company || null,
    latitude: null,
    longitude: null,
    name: [address.firstName, address.lastName].filter(Boolean).join(' '),
    country_code: address.countryCode || null,
    province_code: address.provinceCode || null,
  };
}
