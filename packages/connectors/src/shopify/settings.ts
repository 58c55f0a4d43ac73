import { z } from 'zod';

/** The Admin API version used unless a store says otherwise (the current quarterly release). */
export const DEFAULT_API_VERSION = '2026-10';

/**
 * What a store needs to connect through the Admin GraphQL API.
 * @example { shopDomain: 'acme.myshopify.com', accessToken: 'shpat_…', clientSecret: '…' }
 */
export const ShopifyCredentials = z.object({
  /** `{shop}.myshopify.com`. */
  shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'a {shop}.myshopify.com domain'),
  /** Admin API access token (`shpat_…`), sent as X-Shopify-Access-Token. */
  accessToken: z.string().min(1),
  /** Quarterly API version, `YYYY-MM`. @default '2026-10' */
  apiVersion: z
    .string()
    .regex(/^(\d{4}-(01|04|07|10)|unstable)$/, 'an API version like 2026-10')
    .default(DEFAULT_API_VERSION),
  /** The app's client secret: the key of webhook HMAC signatures. */
  clientSecret: z.string().min(1),
});
export type ShopifyCredentials = z.infer<typeof ShopifyCredentials>;

/** Per-store Shopify settings (the engine reads its own keys, e.g. `rateLimit`, from the same object). */
export const ShopifySettings = z.looseObject({
  /**
   * Origin to call instead of `https://{shopDomain}` — the sandbox emulator, a recording proxy.
   * @example 'http://127.0.0.1:4010'
   */
  apiOrigin: z.url().optional(),
  /**
   * A backfill that has paged this many records and is not finished continues as a bulk operation;
   * 0 backfills in bulk from the start.
   * @default 5000
   */
  bulkThreshold: z.int().nonnegative().default(5000),
  /**
   * Upper bound on records per page. Pages are already sized so a query stays within 1000 cost
   * points; a smaller bound shortens each request (slow shops, tests).
   * @default the cost-derived size
   */
  pageSize: z.int().min(1).max(250).optional(),
  /** How often a running bulk operation is polled. @default 1000 */
  bulkPollIntervalMs: z.int().positive().default(1000),
});
export type ShopifySettings = z.infer<typeof ShopifySettings>;
