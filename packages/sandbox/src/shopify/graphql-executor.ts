import {
  buildSchema,
  type DocumentNode,
  type ExecutionResult,
  execute,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  parse,
  validate,
} from 'graphql';
import { z } from 'zod';
import type { SandboxStore } from '../store/sandbox-store';
import type { BulkOperationRegistry } from './bulk-operations';
import { discountMutations } from './discounts';
import type { ShopifyGraphqlContext } from './graphql-context';
import { createMutationRoot, queryRoot } from './graphql-root';
import { jsonFloat, toJsonText } from './json-text';
import type { LeakyBucket, ThrottleStatus } from './leaky-bucket';
import { actualQueryCost, findOperation, MAX_SINGLE_QUERY_COST, requestedQueryCost } from './query-cost';
import { SHOPIFY_ADMIN_SDL } from './schema-sdl';

/** Body of `POST /admin/api/{version}/graphql.json`. */
export const GraphqlRequestBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});
export type GraphqlRequestBody = z.infer<typeof GraphqlRequestBody>;

let cachedSchema: GraphQLSchema | undefined;

/** The emulator's Admin API schema, built once from {@link SHOPIFY_ADMIN_SDL}. */
export function shopifyAdminSchema(): GraphQLSchema {
  cachedSchema ??= buildSchema(SHOPIFY_ADMIN_SDL);
  return cachedSchema;
}

const rootValue = { ...queryRoot, ...createMutationRoot(), ...discountMutations };

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

/** Wire form of `extensions.cost`: `maximumAvailable` and `restoreRate` written as floats (`2000.0`). */
function costExtension(cost: CostExtension) {
  return {
    cost: {
      requestedQueryCost: cost.requestedQueryCost,
      actualQueryCost: cost.actualQueryCost,
      throttleStatus: {
        maximumAvailable: jsonFloat(cost.throttleStatus.maximumAvailable),
        currentlyAvailable: cost.throttleStatus.currentlyAvailable,
        restoreRate: jsonFloat(cost.throttleStatus.restoreRate),
      },
    },
  };
}

/**
 * The response body text. GraphQL data holds only JSON-safe values, so it goes through native
 * JSON.stringify; only `extensions` needs the float-preserving serializer.
 */
export function graphqlResponseText(payload: Record<string, unknown>): string {
  const members = Object.entries(payload).map(
    ([key, value]) =>
      `${JSON.stringify(key)}:${key === 'extensions' ? toJsonText(value) : JSON.stringify(value)}`,
  );
  return `{${members.join(',')}}`;
}

export interface GraphqlResponse {
  status: number;
  /** Serialize with `toJsonText` to keep the float formatting. */
  payload: Record<string, unknown>;
}

export interface ShopifyGraphqlExecutorOptions {
  store: SandboxStore;
  shopDomain: string;
  now: () => number;
  bucket: LeakyBucket;
  bulk: BulkOperationRegistry;
}

function errorsOf(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((error) => error.toJSON());
}

/**
 * Runs one Admin API GraphQL request the way Shopify does: parse and validate, compute the
 * requested cost from the document, refuse queries over 1000 points, take the cost from the shop's
 * bucket or answer THROTTLED (HTTP 200, no data), execute, then refund requested − actual.
 */
export function createShopifyGraphqlExecutor(options: ShopifyGraphqlExecutorOptions) {
  const schema = shopifyAdminSchema();

  const contextFor = (origin: string, unbounded: boolean): ShopifyGraphqlContext => ({
    store: options.store,
    shopDomain: options.shopDomain,
    now: options.now(),
    unbounded,
    bulk: options.bulk,
    origin,
    runBulkQuery: async (document: DocumentNode) => {
      const result = await execute({ schema, document, rootValue, contextValue: contextFor(origin, true) });
      if (result.errors?.length) throw result.errors[0];
      return (result.data ?? {}) as Record<string, unknown>;
    },
  });

  return async function executeShopifyGraphql(body: unknown, origin: string): Promise<GraphqlResponse> {
    const parsedBody = GraphqlRequestBody.safeParse(body);
    const noCost = () =>
      costExtension({ requestedQueryCost: 0, actualQueryCost: 0, throttleStatus: options.bucket.status() });
    if (!parsedBody.success) {
      return {
        status: 400,
        payload: { errors: [{ message: 'Bad Request: the body must be JSON with a "query" string.' }] },
      };
    }
    const { query, operationName } = parsedBody.data;
    const variables = parsedBody.data.variables ?? {};
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return { status: 200, payload: { errors: errorsOf([error]), extensions: noCost() } };
    }
    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) {
      return { status: 200, payload: { errors: errorsOf(validationErrors), extensions: noCost() } };
    }
    const operation = findOperation(document, operationName ?? undefined);
    if (!operation) {
      const message = operationName
        ? `Unknown operation named "${operationName}".`
        : 'An operation name is required when the document holds several operations.';
      return { status: 200, payload: { errors: [{ message }], extensions: noCost() } };
    }

    const requested = requestedQueryCost(schema, document, operation, variables);
    if (requested > MAX_SINGLE_QUERY_COST) {
      return {
        status: 200,
        payload: {
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).

See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the
cost of a query is calculated.

To query larger amounts of data with fewer limits, bulk operations should be used instead.
See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.
`,
              extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: MAX_SINGLE_QUERY_COST },
            },
          ],
          extensions: costExtension({
            requestedQueryCost: requested,
            actualQueryCost: null,
            throttleStatus: options.bucket.status(),
          }),
        },
      };
    }

    const taken = options.bucket.take(requested);
    if (!taken.ok) {
      return {
        status: 200,
        payload: {
          errors: [
            {
              message: 'Throttled',
              extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
            },
          ],
          extensions: costExtension({
            requestedQueryCost: requested,
            actualQueryCost: null,
            throttleStatus: taken.status,
          }),
        },
      };
    }

    const result: ExecutionResult = await execute({
      schema,
      document,
      rootValue,
      contextValue: contextFor(origin, false),
      variableValues: variables,
      operationName: operationName ?? undefined,
    });
    const data = (result.data ?? null) as Record<string, unknown> | null;
    const actual = actualQueryCost(schema, document, operation, data, variables);
    options.bucket.refund(requested - actual);
    const payload: Record<string, unknown> = {};
    if (result.errors?.length) payload.errors = errorsOf(result.errors);
    payload.data = data;
    payload.extensions = costExtension({
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: options.bucket.status(),
    });
    return { status: 200, payload };
  };
}
