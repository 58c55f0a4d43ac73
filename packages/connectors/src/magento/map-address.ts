import type { Address } from '@cartwire/model';
import type { RawSalesAddress } from './raw-schemas';
import { textOrNull } from './wire-values';

function countryCode(value: string | null | undefined): string | null {
  const code = textOrNull(value)?.toUpperCase() ?? null;
  return code !== null && /^[A-Z]{2}$/.test(code) ? code : null;
}

/** An order or quote address (flat `region`/`region_code`). */
export function mapSalesAddress(raw: RawSalesAddress | null | undefined): Address | null {
  if (!raw) return null;
  const [address1 = null, ...rest] = raw.street ?? [];
  return {
    firstName: textOrNull(raw.firstname),
    lastName: textOrNull(raw.lastname),
    company: textOrNull(raw.company),
    address1: textOrNull(address1),
    address2: textOrNull(rest.join(', ')),
    city: textOrNull(raw.city),
    province: textOrNull(raw.region),
    provinceCode: textOrNull(raw.region_code),
    postalCode: textOrNull(raw.postcode),
    countryCode: countryCode(raw.country_id),
    phone: textOrNull(raw.telephone),
  };
}

/** A customer address: the region is an object `{ region_code, region }`. */
export function mapCustomerAddress(raw: {
  region?: { region_code?: string | null; region?: string | null } | null;
  country_id?: string | null;
  street?: string[];
  company?: string | null;
  telephone?: string | null;
  postcode?: string | null;
  city?: string | null;
  firstname?: string | null;
  lastname?: string | null;
}): Address {
  const mapped = mapSalesAddress({
    ...raw,
    region: raw.region?.region ?? null,
    region_code: raw.region?.region_code ?? null,
  });
  // mapSalesAddress only returns null for a missing address.
  return mapped as Address;
}
