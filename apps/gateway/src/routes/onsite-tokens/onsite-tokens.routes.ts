import { IsoDateTime } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import {
  DEFAULT_CUSTOMER_TOKEN_TTL_SECONDS,
  MAX_CUSTOMER_TOKEN_TTL_SECONDS,
} from '../../track/customer-tokens';
import { AUTHED_ERRORS, BEARER, json, problem, StoreIdParam } from '../shared/responses';

export const OnsiteTokenRequest = z
  .object({
    customerId: z.string().min(1).max(100).openapi({
      description: 'The Cartwire id of the customer signed in on the storefront.',
      example: 'cus_01jc9q3m2v8x7k4d5f6g7h8j9k',
    }),
    ttlSeconds: z
      .number()
      .int()
      .min(60)
      .max(MAX_CUSTOMER_TOKEN_TTL_SECONDS)
      .default(DEFAULT_CUSTOMER_TOKEN_TTL_SECONDS)
      .openapi({ description: 'How long the token is accepted (at most 30 days).', example: 86_400 }),
  })
  .strict()
  .openapi('OnsiteTokenRequest');

export const OnsiteToken = z
  .object({
    object: z.literal('onsite_token'),
    token: z.string().openapi({
      description: 'Send it in `X-Cartwire-Customer-Token` with the publishable key.',
      example: 'cw_ct_t5xk0w.7b1c…',
    }),
    storeId: z.string(),
    customerId: z.string(),
    expiresAt: IsoDateTime,
  })
  .openapi('OnsiteToken');

export const createOnsiteTokenRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{storeId}/onsite-tokens',
  tags: ['Storefront'],
  summary: 'Issue a customer token for the storefront',
  description:
    'Your backend calls this with the secret key for the customer it knows is signed in, and renders the ' +
    'token into the page. The storefront routes (onsite messages, push devices) require it next to the ' +
    "publishable key, so a visitor cannot read another customer's messages by guessing ids. The token is " +
    'an HMAC of the store, the customer and the expiry with a per-store secret; nothing is stored.',
  security: BEARER,
  request: {
    params: StoreIdParam,
    body: { content: { 'application/json': { schema: OnsiteTokenRequest } }, required: true },
  },
  responses: {
    201: json(OnsiteToken, 'The token'),
    ...AUTHED_ERRORS,
    404: problem('No such store for this tenant'),
  },
});
