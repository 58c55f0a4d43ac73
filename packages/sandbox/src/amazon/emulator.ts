import { Hono } from 'hono';
import { z } from 'zod';
import { createWebhookSender, type WebhookSender } from '../http/webhook-sender';
import { sandboxOrderId } from './amazon-ids';
import { registerCatalog } from './catalog-routes';
import { AmazonCredentials, LWA_TOKEN_SECONDS, RDT_SECONDS } from './credentials';
import {
  type AmazonContext,
  type AmazonEmulatorStats,
  type AmazonVariables,
  amazonJson,
  createOrderViewCache,
  operation,
} from './emulator-context';
import { AmazonEmulatorOptions } from './emulator-options';
import { errorList, invalidInput, unauthorized } from './error-bodies';
import { orderChangeNotification, sendOrderChange } from './notifications';
import { registerOrders2026, registerOrdersV0 } from './orders-routes';
import { ReportRegistry } from './reports';
import { registerReports } from './reports-routes';
import { type AmazonOperation, DEFAULT_USAGE_PLANS, type UsagePlan, UsagePlanBuckets } from './usage-plans';
import { registerWrites } from './write-routes';

export interface AmazonEmulatorControl {
  stats(): AmazonEmulatorStats;
  /** Tokens left in an operation's bucket for the configured app + seller. */
  bucketLevel(operation: AmazonOperation): number;
  /** The usage plan in force for an operation (documented default or override). */
  usagePlan(operation: AmazonOperation): UsagePlan;
  /** ORDER_CHANGE deliveries (present when `notificationUrl` is set). */
  readonly notifications: WebhookSender | null;
  /** Stops listening to store changes. */
  close(): void;
}

export type AmazonEmulator = Hono & { readonly amazon: AmazonEmulatorControl };

const RdtRequest = z.object({
  targetApplication: z.string().optional(),
  restrictedResources: z
    .array(
      z.object({
        method: z.enum(['GET', 'PUT', 'POST', 'DELETE']),
        path: z.string().startsWith('/'),
        dataElements: z.array(z.enum(['buyerInfo', 'shippingAddress', 'buyerTaxInformation'])).optional(),
      }),
    )
    .min(1)
    .max(50),
});

function lwaError(error: string, description: string) {
  return { error_description: description, error };
}

/**
 * An Amazon Selling Partner API emulator over a sandbox store, as a Hono app serving both the LWA
 * token endpoint (`POST /auth/o2/token`) and the SP-API host: Orders v2026-01-01 and v0, Tokens
 * (RDT), FBA inventory, Listings Items, Catalog Items and the Reports API. Usage plans are token
 * buckets per (application, seller, operation) at the documented rate/burst unless overridden;
 * 429 `QuotaExceeded` carries no `x-amzn-RateLimit-Limit`; 200/400/404 do. Buyer PII only with the
 * restricted role (`rdtAllowed`): through `includedData=BUYER` on 2026-01-01, through an RDT on v0.
 * With `notificationUrl`, order changes are posted there as ORDER_CHANGE SQS message bodies.
 *
 * @example
 * const app = createAmazonEmulator({ store, lwa: { clientId, clientSecret, refreshToken }, sellerId: 'A3TH9S8BH6GOGM',
 *   usagePlans: { searchOrders: { rate: 20, burst: 20 } } });
 * const served = await serveEmulator(app); // LWA at `${served.url}/auth/o2/token`, SP-API at served.url
 */
