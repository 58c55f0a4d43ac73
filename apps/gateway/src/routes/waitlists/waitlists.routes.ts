import { createRoute, z } from '@hono/zod-openapi';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

export const WaitlistSubscription = z
  .object({
    object: z.literal('waitlist_subscription'),
    id: z.string().openapi({ example: 'wls_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    storeId: z.string(),
    variantId: z.string(),
    productId: z.string(),
    customerId: z
      .string()
      .nullable()
      .openapi({ description: 'Cartwire customer id, when subscribed as one.' }),
    email: z.string().nullable().openapi({ description: 'Email the alert goes to, when known.' }),
    channel: z
      .string()
      .nullable()
      .openapi({ description: 'Channel the shopper asked for; null: the workflow decides.' }),
    status: z.enum(['active', 'notified']).openapi({
      description: '`active` until a back-in-stock alert reached the shopper, then `notified`.',
    }),
    createdAt: z.string().openapi({ example: '2026-12-07T10:00:00.000Z' }),
    notifiedAt: z.string().nullable(),
  })
  .openapi('WaitlistSubscription', { description: 'A shopper waiting for a variant to be back in stock.' });

const WaitlistParams = z.object({
  storeId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'storeId', in: 'path' }, example: 'sto_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
  variantId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'variantId', in: 'path' }, example: 'var_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

const SubscriptionParams = WaitlistParams.extend({
  subscriptionId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'subscriptionId', in: 'path' }, example: 'wls_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
});

export const SubscribeToWaitlistBody = z
  .object({
    customerId: z.string().min(1).max(200).optional().openapi({
      description: 'A customer of this store (cus_…); their email is used when `email` is absent.',
    }),
    email: z.email().max(320).optional().openapi({ description: 'For shoppers without an account.' }),
    channel: z.enum(['email', 'sms', 'push', 'onsite', 'webhook']).optional().openapi({
      description: 'Channel the shopper asked to be alerted on.',
    }),
  })
  .refine((body) => body.customerId !== undefined || body.email !== undefined, {
    message: 'give a customerId or an email',
    path: ['customerId'],
  })
  .openapi('SubscribeToWaitlist');

const ListWaitlistQuery = z.object({
  limit: z.coerce.number().int().min(1).max(250).default(50).openapi({ example: 50 }),
  cursor: z.string().min(1).max(300).optional().openapi({ description: 'From `next_cursor`.' }),
  status: z.enum(['active', 'notified']).optional(),
});

const NOT_FOUND = { 404: problem('No such store, variant or subscription in this tenant') };

export const subscribeToWaitlistRoute = createRoute({
  method: 'post',
  path: '/v1/stores/{storeId}/variants/{variantId}/waitlist',
  tags: ['Workflows'],
  summary: 'Subscribe a shopper to a variant’s back-in-stock waitlist',
  description:
    'Puts a customer (or an email) on the variant’s waitlist and records a `waitlist.subscribed` event, which ' +
    'workflows trigger on (the shipped back-in-stock workflow alerts waitlist subscribers first). Idempotent ' +
    'per subscriber: subscribing again while waiting returns the same subscription with 200 and records no ' +
    'second event; after an alert it waits again (201).',
  security: BEARER,
  request: {
    params: WaitlistParams,
    body: { content: { 'application/json': { schema: SubscribeToWaitlistBody } }, required: true },
  },
  responses: {
    201: json(WaitlistSubscription, 'Subscribed'),
    200: json(WaitlistSubscription, 'Already on the waitlist: the existing subscription'),
    ...AUTHED_ERRORS,
    ...NOT_FOUND,
  },
});

export const listWaitlistRoute = createRoute({
  method: 'get',
  path: '/v1/stores/{storeId}/variants/{variantId}/waitlist',
  tags: ['Workflows'],
  summary: 'List a variant’s waitlist',
  description: 'Subscriptions in the order shoppers joined (oldest first), filterable by status.',
  security: BEARER,
  request: { params: WaitlistParams, query: ListWaitlistQuery },
  responses: {
    200: json(listOf(WaitlistSubscription, 'WaitlistSubscriptionList'), 'A page of subscriptions'),
    ...AUTHED_ERRORS,
    ...NOT_FOUND,
  },
});

export const unsubscribeFromWaitlistRoute = createRoute({
  method: 'delete',
  path: '/v1/stores/{storeId}/variants/{variantId}/waitlist/{subscriptionId}',
  tags: ['Workflows'],
  summary: 'Remove a subscription from a variant’s waitlist',
  security: BEARER,
  request: { params: SubscriptionParams },
  responses: {
    204: { description: 'Removed' },
    ...AUTHED_ERRORS,
    ...NOT_FOUND,
  },
});
