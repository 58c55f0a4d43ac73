import { IsoDateTime } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { CUSTOMER_TOKEN_HEADER } from '../../track/customer-tokens';
import { PUBLISHABLE_KEY_HEADER } from '../../track/track-input';
import { json, problem } from '../shared/responses';

export const ONSITE_MESSAGES_PATH = '/v1/track/messages';
export const PUSH_DEVICES_PATH = '/v1/track/devices';
export const PUBLISHABLE_KEY_SCHEME = 'publishableKey';

/** Security requirement of the storefront routes: the store's publishable key, not an API key. */
const PUBLISHABLE = [{ [PUBLISHABLE_KEY_SCHEME]: [] }];

const StorefrontErrors = {
  400: problem('Invalid parameters: `errors` lists each failing field'),
  401: problem(
    'Missing or unknown publishable key, the store is not active, or the customer token is missing, ' +
      'expired or for another customer',
  ),
  429: problem('Rate limit exceeded for this publishable key'),
} as const;

const KeyHeader = z.object({
  [PUBLISHABLE_KEY_HEADER]: z
    .string()
    .optional()
    .openapi({ description: "The store's publishable key (`cw_pk_…`).", example: 'cw_pk_0123456789abcdef' }),
  [CUSTOMER_TOKEN_HEADER.toLowerCase()]: z
    .string()
    .optional()
    .openapi({
      description:
        "The signed-in customer's token from `POST /v1/stores/{storeId}/onsite-tokens` (your backend issues " +
        'it); required.',
      example: 'cw_ct_t5xk0w.7b1c…',
    }),
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
    "newest first. Authenticated by the store's publishable key and the customer's signed token; CORS is " +
    'open to any origin. Reading marks them seen.',
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

export const PushDevice = z
  .object({
    object: z.literal('push_device'),
    customerId: z.string(),
    platform: z.string().nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('PushDevice');

const DeviceToken = z.string().min(8).max(4096).openapi({
  description: 'The device token the push provider issued to the app (FCM registration token, APNs token).',
  example: 'fcm:dQw4w9WgXcQ:APA91bH…',
});

export const registerPushDeviceRoute = createRoute({
  method: 'post',
  path: PUSH_DEVICES_PATH,
  tags: ['Storefront'],
  summary: "Register a customer's push device",
  description:
    "For the app: the device token push notifications for the signed-in customer go to, through the tenant's " +
    'push provider. Registering a token again moves it to this customer (a shared device). Tokens the ' +
    'provider reports as unregistered are removed when a send finds them.',
  security: PUBLISHABLE,
  request: {
    headers: KeyHeader,
    query: CustomerQuery,
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              token: DeviceToken,
              platform: z.enum(['ios', 'android', 'web']).nullable().default(null),
            })
            .strict(),
        },
      },
      required: true,
    },
  },
  responses: { 200: json(PushDevice, 'Registered'), ...StorefrontErrors },
});

export const unregisterPushDeviceRoute = createRoute({
  method: 'post',
  path: `${PUSH_DEVICES_PATH}/unregister`,
  tags: ['Storefront'],
  summary: "Unregister a customer's push device",
  description: 'On sign-out: no more notifications for the customer go to this device.',
  security: PUBLISHABLE,
  request: {
    headers: KeyHeader,
    query: CustomerQuery,
    body: {
      content: { 'application/json': { schema: z.object({ token: DeviceToken }).strict() } },
      required: true,
    },
  },
  responses: {
    204: { description: 'Unregistered' },
    404: problem('No such device for this customer in this store'),
    ...StorefrontErrors,
  },
});
