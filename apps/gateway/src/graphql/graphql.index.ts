import { createHash } from 'node:crypto';
// graphql ships CJS and ESM builds; Pothos and graphql-yoga (both external to vite) load the CJS one, and a
// schema or error from one build is not an instance of the other's classes. Importing the CJS entry
// explicitly keeps everything on one instance under vite (tests) and node alike.
import { GraphQLError } from 'graphql/index.js';
import { createYoga, type GraphiQLOptions, type YogaLogger } from 'graphql-yoga';
import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { ProblemError } from '../http/problem';
import type { Logger } from '../logger';
import type { GatewayServices } from '../services/gateway-services';
import type { GraphqlContext } from './context';
import { createLoaders } from './loaders';
import { graphqlSchema } from './schema';

export const GRAPHQL_PATH = '/graphql';

/**
 * What the Hono route hands yoga with each request: the caller's tenant, resolved by the API key middleware.
 * Absent only on the GraphiQL page request, which yoga answers before it builds a GraphQL context.
 */
interface GraphqlServerContext {
  readonly tenantId: string | undefined;
}

export interface GraphqlRouterOptions {
  /** Logs GraphQL failures that are not the caller's fault (masked as `internal_error` in the answer). */
  readonly logger: Logger;
  /**
   * Serve GraphiQL on `GET /graphql` to browsers (`Accept: text/html`), without an API key: the page only
   * holds the editor, and its requests carry the key the user types into its headers tab.
   * @default false
   */
  readonly graphiql?: boolean;
}

/**
 * Expected API failures keep their message and stable code; anything else becomes "Unexpected error."
 * with code `internal_error` (never a stack trace, in development or production: yoga's default mask adds
 * the stack in development).
 */
function maskError(error: unknown, message: string): Error {
  if (!(error instanceof GraphQLError)) {
    return new GraphQLError(message, { extensions: { code: 'internal_error' } });
  }
  const original = error.originalError;
  if (original === undefined || original === null || original instanceof GraphQLError) return error;
  // Where in the document and the result it failed, for the caller to find it.
  const at = { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path };
  if (original instanceof ProblemError && original.status < 500) {
    return new GraphQLError(original.detail ?? original.message, {
      ...at,
      extensions: { code: original.code, ...original.extensions },
    });
  }
  return new GraphQLError(message, { ...at, extensions: { code: 'internal_error' } });
}

/** A failure the caller caused and was told about with its code: not worth an error log line. */
function isClientError(value: unknown): boolean {
  return (
    value instanceof GraphQLError &&
    value.originalError instanceof ProblemError &&
    value.originalError.status < 500
  );
}

/** yoga logs through pino; the errors it reports are the ones it masked before answering. */
function yogaLogger(logger: Logger): YogaLogger {
  return {
    debug: (...args) => logger.debug({ args }, 'graphql'),
    info: (...args) => logger.info({ args }, 'graphql'),
    warn: (...args) => logger.warn({ args }, 'graphql'),
    error: (...args) => {
      if (args.every(isClientError)) return;
      logger.error({ err: args[0] }, 'graphql request failed');
    },
  };
}

const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Cartwire GraphQL',
  // The page must not know a secret: the user pastes one (npm start writes it to .cartwire/dev-api-key).
  headers: JSON.stringify(
    { Authorization: 'Bearer <your cw_test_… key from .cartwire/dev-api-key>' },
    null,
    2,
  ),
  shouldPersistHeaders: true,
  defaultQuery: `# Put your secret key in the Headers tab below, then run this.
{
  orders(first: 5) {
    nodes { name total { amount currency } customer { email orders(first: 3) { name } } }
    pageInfo { hasNextPage endCursor }
  }
}
`,
};

interface GraphiqlPage {
  readonly html: string;
  readonly contentSecurityPolicy: string;
}

/**
 * The GraphiQL page with its editor, styles and Monaco workers inlined (@graphql-yoga/render-graphiql, about
 * 9 MB), so it works offline, unlike yoga's default page which loads them from a CDN. Its one inline script is
 * allowed by hash rather than 'unsafe-inline'; styles need 'unsafe-inline' because the editor injects them at
 * run time, and the workers start from blob: URLs the page makes from the inlined sources. Loaded only when
 * first asked for, so production never holds the bundle in memory.
 */
async function renderGraphiqlPage(): Promise<GraphiqlPage> {
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  const html = renderGraphiQL(GRAPHIQL_OPTIONS);
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (match) =>
      `'sha256-${createHash('sha256')
        .update(match[1] ?? '')
        .digest('base64')}'`,
  );
  const contentSecurityPolicy =
    `default-src 'none'; script-src ${scripts.join(' ')}; style-src 'unsafe-inline'; ` +
    "worker-src blob:; connect-src 'self'; img-src 'self' data:; font-src data:; " +
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
  return { html, contentSecurityPolicy };
}

/**
 * `/graphql` through graphql-yoga (GraphQL over HTTP: POST JSON, or GET for queries) over the same services
 * as REST. The API key middleware runs first (mounted in app.ts), so resolvers only ever see the caller's
 * tenant; dataloaders are built per request so batching never crosses requests or tenants.
 */
export function createGraphqlRouter(services: GatewayServices, options: GraphqlRouterOptions) {
  let graphiqlPage: Promise<GraphiqlPage> | undefined;
  const pageOf = () => {
    graphiqlPage ??= renderGraphiqlPage();
    return graphiqlPage;
  };
  const yoga = createYoga<GraphqlServerContext, GraphqlContext>({
    schema: graphqlSchema,
    graphqlEndpoint: GRAPHQL_PATH,
    context: ({ tenantId }): GraphqlContext => {
      if (tenantId === undefined) throw new ProblemError('unauthorized');
      return { tenantId, services, loaders: createLoaders(services.entities, tenantId) };
    },
    maskedErrors: { maskError },
    logging: yogaLogger(options.logger),
    graphiql: options.graphiql === true ? GRAPHIQL_OPTIONS : false,
    renderGraphiQL: async () => (await pageOf()).html,
    landingPage: false,
    // Same-origin like the REST API: browser apps call Cartwire from their backend with the secret key.
    cors: false,
    // app.ts limits every request body (REQUEST_BODY_LIMIT, 413 problem+json) before yoga reads it.
    maxRequestBodySize: false,
  });

  const router = new Hono<AppEnv>();
  router.on(['GET', 'POST'], GRAPHQL_PATH, async (c) => {
    const response = await yoga.fetch(c.req.raw, { tenantId: c.var.auth?.tenantId });
    if (graphiqlPage !== undefined && response.headers.get('content-type')?.startsWith('text/html')) {
      const page = await graphiqlPage;
      response.headers.set('content-security-policy', page.contentSecurityPolicy);
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('referrer-policy', 'no-referrer');
      response.headers.set('cache-control', 'no-cache');
    }
    return response;
  });
  return router;
}

/**
 * Whether this request is a browser opening GraphiQL (yoga's own test: a GET accepting HTML). app.ts lets
 * exactly these through without an API key when GraphiQL is on; the page holds no data and no secret.
 */
export { shouldRenderGraphiQL as isGraphiqlRequest } from 'graphql-yoga';
