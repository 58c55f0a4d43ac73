import { z } from 'zod';

const text = (description: string) => z.string().nullable().describe(description);

export const Address = z
  .object({
    firstName: text('First name of the recipient.'),
    lastName: text('Last name of the recipient.'),
    company: text('Company name.'),
    address1: text('First street line.'),
    address2: text('Second street line (apartment, suite, …).'),
    city: text('City or locality.'),
    province: text('State, province or region name as the platform reports it.'),
    provinceCode: text('State or province code where known (e.g. "CA", "ON").'),
    postalCode: text('Postal or ZIP code.'),
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/, 'expected an ISO-3166-1 alpha-2 country code')
      .nullable()
      .describe('ISO-3166-1 alpha-2 country code, upper case (e.g. "DE").'),
    phone: text('Phone number at this address, as entered.'),
  })
  .describe(
    'A postal address. Every part is nullable: platforms withhold parts (Amazon hides street lines unless ' +
      'the seller holds restricted-data access) and shoppers leave fields empty.',
  )
  .meta({ id: 'Address' });
export type Address = z.infer<typeof Address>;
