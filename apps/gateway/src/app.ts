import { randomBytes } from 'node:crypto';
import type { UnsubscribeSubject } from '@cartwire/automation-sdk';
import type { Database } from '@cartwire/storage';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiKeyAuth } from './auth/api-key-auth';
import { type ApiKeyCache, createApiKeyCache, repositoryVerifier } from './auth/api-key-cache';
import { apiKeyRateLimit } from './auth/rate-limit';
import { createTokenBucket } from './auth/token-bucket';
import type { Clock } from './clock';
import type { GatewayConfig } from './config/env';
import { createGraphqlRouter, GRAPHQL_PATH, isGraphiqlRequest } from './graphql/graphql.index';
import type { AppEnv } from './http/app-env';
import { NotFoundError, ProblemError } from './http/problem';
import { problemResponse } from './http/problem-response';
import { requestContext } from './http/request-context';
import type { Logger } from './logger';
import { registerOpenApiComponents } from './openapi/document';
import { SAFE_URL_POLICY, type WebhookUrlPolicy } from './outbound-webhooks/url-guard';
import {
  createWebhookEndpointService,
  type WebhookEndpointServiceDeps,
} from './outbound-webhooks/webhook-endpoint-service';
import { mountProviderRoutes } from './providers/provider-routes';
import type { GatewayRepositories } from './repositories';
import { createConsoleRouter } from './routes/console/console.index';
import { createContentBlocksRouter } from './routes/content-blocks/content-blocks.index';
import { createDeliveriesRouter } from './routes/deliveries/deliveries.index';
import { createDocsRouter } from './routes/docs/docs.index';
import { createGovernanceRouter } from './routes/governance/governance.index';
import type { Pingable } from './routes/health/health.handlers';
import { createHealthRouter } from './routes/health/health.index';
import { createMessagesRouter } from './routes/messages/messages.index';
import {
  createOnsiteMessagesRouter,
  isOnsiteMessagesPath,
} from './routes/onsite-messages/onsite-messages.index';
import { createPredictionsRouter } from './routes/predictions/predictions.index';
import { createReportsRouter } from './routes/reports/reports.index';
import { mountResourceRoutes } from './routes/resource-routes';
import { createSandboxEmailsRouter } from './routes/sandbox-emails/sandbox-emails.index';
import { createSandboxWebhooksRouter } from './routes/sandbox-webhooks/sandbox-webhooks.index';
import { createSegmentsRouter } from './routes/segments/segments.index';
import { createTemplatesRouter } from './routes/templates/templates.index';
import { createTenantRouter } from './routes/tenant/tenant.index';
import { createTrackingRouter } from './routes/tracking/tracking.index';
import { createUnsubscribeRouter } from './routes/unsubscribe/unsubscribe.index';
import { createWaitlistsRouter } from './routes/waitlists/waitlists.index';
import { createWebhookEndpointsRouter } from './routes/webhook-endpoints/webhook-endpoints.index';
import { createWorkflowsRouter } from './routes/workflows/workflows.index';
import type { SandboxInbox } from './sandbox/sandbox-inbox';
import type { WebhookInspector } from './sandbox/webhook-inspector';
import { type ConnectorRegistry, createConnectorRegistry } from './services/connector-registry';
import { createGatewayServices } from './services/gateway-services';
import { createChangeRecorder } from './sync/change-recorder';
import { createCustomerTokens } from './track/customer-tokens';
import { TRACK_PATH } from './track/track.routes';

