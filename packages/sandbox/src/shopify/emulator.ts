import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createWebhookSender, type WebhookSender } from '../http/webhook-sender';
import { systemClock } from '../store/clock';
import { BulkOperationRegistry } from './bulk-operations';
import { bulkConcurrencyFor, ShopifyEmulatorOptions } from './emulator-options';
import { createShopifyGraphqlExecutor, graphqlResponseText } from './graphql-executor';
import { toJsonText } from './json-text';
import { LeakyBucket, type ThrottleStatus } from './leaky-bucket';
import { registerRestRoutes } from './rest-routes';
import { createWebhookDispatcher } from './webhook-dispatcher';
import { webhooksForChange } from './webhook-topics';

/** Body Shopify answers a missing or wrong access token with (HTTP 401); `errors` is a string. */
export const INVALID_TOKEN_BODY = {
  errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
} as const;

export interface ShopifyEmulatorControl {
  /** The GraphQL cost bucket as it stands now. */
  throttleStatus(): ThrottleStatus;
  /**
   * Sends `bulk_operations/finish` for operations finished by now, then waits for every webhook
   * delivery in flight to succeed or be given up on.
   */
  flushWebhooks(): Promise<void>;
  /** Resolves once every bulk operation has read its query to the end (large ones read in the background). */
  settleBulkOperations(): Promise<void>;
  /** The sender delivering this shop's webhooks: its log, and a switch to drop them. */
  readonly webhookSender: WebhookSender;
  /** Stops listening to the store and cancels pending timers. */
  close(): void;
}

export type ShopifyEmulator = Hono & { readonly shopify: ShopifyEmulatorControl };

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function jsonText(
  c: Context,
  text: string,
  status: 200 | 400 | 401 | 404 | 429,
  headers: Record<string, string> = {},
) {
  return c.body(text, status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

/**
 * A Shopify Admin API emulator over a sandbox store, as a Hono app: GraphQL at
 * `POST /admin/api/{version}/graphql.json` with Shopify's cost-based throttling and bulk
 * operations, legacy REST list endpoints with Link paging, and signed webhooks on store changes.
 *
 * @example
 * const app = createShopifyEmulator({ store, shopDomain: 'demo.myshopify.com', accessToken: 'shpat_x', clientSecret: 's' });
 * const { url, close } = await serveEmulator(app);
 */
export function createShopifyEmulator(input: ShopifyEmulatorOptions): ShopifyEmulator {
  const options = ShopifyEmulatorOptions.parse(input);
  const { store, clock } = options;
  const now = () => clock.now();
  const bucket = new LeakyBucket({
    maximumAvailable: options.plan.bucketSize,
    restoreRate: options.plan.restoreRate,
    clock,
  });
  const bulk = new BulkOperationRegistry({
    clock,
    timing: options.bulk,
    maxConcurrent: bulkConcurrencyFor(options.apiVersion),
  });
  const executeGraphql = createShopifyGraphqlExecutor({
    store,
    shopDomain: options.shopDomain,
    now,
    bucket,
    bulk,
  });
  const webhookSender = options.webhookSender ?? createWebhookSender({ maxAttempts: 9, baseDelayMs: 250 });
  const dispatcher = createWebhookDispatcher({
    subscriptions: options.webhooks,
    shopDomain: options.shopDomain,
    apiVersion: options.apiVersion,
    clientSecret: options.clientSecret,
    now,
    sender: webhookSender,
  });
  const renderContext = { store, shopDomain: options.shopDomain };
  const unsubscribe = store.onChange((change) => {
    for (const event of webhooksForChange(renderContext, change)) dispatcher.dispatch(event);
  });

  let finishTimer: NodeJS.Timeout | undefined;
  const announceFinishedBulkOperations = () => {
    for (const operation of bulk.takeFinished()) {
      dispatcher.dispatch({
        topic: 'bulk_operations/finish',
        body: {
          admin_graphql_api_id: operation.id,
          completed_at: operation.completedAt,
          created_at: operation.createdAt,
          error_code: operation.errorCode?.toLowerCase() ?? null,
          status: operation.status.toLowerCase(),
          type: operation.type.toLowerCase(),
        },
      });
    }
    // With the system clock, announce on time even if nobody polls; a manual clock is driven by requests.
    const wait = bulk.nextFinishInMs();
    clearTimeout(finishTimer);
    if (wait !== undefined && clock === systemClock) {
      finishTimer = setTimeout(announceFinishedBulkOperations, wait + 1);
      finishTimer.unref();
    }
  };

  const app = new Hono();
  if (options.faults) app.use('*', options.faults.middleware);
  app.use('/admin/api/:version/*', async (c, next) => {
    const version = c.req.param('version');
    if (!/^(\d{4}-\d{2}|unstable)$/.test(version))
      return jsonText(c, toJsonText({ errors: 'Not Found' }), 404);
    if (!tokenMatches(c.req.header('X-Shopify-Access-Token'), options.accessToken)) {
      return jsonText(c, toJsonText(INVALID_TOKEN_BODY), 401);
    }
    await next();
    c.header('X-Shopify-API-Version', version);
  });

  app.post('/admin/api/:version/graphql.json', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return jsonText(
        c,
        toJsonText({ errors: [{ message: 'Bad Request: the body is not valid JSON.' }] }),
        400,
      );
    }
    const origin = new URL(c.req.url).origin;
    const response = await executeGraphql(body, origin);
    announceFinishedBulkOperations();
    return jsonText(c, graphqlResponseText(response.payload), response.status === 400 ? 400 : 200);
  });

  app.get('/bulk/:file', (c) => {
    const match = /^(\d+)\.jsonl$/.exec(c.req.param('file'));
    const text = match?.[1] ? bulk.resultFile(BigInt(match[1])) : undefined;
    announceFinishedBulkOperations();
    if (text === undefined) return c.text('NoSuchKey: The specified key does not exist.', 404);
    return c.body(text, 200, { 'Content-Type': 'application/jsonl' });
  });

  registerRestRoutes(app, { store, shopDomain: options.shopDomain, clock, restPlan: options.restPlan });

  const control: ShopifyEmulatorControl = {
    throttleStatus: () => bucket.status(),
    async flushWebhooks() {
      announceFinishedBulkOperations();
      await webhookSender.settled();
    },
    settleBulkOperations: () => bulk.settled(),
    webhookSender,
    close() {
      unsubscribe();
      clearTimeout(finishTimer);
    },
  };
  return Object.assign(app, { shopify: control });
}
