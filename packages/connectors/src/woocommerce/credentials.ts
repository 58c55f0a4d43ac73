import { z } from 'zod';

/**
 * What connecting a WooCommerce store takes: its URL and a REST API key pair (WooCommerce ›
 * Settings › Advanced › REST API, or the `/wc-auth/v1/authorize` flow).
 *
 * @example
 * { url: 'https://shop.example', consumerKey: 'ck_…', consumerSecret: 'cs_…', webhookSecret: 's3cret' }
 */
export const WooCredentials = z.object({
  /** Site URL (WordPress home), `https://shop.example` or `http://…` for stores without TLS. */
  url: z.url({ protocol: /^https?$/ }),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  /** Secret the store's webhooks were created with; required to accept webhook deliveries. */
  webhookSecret: z.string().min(1).optional(),
  /**
   * Send the keys as `consumer_key`/`consumer_secret` query parameters instead of Basic auth, for
   * hosts that strip the Authorization header. HTTPS only.
   * @default false
   */
  queryStringAuth: z.boolean().default(false),
});
export type WooCredentials = z.output<typeof WooCredentials>;

/**
 * Per-store settings. The engine's own keys (`rateLimit`, `timeoutMs`, `incrementalOverlapMs`) sit in
 * the same object and pass through.
 */
export const WooSettings = z.looseObject({
  /**
   * Shop currency (ISO-4217). Product payloads do not state it; when absent it is read once per run
   * from `settings/general/woocommerce_currency`.
   */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  /**
   * Records per page (`per_page`). Lower it for hosts that time out rendering 100 large orders.
   * @default 100 (WordPress's maximum)
   */
  pageSize: z.int().min(1).max(100).default(100),
  /**
   * How the orders stream reads refunds: `fetch` reads `orders/{id}/refunds` for each refunded order
   * (dates and refunded lines, one extra request per such order); `summary` maps the order's own
   * `refunds[]` (exact amounts, no lines, the order's modification time as date) and needs no extra
   * request, for hosts with tight limits.
   * @default 'fetch'
   */
  refundDetail: z.enum(['fetch', 'summary']).default('fetch'),
});
export type WooSettings = z.output<typeof WooSettings>;

/** `https://shop.example/` → `https://shop.example/wp-json/wc/v3`. */
export function wooBaseUrl(credentials: Pick<WooCredentials, 'url'>): string {
  const site = credentials.url.endsWith('/') ? credentials.url.slice(0, -1) : credentials.url;
  return `${site}/wp-json/wc/v3`;
}