export interface AppDeps {
  readonly config: Pick<GatewayConfig, 'requestBodyLimitBytes' | 'rateLimit'>;
  /** Pinged by /readyz; writes record what they read back in its transactions. */
  readonly database: Pingable & Database;
  /** Built with createGatewayRepositories (repositories.ts). */
  readonly repositories: GatewayRepositories;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Platform connectors and the engine that calls them. @default createConnectorRegistry() */
  readonly connectors?: ConnectorRegistry;
  /**
   * Verified API keys, cached in this process for a few seconds (auth/api-key-cache.ts). Pass one to
   * tune its TTL or to invalidate keys revoked in this process.
   * @default createApiKeyCache(repositoryVerifier(repositories.apiKeys)) (10 s)
   */
  readonly apiKeyCache?: ApiKeyCache;
  /**
   * Records an unsubscribe from a signed email token: mounts the hosted one-click unsubscribe links at
   * /unsubscribe/{token} (routes/unsubscribe). Without it the routes are absent.
   */
  readonly unsubscribe?: (token: string) => Promise<UnsubscribeSubject | null>;
  /**
   * Hosted open/click tracking links (/t/o/{token}.gif, /t/c/{token}), verified with `secret`
   * (`trackingSecretOf(encryptionKey)`). Without it the routes are absent.
   */
  readonly tracking?: { readonly secret: string };
  /**
   * Outbound webhook endpoints: which subscriber URLs are accepted, and the retry schedule of the
   * deliveries the API schedules (test, retry, replay).
   * @default { urlPolicy: SAFE_URL_POLICY } (https only, private addresses refused)
   */
  readonly webhooks?: {
    readonly urlPolicy?: WebhookUrlPolicy;
    readonly schedule?: WebhookEndpointServiceDeps['schedule'];
  };
  /**
   * The gateway's encryption key: encrypts messaging-provider credentials and derives the per-store
   * secrets of storefront customer tokens.
   * @default 32 random bytes per app (tests, OpenAPI generation: nothing survives a restart)
   */
  readonly encryptionKey?: Buffer;
  /**
   * The gateway's public base URL (CARTWIRE_PUBLIC_URL), on which provider callback URLs are built.
   * @default the request's own origin
   */
  readonly publicUrl?: string;
  /**
   * The sandbox's local SMTP inbox (`npm start` without SMTP_URL): served at /v1/sandbox/emails. Without it
   * those routes answer 404 (they stay documented).
   */
  readonly sandboxInbox?: SandboxInbox;
  /**
   * The sandbox's webhook inspector (`npm start` with the sandbox on): served at /v1/sandbox/webhooks to the
   * tenant owning its endpoint. Without it those routes answer 404 (they stay documented).
   */
  readonly webhookInspector?: WebhookInspector;
  /**
   * Serve GraphiQL to browsers opening `GET /graphql` (no API key needed for the page; its queries send the
   * key the user enters). The server turns it on when `NODE_ENV=development`.
   * @default false
   */
  readonly graphiql?: boolean;
}

/**
 * The whole HTTP surface from explicit dependencies (no globals), so a test builds one on an
 * in-memory database and calls `app.request()` without a socket.
 */
