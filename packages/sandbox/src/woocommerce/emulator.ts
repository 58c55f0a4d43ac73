import { Hono } from 'hono';
import { z } from 'zod';
import { createFaultInjector, type FaultInjector } from '../http/faults';
import { createWebhookSender, type DeliveryRecord, type WebhookSender } from '../http/webhook-sender';
import { currencyDigits } from '../store/money';
import { SandboxStore } from '../store/sandbox-store';
import { phpJsonEncode } from './php-json';
import { createSalesIndex } from './render-product';
import { registerCatalogRoutes } from './routes-catalog';
import { registerCouponRoutes, type WooCouponView } from './routes-coupons';
import { registerCustomerRoutes } from './routes-customers';
import { registerOrderRoutes } from './routes-orders';
import { createWooAuthenticator } from './woo-auth';
import { noRoute, WooRestError } from './woo-errors';
import { createTokenBucket, WooRateLimit } from './woo-rate-limit';
import { createWooWebhookDispatcher, type WooWebhookTopic } from './woo-webhooks';

const TOPICS = ['order', 'product', 'customer'].flatMap((resource) =>
  ['created', 'updated', 'deleted'].map((event) => `${resource}.${event}`),
) as [WooWebhookTopic, ...WooWebhookTopic[]];

export const WooCommerceEmulatorOptions = z.object({
  store: z.instanceof(SandboxStore),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  /** What the key may do. @default 'read_write' */
  permissions: z.enum(['read', 'write', 'read_write']).default('read_write'),
  /** Site URL sent in webhooks (`X-WC-Webhook-Source`, `_links`). @default `https://{shop.domain}` */
  siteUrl: z.url().optional(),
  /** Site time zone for the non-`_gmt` dates. @default the shop's time zone */
  timeZone: z.string().optional(),
  /** Accept Basic/query keys over plain HTTP (real sites require TLS for them). @default false */
  allowKeysOverHttp: z.boolean().default(false),
  /** Webhooks to deliver on store changes. */
  webhooks: z
    .array(
      z.object({
        /** Webhook post id (`X-WC-Webhook-ID`). @default position + 1 */
        id: z.number().int().positive().optional(),
        name: z.string().optional(),
        url: z.url(),
        secret: z.string().min(1),
        /** @default every order/product/customer topic */
        topics: z.array(z.enum(TOPICS)).optional(),
      }),
    )
    .default([]),
  /** Delivery behaviour. WooCommerce itself makes one attempt per delivery. */
  webhookDelivery: z
    .object({
      maxAttempts: z.number().int().positive().default(1),
      baseDelayMs: z.number().int().min(0).default(500),
      timeoutMs: z.number().int().positive().default(60_000),
      fetch: z.custom<typeof fetch>((value) => typeof value === 'function').optional(),
    })
    .default({ maxAttempts: 1, baseDelayMs: 500, timeoutMs: 60_000 }),
  /** A host-level rate limit answering 429 with `Retry-After`; none by default, like WooCommerce. */
  rateLimit: WooRateLimit.optional(),
  /** Wall clock for OAuth timestamps and the rate limit (milliseconds). @default Date.now */
  now: z.custom<() => number>((value) => typeof value === 'function').default(() => Date.now),
});
export type WooCommerceEmulatorOptions = z.input<typeof WooCommerceEmulatorOptions>;

export interface WooCommerceEmulatorControl {
  /** Runtime fault injection (429/500/timeouts/dropped connections). */
  faults: FaultInjector;
  /** The webhook sender: delivery log, switch off/on. */
  webhooks: WebhookSender;
  /** Sends the creation ping (`webhook_id=N`, form-encoded) to `url`. */
  ping(url: string, webhookId?: number): Promise<DeliveryRecord | null>;
  /** Delivers batched webhooks now and waits until every delivery finished. */
  flushWebhooks(): Promise<void>;
  /** Whether a configured webhook is still active (WooCommerce disables it after 5 failures in a row). */
  webhookActive(webhookId: number): boolean;
  /** Requests refused by the configured rate limit so far. */
  throttledCount(): number;
  /** Coupons created through `POST /coupons`, oldest first. */
  coupons(): WooCouponView[];
  /** Stops listening to store changes. */
  close(): void;
}

export type WooCommerceEmulator = Hono & { readonly woocommerce: WooCommerceEmulatorControl };

function errorResponse(error: WooRestError, headers: Record<string, string> = {}): Response {
  return new Response(phpJsonEncode(error.body()), {
    status: error.status,
    headers: { 'Content-Type': 'application/json; charset=UTF-8', ...headers },
  });
}

