import { IsoDateTime } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { PUBLISHABLE_KEY_HEADER } from '../../track/track-input';
import { json, problem } from '../shared/responses';

export const ONSITE_MESSAGES_PATH = '/v1/track/messages';
export const PUBLISHABLE_KEY_SCHEME = 'publishableKey';

/** Security requirement of the storefront routes: the store's publishable key, not an API key. */
const PUBLISHABLE = [{ [PUBLISHABLE_KEY_SCHEME]: [] }];

const StorefrontErrors = {
  400: problem('Invalid parameters: `errors` lists each failing field'),
  401: problem('Missing or unknown publishable key, or the store is not active'),
  429: problem('Rate limit exceeded for this publishable key'),
} as const;

const KeyHeader = z.object({
  [PUBLISHABLE_KEY_HEADER]: z
    .string()
    .optional()
    .openapi({ description: "The store's publishable key (`cw_pk_…`).", example: 'cw_pk_0123456789abcdef' }),
});

const CustomerQuery = z.object({
  customer: z.string().min(1).max(100).openapi({
    description: 'The Cartwire id of the signed-in customer.',
    example: 'cus_01jc9q3m2v8x7k4d5f6g7h8j9k',
  }),
});

export const OnsiteMessage = z
  .object({
    object: z.literal('onsite_message'),
    id: z.string().openapi({ example: 'osm_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    customerId: z.string(),
    template: z
      .string()
      .openapi({ description: 'The template the workflow step rendered.', example: 'cart-banner' }),
    content: z.record(z.string(), z.unknown()).openapi({
      description: 'What to show, as the workflow rendered it (title, body, image, call to action…).',
      example: { title: 'Still thinking it over?', body: 'Your cart is saved.', url: '/cart' },
    }),
    createdAt: IsoDateTime,
    expiresAt: IsoDateTime.nullable().openapi({
      description: 'Hidden from this time on; null: until dismissed.',
    }),
    seenAt: IsoDateTime.nullable().openapi({ description: 'When the storefront first read it.' }),
  })
  .openapi('OnsiteMessage');

export const OnsiteMessageList = z
  .object({ object: z.literal('list'), data: z.array(OnsiteMessage) })
  .openapi('OnsiteMessageList');

export const DismissedOnsiteMessage = z
  .object({ object: z.literal('onsite_message'), id: z.string(), dismissedAt: IsoDateTime })
  .openapi('DismissedOnsiteMessage');

export const listOnsiteMessagesRoute = createRoute({
  method: 'get',
  path: ONSITE_MESSAGES_PATH,
  tags: ['Storefront'],
  summary: "List a customer's onsite messages",
  description:
    'For the storefront: the visible (not dismissed, not expired) messages workflows left for the customer, ' +
    "newest first. Authenticated by the store's publishable key; CORS is open to any origin. Reading marks " +
    'them seen.',
  security: PUBLISHABLE,
  request: {
    headers: KeyHeader,
    query: CustomerQuery.extend({
      limit: z.coerce.number().int().min(1).max(50).default(20).openapi({ example: 20 }),
    }),
  },
  responses: { 200: json(OnsiteMessageList, "The customer's visible messages"), ...StorefrontErrors },
});

export const dismissOnsiteMessageRoute = createRoute({
  method: 'post',
  path: `${ONSITE_MESSAGES_PATH}/{messageId}/dismiss`,
  tags: ['Storefront'],
  summary: 'Dismiss an onsite message',
  description:
    'Hides the message for good. Dismissing twice answers the first dismissal (the call is idempotent by ' +
    "nature, so no Idempotency-Key is needed); another customer's or store's message is 404.",
  security: PUBLISHABLE,
  request: {
    headers: KeyHeader,
    params: z.object({
      messageId: z
        .string()
        .min(1)
        .openapi({ param: { name: 'messageId', in: 'path' }, example: 'osm_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    }),
    query: CustomerQuery,
  },
  responses: {
    200: json(DismissedOnsiteMessage, 'Dismissed'),
    404: problem('No such message for this customer in this store'),
    ...StorefrontErrors,
  },
});
