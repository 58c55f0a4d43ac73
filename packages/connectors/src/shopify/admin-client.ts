import { createAdminApiClient } from '@shopify/admin-api-client';
import { InvalidPayloadError } from '../engine/errors';
import type { ConnectorResponse, RequestOptions } from '../engine/http-types';
import { envelopeOf } from './graphql-response';
import { GRAPHQL_PATH } from './graphql-stream';

export type SendRequest = (options: RequestOptions) => Promise<ConnectorResponse>;

export interface ShopifyGraphqlClient {
  /** Runs one document and returns its `data`; GraphQL errors were already classified by the engine. */
  query(
    operation: string,
    document: string,
    variables?: Record<string, unknown>,
    cost?: number,
  ): Promise<unknown>;
}

/**
 * A GraphQL client built on @shopify/admin-api-client whose `customFetchApi` goes through the engine's
 * request function, so auth, limits, retries and classification stay the engine's. The client's own
 * URL (always https://{domain}) is ignored: the engine's base URL decides the host, which is what lets
 * a store point at the sandbox. The access token header is the engine's auth too; the client is given
 * a placeholder because it insists on one.
 */
export function createShopifyGraphqlClient(
  send: SendRequest,
  options: { apiVersion: string; storeId: string; signal?: AbortSignal },
): ShopifyGraphqlClient {
  return {
    async query(operation, document, variables, cost) {
      // The client wraps fetch failures into plain Errors; keep the engine's typed error instead.
      let failure: unknown;
      const client = createAdminApiClient({
        storeDomain: 'engine-routed.myshopify.com',
        apiVersion: options.apiVersion,
        accessToken: 'set-by-engine-auth',
        // The engine retries; the client must not retry on its own as well.
        retries: 0,
        // Version support is validated by the credentials schema; the client's warning goes nowhere.
        logger: () => undefined,
        customFetchApi: async (_url, init) => {
          try {
            const headers: Record<string, string> = {};
            new Headers(init?.headers).forEach((value, name) => {
              if (name !== 'x-shopify-access-token') headers[name] = value;
            });
            const response = await send({
              operation,
              method: 'POST',
              path: GRAPHQL_PATH,
              headers,
              rawBody: typeof init?.body === 'string' ? init.body : undefined,
              ...(cost === undefined ? {} : { cost }),
              ...(options.signal ? { signal: options.signal } : {}),
            });
            return new Response(response.text, { status: response.status, headers: response.headers });
          } catch (error) {
            failure = error;
            throw error;
          }
        },
      });
      let response: Response;
      try {
        response = await client.fetch(document, { variables: variables ?? {} });
      } catch (error) {
        throw failure ?? error;
      }
      const envelope = envelopeOf(await response.json());
      if (envelope?.data === undefined || envelope.data === null) {
        throw new InvalidPayloadError(`shopify ${operation}: response has no data`, {
          platform: 'shopify',
          storeId: options.storeId,
          operation,
          status: response.status,
        });
      }
      return envelope.data;
    },
  };
}
