import type { Address } from '@cartwire/model';
import type { OrderReportRow } from './order-report';
import type { RawAddressV0, RawDeliveryAddress } from './raw-schemas';
import { textOrNull } from './wire-values';

/** Amazon gives one `name`; split at the first space (given name first in every marketplace we serve). */
export function splitName(name: string | undefined): { firstName: string | null; lastName: string | null } {
  const text = textOrNull(name);
  if (text === null) return { firstName: null, lastName: null };
  const space = text.indexOf(' ');
  return space === -1
    ? { firstName: text, lastName: null }
    : { firstName: text.slice(0, space), lastName: textOrNull(text.slice(space + 1)) };
}

interface AddressParts {
  name?: string;
  company?: string;
  lines: (string | undefined)[];
  city?: string;
  state?: string;
  postalCode?: string;
  countryCode?: string;
  phone?: string;
}

/** Shared by every Amazon address shape. Without PII access only city/state/postal code/country arrive. */
export function amazonAddress(parts: AddressParts): Address | null {
  const lines = parts.lines.map(textOrNull).filter((line): line is string => line !== null);
  const state = textOrNull(parts.state);
  const country = textOrNull(parts.countryCode)?.toUpperCase() ?? null;
  const address: Address = {
    ...splitName(parts.name),
    company: textOrNull(parts.company),
    address1: lines[0] ?? null,
    address2: lines.length > 1 ? lines.slice(1).join(', ') : null,
    city: textOrNull(parts.city),
    province: state,
    provinceCode: state !== null && /^[A-Z]{2,3}$/.test(state) ? state : null,
    postalCode: textOrNull(parts.postalCode),
    countryCode: country !== null && /^[A-Z]{2}$/.test(country) ? country : null,
    phone: textOrNull(parts.phone),
  };
  return Object.values(address).every((value) => value === null) ? null : address;
}

export function addressFrom2026(raw: RawDeliveryAddress | undefined): Address | null {
  if (!raw) return null;
  return amazonAddress({
    name: raw.name,
    company: raw.companyName,
    lines: [raw.addressLine1, raw.addressLine2, raw.addressLine3],
    city: raw.city,
    state: raw.stateOrRegion,
    postalCode: raw.postalCode,
    countryCode: raw.countryCode,
    phone: raw.phone,
  });
}

export function addressFromV0(raw: RawAddressV0 | undefined): Address | null {
  if (!raw) return null;
  return amazonAddress({
    name: raw.Name,
    lines: [raw.AddressLine1, raw.AddressLine2, raw.AddressLine3],
    city: raw.City,
    state: raw.StateOrRegion,
    postalCode: raw.PostalCode,
    countryCode: raw.CountryCode,
    phone: raw.Phone,
  });
}

/** The flat-file report carries only the non-PII part of the delivery address. */
export function addressFromReport(row: OrderReportRow): Address | null {
  return amazonAddress({
    lines: [],
    city: row.shipCity,
    state: row.shipState,
    postalCode: row.shipPostalCode,
    countryCode: row.shipCountry,
  });
}