/**
 * A WooCommerce REST API v3 emulator over a sandbox store, as a Hono app: products (with
 * variations), customers, orders (open and abandoned carts as `checkout-draft` orders) and refunds,
 * with WooCommerce's auth (Basic/query keys over HTTPS, OAuth 1.0a over HTTP), paging headers,
 * filters, error bodies, optional host rate limit, fault injection and signed webhooks.
 *
 * @example
 * const emulator = createWooCommerceEmulator({ store, consumerKey: 'ck_x', consumerSecret: 'cs_x',
 *   webhooks: [{ url: 'http://127.0.0.1:8787/hooks/woo', secret: 's3cret' }] });
 * const served = await serveEmulator(emulator); // OAuth 1.0a over http://127.0.0.1:port
 */
export function createWooCommerceEmulator(input: WooCommerceEmulatorOptions): WooCommerceEmulator {
  const options = WooCommerceEmulatorOptions.parse(input);
  const { store } = options;
  const timeZone = options.timeZone ?? store.shop.timeZone;
  const siteUrl = (options.siteUrl ?? `https://${store.shop.domain}`).replace(/\/+$/, '');

  const faults = createFaultInjector({
    errorResponse: (status, retryAfter) =>
      errorResponse(
        status === 429
          ? new WooRestError(429, 'rest_too_many_requests', 'Too many requests.')
          : new WooRestError(
              status,
              'internal_server_error',
              '<p>There has been a critical error on this website.</p><p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">Learn more about troubleshooting WordPress.</a></p>',
            ),
        retryAfter === null ? {} : { 'Retry-After': String(retryAfter) },
      ),
  });
  const bucket = options.rateLimit ? createTokenBucket(options.rateLimit, options.now) : null;
  const sender = createWebhookSender({
    maxAttempts: options.webhookDelivery.maxAttempts,
    baseDelayMs: options.webhookDelivery.baseDelayMs,
    timeoutMs: options.webhookDelivery.timeoutMs,
    // WooCommerce counts 2xx and 3xx (up to 302) as delivered.
    isSuccess: (status) => status >= 200 && status <= 302,
    ...(options.webhookDelivery.fetch ? { fetch: options.webhookDelivery.fetch } : {}),
  });
  const salesIndex = createSalesIndex(store);
  const dispatcher = createWooWebhookDispatcher({
    store,
    salesIndex,
    sender,
    context: { siteUrl, timeZone, dp: currencyDigits(store.shop.currency) },
    now: options.now,
    subscriptions: options.webhooks.map((webhook, index) => ({
      id: webhook.id ?? index + 1,
      name: webhook.name ?? `Webhook ${index + 1}`,
      deliveryUrl: webhook.url,
      secret: webhook.secret,
      topics: webhook.topics ?? null,
    })),
  });
  const deps = {
    store,
    timeZone,
    salesIndex,
    authenticate: createWooAuthenticator({
      credentials: {
        consumerKey: options.consumerKey,
        consumerSecret: options.consumerSecret,
        permissions: options.permissions,
      },
      now: options.now,
      allowKeysOverHttp: options.allowKeysOverHttp,
    }),
  };

  const app = new Hono();
  app.use('*', faults.middleware);
  if (bucket) {
    app.use('*', async (_c, next) => {
      const decision = bucket.take();
      if (!decision.allowed) {
        return errorResponse(new WooRestError(429, 'rest_too_many_requests', 'Too many requests.'), {
          'Retry-After': String(decision.retryAfterSeconds),
        });
      }
      await next();
    });
  }
  registerCatalogRoutes(app, deps);
  registerCustomerRoutes(app, deps);
  registerOrderRoutes(app, deps);
  const coupons = registerCouponRoutes(app, deps);
  app.notFound(() => errorResponse(noRoute()));
  // Anything unexpected is a 500 the client sees (with the reason), as a PHP fatal error would be.
  app.onError((error) =>
    errorResponse(
      error instanceof WooRestError
        ? error
        : new WooRestError(500, 'internal_server_error', 'There has been a critical error on this website.', {
            error: error.message,
          }),
    ),
  );

  const control: WooCommerceEmulatorControl = {
    faults,
    webhooks: sender,
    ping: (url, webhookId = 1) => dispatcher.ping(url, webhookId),
    flushWebhooks: () => dispatcher.flush(),
    webhookActive: (webhookId) => dispatcher.isActive(webhookId),
    throttledCount: () => bucket?.throttledCount() ?? 0,
    coupons,
    close: () => dispatcher.close(),
  };
  return Object.assign(app, { woocommerce: control });
}