export function createApp(deps: AppDeps) {
  const { config, database, repositories, logger, clock } = deps;
  const app = new OpenAPIHono<AppEnv>();
  registerOpenApiComponents(app);

  app.use('*', requestContext(logger));
  const limitBody = bodyLimit({
    maxSize: config.requestBodyLimitBytes,
    onError: () => {
      throw new ProblemError('payload_too_large', {
        detail: `Request bodies are limited to ${config.requestBodyLimitBytes} bytes.`,
      });
    },
  });
  // Nothing reads the body of a GET or HEAD, and looking for one (c.req.raw.body) makes the node adapter
  // build a whole fetch Request with an AbortController: measurable on every read of the API.
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limitBody(c, next),
  );

  const verifyApiKey = (deps.apiKeyCache ?? createApiKeyCache(repositoryVerifier(repositories.apiKeys)))
    .verify;
  // The storefront endpoints (track, onsite messages) authenticate with a publishable key and limit per key.
  const exceptTrack =
    (middleware: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
    async (c, next) =>
      c.req.path === TRACK_PATH || isOnsiteMessagesPath(c.req.path) ? next() : middleware(c, next);
  app.use('/v1/*', exceptTrack(apiKeyAuth(verifyApiKey)));
  if (config.rateLimit !== null) {
    app.use('/v1/*', exceptTrack(apiKeyRateLimit(createTokenBucket({ ...config.rateLimit, clock }))));
  }

  // The GraphiQL page (development only) holds no data: a browser gets it without a key.
  const exceptGraphiql =
    (middleware: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
    async (c, next) =>
      deps.graphiql === true && isGraphiqlRequest(c.req.raw) ? next() : middleware(c, next);
  app.use(GRAPHQL_PATH, exceptGraphiql(apiKeyAuth(verifyApiKey)));
  if (config.rateLimit !== null) {
    app.use(GRAPHQL_PATH, exceptGraphiql(apiKeyRateLimit(createTokenBucket({ ...config.rateLimit, clock }))));
  }

  app.route('/', createHealthRouter(database));
  app.route(
    '/',
    createTenantRouter((tenantId) => repositories.tenants.getTenant(tenantId)),
  );
  const services = createGatewayServices({
    repositories,
    connectors: deps.connectors ?? createConnectorRegistry(),
    recorder: createChangeRecorder(database, { now: () => clock.now() }),
  });
  mountResourceRoutes(app, services);
  const encryptionKey = deps.encryptionKey ?? randomBytes(32);
  const customerTokens = createCustomerTokens({ key: encryptionKey, now: () => clock.now() });
  app.route(
    '/',
    createOnsiteMessagesRouter({ database, stores: repositories.stores, clock, customerTokens }),
  );
  mountProviderRoutes(app, {
    database,
    repositories,
    clock,
    encryptionKey,
    customerTokens,
    urlPolicy: deps.webhooks?.urlPolicy ?? SAFE_URL_POLICY,
    ...(deps.publicUrl ? { publicUrl: deps.publicUrl } : {}),
  });
  app.route(
    '/',
    createWorkflowsRouter({
      database,
      entities: repositories.entities,
      eventLookup: repositories.eventLookup,
      idempotency: repositories.idempotency,
      now: () => clock.now(),
    }),
  );
  app.route(
    '/',
    createSegmentsRouter({
      database,
      entities: repositories.entities,
      stores: repositories.stores,
      idempotency: repositories.idempotency,
      now: () => clock.now(),
    }),
  );
  app.route(
    '/',
    createTemplatesRouter({
      database,
      entities: repositories.entities,
      idempotency: repositories.idempotency,
      now: () => clock.now(),
    }),
  );
  app.route(
    '/',
    createContentBlocksRouter({ database, idempotency: repositories.idempotency, now: () => clock.now() }),
  );
  const webhookEndpoints = createWebhookEndpointService({
    repositories,
    clock,
    urlPolicy: deps.webhooks?.urlPolicy ?? SAFE_URL_POLICY,
    ...(deps.webhooks?.schedule ? { schedule: deps.webhooks.schedule } : {}),
  });
  app.route(
    '/',
    createPredictionsRouter({ database, entities: repositories.entities, stores: repositories.stores }),
  );
  app.route(
    '/',
    createWaitlistsRouter({
      database,
      entities: repositories.entities,
      stores: repositories.stores,
      now: () => clock.now(),
    }),
  );
  app.route('/', createWebhookEndpointsRouter(webhookEndpoints, repositories.idempotency));
  app.route('/', createDeliveriesRouter(webhookEndpoints));
  app.route(
    '/',
    createMessagesRouter(database, repositories.idempotency, () => clock.now()),
  );
  app.route('/', createReportsRouter({ database, now: () => clock.now() }));
  app.route(
    '/',
    createGovernanceRouter({ database, entities: repositories.entities, now: () => clock.now() }),
  );
  app.route('/', createSandboxEmailsRouter(database, deps.sandboxInbox ?? null));
  app.route('/', createSandboxWebhooksRouter(deps.webhookInspector ?? null));
  app.route('/', createGraphqlRouter(services, { logger, graphiql: deps.graphiql ?? false }));
  app.route('/', createDocsRouter(app));
  app.route('/', createConsoleRouter());
  if (deps.unsubscribe) app.route('/', createUnsubscribeRouter(deps.unsubscribe));
  if (deps.tracking) {
    app.route(
      '/',
      createTrackingRouter({ database, secret: deps.tracking.secret, now: () => clock.now(), logger }),
    );
  }

  app.notFound((c) => problemResponse(new NotFoundError(`No route for ${c.req.method} ${c.req.path}.`), c));
  app.onError((error, c) => problemResponse(error, c));
  return app;
}

export type GatewayApp = ReturnType<typeof createApp>;
