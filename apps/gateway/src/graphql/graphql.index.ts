// graphql ships CJS and ESM builds; Pothos loads the CJS one, and a schema from one build cannot run in the other.
// Importing the CJS entry explicitly keeps both on one instance under vite (tests) and node alike.
import { type DocumentNode, execute, GraphQLError, getOperationAST, parse, validate } from 'graphql/index.js';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/app-env';
import { ProblemError } from '../http/problem';
import type { GatewayServices } from '../services/gateway-services';
import { createLoaders } from './loaders';
import { graphqlSchema } from './schema';

export const GRAPHQL_PATH = '/graphql';

/** Expected API failures keep their message and stable code; anything else is masked. */
function maskError(error: GraphQLError): GraphQLError {
  const original = error.originalError;
  if (original === undefined || original === null) return error;
  const path = error.path;
  if (original instanceof ProblemError) {
    return new GraphQLError(original.detail ?? original.message, {
      path,
      extensions: { code: original.code, ...original.extensions },
    });
  }
  if (original instanceof GraphQLError) return original;
  return new GraphQLError('Unexpected error.', { path, extensions: { code: 'internal_error' } });
}

const GraphqlRequest = z.object({
  query: z.string().min(1),
  operationName: z.string().nullish(),
  variables: z.record(z.string(), z.unknown()).nullish(),
});

function errorResponse(status: number, errors: readonly GraphQLError[]): Response {
  return Response.json({ errors: errors.map((error) => error.toJSON()) }, { status });
}

/**
 * `/graphql` over the same services as REST (GraphQL over HTTP: POST JSON, or GET for queries). The API
 * key middleware runs first (mounted in app.ts), so resolvers only ever see the caller's tenant;
 * dataloaders are built per request so batching never crosses requests or tenants.
 */
export function createGraphqlRouter(services: GatewayServices) {
  const router = new Hono<AppEnv>();
  router.on(['GET', 'POST'], GRAPHQL_PATH, async (c) => {
    const tenantId = c.var.auth?.tenantId;
    if (tenantId === undefined) throw new ProblemError('unauthorized');
    const raw =
      c.req.method === 'GET'
        ? {
            query: c.req.query('query'),
            operationName: c.req.query('operationName'),
            variables:
              c.req.query('variables') === undefined ? undefined : JSON.parse(c.req.query('variables') ?? ''),
          }
        : await c.req.json();
    const request = GraphqlRequest.safeParse(raw);
    if (!request.success)
      return errorResponse(400, [new GraphQLError('Send { query, variables?, operationName? }.')]);
    let document: DocumentNode;
    try {
      document = parse(request.data.query);
    } catch (error) {
      return errorResponse(400, [error instanceof GraphQLError ? error : new GraphQLError('Invalid query.')]);
    }
    const invalid = validate(graphqlSchema, document);
    if (invalid.length > 0) return errorResponse(400, invalid);
    const operation = getOperationAST(document, request.data.operationName ?? undefined);
    if (c.req.method === 'GET' && operation?.operation !== 'query') {
      return errorResponse(405, [new GraphQLError('GET runs queries only; POST mutations.')]);
    }
    const result = await execute({
      schema: graphqlSchema,
      document,
      operationName: request.data.operationName ?? null,
      variableValues: request.data.variables ?? null,
      contextValue: { tenantId, services, loaders: createLoaders(services.entities, tenantId) },
    });
    const errors = result.errors?.map(maskError);
    return c.json(
      { data: result.data ?? null, ...(errors ? { errors: errors.map((e) => e.toJSON()) } : {}) },
      200,
    );
  });
  return router;
}
