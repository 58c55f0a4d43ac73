import type { Address } from '@cartwire/model';
import { z } from 'zod';
import { object } from './graphql-selection';

/** GraphQL `MailingAddress` as requested; every part is optional because documents select subsets. */
export const RawMailingAddress = z.object({
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  company: z.string().nullish(),
  address1: z.string().nullish(),
  address2: z.string().nullish(),
  city: z.string().nullish(),
  province: z.string().nullish(),
  provinceCode: z.string().nullish(),
  countryCodeV2: z.string().nullish(),
  zip: z.string().nullish(),
  phone: z.string().nullish(),
});
export type RawMailingAddress = z.infer<typeof RawMailingAddress>;

export const MAILING_ADDRESS_FIELDS = [
  'firstName',
  'lastName',
  'company',
  'address1',
  'address2',
  'city',
  'province',
  'provinceCode',
  'countryCodeV2',
  'zip',
  'phone',
] as const;

export const mailingAddress = (name: string) => object(name, MAILING_ADDRESS_FIELDS);

/** Empty strings mean "not entered" on Shopify; the model says null. */
export function text(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}

export function toAddress(raw: RawMailingAddress | null | undefined): Address | null {
  if (!raw) return null;
  const countryCode = text(raw.countryCodeV2)?.toUpperCase() ?? null;
  return {
    firstName: text(raw.firstName),
    lastName: text(raw.lastName),
    company: text(raw.company),
    address1: text(raw.address1),
    address2: text(raw.address2),
    city: text(raw.city),
    province: text(raw.province),
    provinceCode: text(raw.provinceCode),
    postalCode: text(raw.zip),
    countryCode: countryCode && /^[A-Z]{2}$/.test(countryCode) ? countryCode : null,
    phone: text(raw.phone),
  };
}
