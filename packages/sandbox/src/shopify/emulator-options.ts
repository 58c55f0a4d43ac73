import { z } from 'zod';
import type { FaultInjector } from '../http/faults';
import type { WebhookSender } from '../http/webhook-sender';
import { type Clock, systemClock } from '../store/clock';
import { SandboxStore } from '../store/sandbox-store';
import { SHOPIFY_WEBHOOK_TOPICS } from './webhook-topics';

const ApiVersion = z
  .string()
  .regex(/^(\d{4}-(01|04|07|10)|unstable)$/, 'an API version like 2026-01 or unstable');

export const ShopifyEmulatorOptions = z.object({
  /** The sandbox data this shop serves. */
  store: z.custom<SandboxStore>((value) => value instanceof SandboxStore, 'a SandboxStore'),
  /** `{shop}.myshopify.com`, echoed in webhooks and URLs. */
  shopDomain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'a {shop}.myshopify.com domain'),
  /** The Admin API access token clients must send as `X-Shopify-Access-Token`. */
  accessToken: z.string().min(1),
  /** Version webhooks are rendered in, and that decides the bulk concurrency limit. @default '2026-01' */
  apiVersion: ApiVersion.default('2026-01'),
  /** The app's client secret; signs webhooks (`X-Shopify-Hmac-Sha256`). */
  clientSecret: z.string().min(1),
  /** GraphQL cost bucket. @default { bucketSize: 2000, restoreRate: 100 } (Standard plan) */
  plan: z
    .object({ bucketSize: z.number().positive(), restoreRate: z.number().positive() })
    .default({ bucketSize: 2000, restoreRate: 100 }),
  /** REST request bucket. @default { bucketSize: 40, leakRate: 2 } (Standard plan) */
  restPlan: z
    .object({ bucketSize: z.number().int().positive(), leakRate: z.number().positive() })
    .default({ bucketSize: 40, leakRate: 2 }),
  /** Where store changes are delivered as Shopify webhooks. @default [] */
  webhooks: z
    .array(z.object({ url: z.url(), topics: z.array(z.enum(SHOPIFY_WEBHOOK_TOPICS)).optional() }))
    .default([]),
  /**
   * Sends and logs webhook deliveries. @default createWebhookSender({ maxAttempts: 9, baseDelayMs: 250 }) —
   * Shopify's first try plus 8 retries, on a sandbox-sized backoff instead of four hours.
   */
  webhookSender: z
    .custom<WebhookSender>(
      (value) => typeof (value as WebhookSender | undefined)?.send === 'function',
      'a WebhookSender',
    )
    .optional(),
  /** Fault injection in front of every route (see `shopifyFaultInjector` for Shopify's error bodies). @default none */
  faults: z
    .custom<FaultInjector>((value) => typeof (value as FaultInjector | undefined)?.middleware === 'function')
    .optional(),
  /** Time source for the cost bucket, bulk operations and webhooks. @default systemClock */
  clock: z
    .custom<Clock>((value) => typeof (value as Clock | undefined)?.now === 'function', 'a clock with now()')
    .default(systemClock),
  /** Pace of bulk operations. @default { startDelayMs: 200, objectsPerSecond: 20000 } */
  bulk: z
    .object({ startDelayMs: z.number().nonnegative(), objectsPerSecond: z.number().positive() })
    .default({ startDelayMs: 200, objectsPerSecond: 20_000 }),
});
export type ShopifyEmulatorOptions = z.input<typeof ShopifyEmulatorOptions>;
export type ResolvedShopifyEmulatorOptions = z.output<typeof ShopifyEmulatorOptions>;

/** Shopify allows five concurrent bulk queries from 2026-01 on, one before. */
export function bulkConcurrencyFor(apiVersion: string): number {
  return apiVersion === 'unstable' || apiVersion >= '2026-01' ? 5 : 1;
}
