import { z } from 'zod';
import { object, type Selection } from './graphql-selection';
import { mailingAddress, RawMailingAddress } from './raw-address';
import { RawMoneyV2 } from './shopify-money';

export const CUSTOMER_FIELDS: readonly Selection[] = [
  'id',
  'firstName',
  'lastName',
  'email',
  'phone',
  'locale',
  'tags',
  'createdAt',
  'updatedAt',
  'numberOfOrders',
  object('amountSpent', ['amount', 'currencyCode']),
  object('emailMarketingConsent', ['marketingState', 'marketingOptInLevel', 'consentUpdatedAt']),
  object('smsMarketingConsent', [
    'marketingState',
    'marketingOptInLevel',
    'consentUpdatedAt',
    'consentCollectedFrom',
  ]),
  mailingAddress('defaultAddress'),
];

export const RawConsent = z.object({
  marketingState: z.string(),
  marketingOptInLevel: z.string().nullish(),
  consentUpdatedAt: z.string().nullish(),
  consentCollectedFrom: z.string().nullish(),
});
export type RawConsent = z.infer<typeof RawConsent>;

export const RawCustomer = z.object({
  id: z.string(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  locale: z.string().nullish(),
  tags: z.array(z.string()).default([]),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** `UnsignedInt64`, serialized as a string. */
  numberOfOrders: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).nullish(),
  amountSpent: RawMoneyV2.nullish(),
  emailMarketingConsent: RawConsent.nullish(),
  smsMarketingConsent: RawConsent.nullish(),
  defaultAddress: RawMailingAddress.nullish(),
});
export type RawCustomer = z.infer<typeof RawCustomer>;
