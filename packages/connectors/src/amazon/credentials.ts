import { z } from 'zod';

/** SP-API regional hosts. */
export const SP_API_REGIONS = {
  na: 'https://sellingpartnerapi-na.amazon.com',
  eu: 'https://sellingpartnerapi-eu.amazon.com',
  fe: 'https://sellingpartnerapi-fe.amazon.com',
} as const;

/** Login with Amazon, the token host for every region. */
export const LWA_ENDPOINT = 'https://api.amazon.com';

/**
 * The secrets and hosts of one selling-partner authorization. The account facts the streams need
 * (seller id, marketplaces, Orders API generation, PII role) are settings (`AmazonSettings`): the
 * engine keeps credentials out of stream code by design, and none of them is a secret.
 */
export const AmazonCredentials = z
  .object({
    /** SP-API region (`na`, `eu`, `fe`); or give `endpoint` instead. */
    region: z.enum(['na', 'eu', 'fe']).optional(),
    /** SP-API base URL (sandbox host, emulator); wins over `region`. */
    endpoint: z.url().optional(),
    /** LWA host. @default 'https://api.amazon.com' */
    lwaEndpoint: z.url().optional(),
    /** LWA client id of the application (`amzn1.application-oa2-client.…`). */
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    /** The selling partner's refresh token (`Atzr|…`) from authorizing the application. */
    refreshToken: z.string().min(1),
    /**
     * Shared secret of the relay forwarding ORDER_CHANGE notifications from the seller's SQS queue
     * to `POST /webhooks/amazon/{storeId}` (see `amazonRelayHeaders`). Without it, polling alone
     * keeps orders in sync. @default none
     */
    notificationSecret: z.string().min(16).optional(),
  })
  .refine((value) => value.region !== undefined || value.endpoint !== undefined, {
    message: 'give region or endpoint',
    path: ['region'],
  });
export type AmazonCredentials = z.output<typeof AmazonCredentials>;

export function spApiBase(credentials: AmazonCredentials): string {
  const base = credentials.endpoint ?? SP_API_REGIONS[credentials.region ?? 'na'];
  return base.replace(/\/+$/, '');
}

export function lwaTokenUrl(credentials: AmazonCredentials): string {
  return `${(credentials.lwaEndpoint ?? LWA_ENDPOINT).replace(/\/+$/, '')}/auth/o2/token`;
}