export function createAmazonEmulator(input: AmazonEmulatorOptions): AmazonEmulator {
  const options = AmazonEmulatorOptions.parse(input);
  const { store, clock, lwa } = options;
  const plans = { ...DEFAULT_USAGE_PLANS, ...options.usagePlans } as Record<AmazonOperation, UsagePlan>;
  const context: AmazonContext = {
    options,
    store,
    credentials: new AmazonCredentials(clock),
    buckets: new UsagePlanBuckets(plans, clock),
    reports: new ReportRegistry(),
    stats: { served: 0, throttled: 0, unauthorized: 0, byOperation: {} },
    now: () => clock.now(),
    orderViews: createOrderViewCache(store),
  };

  const app = new Hono<{ Variables: AmazonVariables }>();
  let requestCount = 0;
  app.use('*', async (c, next) => {
    requestCount += 1;
    await next();
    c.res.headers.set(
      'x-amzn-RequestId',
      `${clock.now().toString(16)}-${String(requestCount).padStart(8, '0')}`,
    );
  });
  if (options.faults) app.use('*', options.faults.middleware);

  app.post('/auth/o2/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (form.get('client_id') !== lwa.clientId || form.get('client_secret') !== lwa.clientSecret) {
      return c.json(lwaError('invalid_client', 'Client authentication failed'), 401);
    }
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      if (form.get('refresh_token') !== lwa.refreshToken) {
        return c.json(
          lwaError('invalid_grant', 'The request has an invalid grant parameter : refresh_token'),
          400,
        );
      }
      const token = context.credentials.issueAccessToken(lwa.clientId, null);
      return c.json({
        access_token: token,
        token_type: 'bearer',
        expires_in: LWA_TOKEN_SECONDS,
        refresh_token: lwa.refreshToken,
      });
    }
    if (grant === 'client_credentials') {
      const scope = form.get('scope');
      if (!scope?.startsWith('sellingpartnerapi::')) {
        return c.json(lwaError('invalid_scope', 'An unknown scope was requested'), 400);
      }
      const token = context.credentials.issueAccessToken(lwa.clientId, scope);
      return c.json({ access_token: token, scope, token_type: 'bearer', expires_in: LWA_TOKEN_SECONDS });
    }
    return c.json(lwaError('unsupported_grant_type', 'Invalid grant_type parameter value'), 400);
  });

  app.post(
    '/tokens/2021-03-01/restrictedDataToken',
    operation(context, 'createRestrictedDataToken'),
    async (c) => {
      const parsed = RdtRequest.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success)
        return amazonJson(c, invalidInput(parsed.error.issues[0]?.message ?? 'Invalid body.'), 400);
      if (!options.rdtAllowed) {
        return amazonJson(
          c,
          unauthorized('The application is not authorized for the requested restricted data.'),
          403,
        );
      }
      const token = context.credentials.issueRdt(
        c.get('caller').applicationId,
        parsed.data.restrictedResources,
      );
      return amazonJson(c, { restrictedDataToken: token, expiresIn: RDT_SECONDS });
    },
  );

  registerOrders2026(app, context);
  registerOrdersV0(app, context);
  registerCatalog(app, context);
  registerReports(app, context);
  registerWrites(app, context);
  app.notFound((c) =>
    amazonJson(c, errorList({ code: 'NotFound', message: 'Resource not found.', details: c.req.path }), 404),
  );
  app.onError((_error, c) =>
    amazonJson(
      c,
      errorList({ code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' }),
      500,
    ),
  );

  const notifications = options.notificationUrl ? createWebhookSender() : null;
  const unsubscribe =
    notifications && options.notificationUrl
      ? subscribeOrderChanges(context, notifications, options.notificationUrl)
      : () => undefined;

  const control: AmazonEmulatorControl = {
    stats: () => ({ ...context.stats, byOperation: { ...context.stats.byOperation } }),
    bucketLevel: (name) => context.buckets.level(name, lwa.clientId, options.sellerId),
    usagePlan: (name) => context.buckets.planOf(name),
    notifications,
    close: unsubscribe,
  };
  return Object.assign(app as unknown as Hono, { amazon: control });
}

function subscribeOrderChanges(context: AmazonContext, sender: WebhookSender, url: string): () => void {
  const { options } = context;
  return context.store.onChange((change) => {
    if (change.kind !== 'order' || change.action === 'deleted') return;
    const view = context.orderViews().find((candidate) => candidate.order.id === change.id);
    if (!view || sandboxOrderId(view.amazonOrderId) === null) return;
    const body = orderChangeNotification({
      view,
      sellerId: options.sellerId,
      marketplaceId: options.marketplaceId,
      applicationId: options.lwa.clientId,
      changeType: change.cause === 'cancelOrder' ? 'BuyerRequestedChange' : 'OrderStatusChange',
      now: context.now(),
    });
    void sendOrderChange(sender, url, body);
  });
}
