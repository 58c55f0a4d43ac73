import { z } from 'zod';
import { ID_PREFIX, prefixedId } from '../ids';
import { Money } from '../money';
import { IsoDateTime } from '../time';
import { Address } from './address';
import { entityBase } from './base';
import { EmailAddress } from './email';

export const ConsentState = z
  .enum(['subscribed', 'unsubscribed', 'pending', 'not_subscribed', 'unknown'])
  .describe(
    '`subscribed`: opted in. `unsubscribed`: opted out after having been subscribed. `pending`: awaiting ' +
      'double opt-in confirmation. `not_subscribed`: never opted in. `unknown`: the platform does not say ' +
      '(e.g. Amazon, or WooCommerce without a consent plugin) — treat as no consent.',
  );
export type ConsentState = z.infer<typeof ConsentState>;

export const MarketingConsent = z
  .object({
    state: ConsentState,
    source: z
      .string()
      .nullable()
      .describe(
        'Where consent was given or withdrawn as reported (e.g. "checkout", "admin"); null when unknown.',
      ),
    updatedAt: IsoDateTime.nullable().describe(
      'When the consent state last changed (UTC); null when unknown.',
    ),
  })
  .describe('Marketing consent for one channel.')
  .meta({ id: 'MarketingConsent' });
export type MarketingConsent = z.infer<typeof MarketingConsent>;

export const Customer = z
  .object({
    id: prefixedId(ID_PREFIX.customer).describe('Cartwire id of the customer (cus_…).'),
    ...entityBase,
    email: EmailAddress.nullable().describe('Email address; null when unknown.'),
    phone: z
      .string()
      .nullable()
      .describe('Phone number, E.164 where the platform provides it; null when unknown.'),
    firstName: z.string().nullable().describe('First name; null when unknown.'),
    lastName: z.string().nullable().describe('Last name; null when unknown.'),
    tags: z.array(z.string()).describe('Merchant tags or customer groups; empty when none.'),
    locale: z
      .string()
      .nullable()
      .describe('Preferred language as a BCP-47 tag (e.g. "de-DE"); null when unknown.'),
    timeZone: z.string().nullable().describe('IANA time zone (e.g. "America/New_York"); null when unknown.'),
    marketingConsent: z
      .object({
        email: MarketingConsent.describe('Consent to marketing by email.'),
        sms: MarketingConsent.describe('Consent to marketing by SMS.'),
      })
      .describe('Marketing consent per channel.'),
    defaultAddress: Address.nullable().describe('Default address; null when none.'),
    ordersCount: z
      .number()
      .int()
      .min(0)
      .nullable()
      .describe('Number of orders as the platform reports it; null when it does not.'),
    totalSpent: Money.nullable().describe(
      'Lifetime spend as the platform reports it, in the shop currency; null when it does not.',
    ),
  })
  .describe('A registered customer (guest buyers appear only as an email on orders and carts).')
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof Customer>;
