import { AnyEvent, EventTypePattern } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

export const EventList = listOf(AnyEvent, 'EventList');

export const ListEventsQuery = z.object({
  after: z.string().min(1).optional().openapi({
    description: '`next_cursor` of a previous page: only events after it. From the oldest when omitted.',
  }),
  type: z.string().min(1).optional().openapi({
    description: 'Comma-separated event types or wildcard patterns, e.g. `order.*,cart.abandoned`.',
    example: 'order.*',
  }),
  store_id: z.string().min(1).optional().openapi({ description: 'Only events of this store.' }),
  limit: z.coerce.number().int().min(1).max(250).default(50),
});

/** `type` split on commas, each entry a known type or pattern. */
export const EventTypeList = z.array(EventTypePattern).min(1);

export const listEventsRoute = createRoute({
  method: 'get',
  path: '/v1/events',
  tags: ['Events'],
  summary: 'Read the event log',
  description:
    'Oldest first, in the order events were recorded. Keep the last `next_cursor` and poll with `after` ' +
    'to receive only newer events.',
  security: BEARER,
  request: { query: ListEventsQuery },
  responses: { 200: json(EventList, 'One page of events'), ...AUTHED_ERRORS, 404: problem('No such store') },
});

export const getEventRoute = createRoute({
  method: 'get',
  path: '/v1/events/{id}',
  tags: ['Events'],
  summary: 'Get one event',
  security: BEARER,
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .openapi({ param: { name: 'id', in: 'path' }, example: 'evt_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    }),
  },
  responses: {
    200: json(AnyEvent, 'The event'),
    ...AUTHED_ERRORS,
    404: problem('No such event for this tenant'),
  },
});
