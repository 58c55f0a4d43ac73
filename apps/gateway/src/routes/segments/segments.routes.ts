import { IsoDateTime, Money } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../shared/idempotency';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().openapi(IDEMPOTENCY_KEY_HEADER_DOC),
});

// The rule is validated by the SDK, which lists every problem of the tree at once (unknown fields,
// operators a field does not take, values of the wrong type, event paths an event type lacks).
const Rule = z.record(z.string(), z.unknown()).openapi({
  description:
    'A rule tree: `{all: […]}`, `{any: […]}`, `{not: …}`, `{field, op, value}` on customer fields and ' +
    'metrics (`customer.tags`, `metrics.totalSpent`, `metrics.daysSinceLastOrder`, `metrics.recencyScore`, …) ' +
    'or `{event: {type, within, where, count}}` on the event log. A 400 lists every problem in `problems`.',
  example: {
    all: [
      {
        event: {
          type: 'category.viewed',
          within: 'P7D',
          where: [{ path: 'collectionId', op: 'eq', value: 'col_01jc9q3m2v8x7k4d5f6g7h8j9k' }],
        },
      },
      { not: { event: { type: 'order.created', within: 'P7D' } } },
      { field: 'metrics.totalSpent', op: 'gte', value: '100' },
    ],
  },
});

export const Segment = z
  .object({
    object: z.literal('segment'),
    id: z.string().openapi({ example: 'seg_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    name: z.string().openapi({ example: 'Browsed tops, did not buy' }),
    description: z.string().nullable(),
    storeId: z
      .string()
      .nullable()
      .openapi({ description: 'Only customers of this store; null: every store.' }),
    rule: Rule,
    version: z.number().int().openapi({ description: 'Bumped by every rule or store change.' }),
    memberCount: z.number().int(),
    materializedAt: IsoDateTime.nullable().openapi({ description: 'Last full materialization.' }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('Segment');

export const MaterializeSummary = z
  .object({
    entered: z
      .number()
      .int()
      .openapi({ description: 'Customers who entered (one segment.entered event each).' }),
    exited: z.number().int().openapi({ description: 'Customers who left (one segment.exited event each).' }),
    members: z.number().int(),
  })
  .openapi('SegmentMaterialization');

export const SegmentWithMaterialization = Segment.extend({
  materialization: MaterializeSummary.nullable().openapi({
    description: 'What this request changed in the membership; null when the rule did not change.',
  }),
}).openapi('SegmentWithMaterialization');

export const SegmentMember = z
  .object({
    object: z.literal('segment_member'),
    customerId: z.string(),
    storeId: z.string(),
    enteredAt: IsoDateTime,
  })
  .openapi('SegmentMember');

export const CustomerSegment = z
  .object({
    object: z.literal('customer_segment'),
    segment: Segment,
    enteredAt: IsoDateTime,
  })
  .openapi('CustomerSegment');

export const SegmentPreview = z
  .object({
    object: z.literal('segment_preview'),
    count: z.number().int().openapi({ description: 'Customers the rule selects now.' }),
    sample: z.array(
      z.object({
        customerId: z.string(),
        storeId: z.string(),
        email: z.string().nullable(),
        firstName: z.string().nullable(),
        lastName: z.string().nullable(),
      }),
    ),
  })
  .openapi('SegmentPreview');

export const CustomerMetrics = z
  .object({
    object: z.literal('customer_metrics'),
    customerId: z.string(),
    storeId: z.string(),
    ordersCount: z.number().int().openapi({ description: 'Orders not cancelled, drafts, voided or failed.' }),
    totalSpent: Money.nullable().openapi({
      description: 'Order totals net of refunds; null when no currency is known.',
    }),
    averageOrderValue: Money.nullable(),
    firstOrderAt: IsoDateTime.nullable(),
    lastOrderAt: IsoDateTime.nullable(),
    daysSinceLastOrder: z.number().int().nullable().openapi({ description: 'At the time of the request.' }),
    refundedAmount: Money.nullable(),
    refundRate: z
      .string()
      .nullable()
      .openapi({ description: 'Share of orders with a refund (0..1).', example: '0.25' }),
    discountOrderShare: z
      .string()
      .nullable()
      .openapi({ description: 'Share of orders with a discount (0..1).' }),
    discountRevenueShare: z
      .string()
      .nullable()
      .openapi({ description: 'Share of net revenue from discounted orders (0..1).' }),
    categoryAffinity: z
      .array(z.object({ collectionId: z.string(), spend: Money.nullable() }))
      .openapi({ description: 'Top categories (collections) by spend, highest first.' }),
    marginContributed: Money.nullable().openapi({
      description: 'Revenue minus unit costs over lines whose cost is known; null when none is.',
    }),
    rfm: z
      .object({ recency: z.number().int(), frequency: z.number().int(), monetary: z.number().int() })
      .nullable()
      .openapi({ description: 'Quintile scores 1..5 within the store (5 best); null without orders.' }),
    promoPressure: z.number().int().openapi({ description: 'Discount messages received within the window.' }),
    promoPressureWindow: z.string().openapi({ example: 'P7D' }),
    computedAt: IsoDateTime,
  })
  .openapi('CustomerMetrics');

export const SegmentList = listOf(Segment, 'SegmentList');
export const SegmentMemberList = listOf(SegmentMember, 'SegmentMemberList');
export const CustomerSegmentList = listOf(CustomerSegment, 'CustomerSegmentList');

const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000).nullable();
const storeId = z.string().min(1).nullable().openapi({ description: 'Only customers of this store.' });

export const CreateSegmentBody = z
  .object({ name, description: description.optional(), storeId: storeId.optional(), rule: Rule })
  .openapi('CreateSegment');
export const UpdateSegmentBody = z
  .object({
    name: name.optional(),
    description: description.optional(),
    storeId: storeId.optional(),
    rule: Rule.optional(),
  })
  .openapi('UpdateSegment');
export const PreviewBody = z
  .object({
    rule: Rule,
    storeId: storeId.optional(),
    sampleSize: z.number().int().min(0).max(100).default(10),
  })
  .openapi('PreviewSegment');

const id = (param: string, example: string) =>
  z
    .string()
    .min(1)
    .openapi({ param: { name: param, in: 'path' }, example });
export const SegmentIdParam = z.object({ segmentId: id('segmentId', 'seg_01jc9q3m2v8x7k4d5f6g7h8j9k') });
export const CustomerIdParam = z.object({ customerId: id('customerId', 'cus_01jc9q3m2v8x7k4d5f6g7h8j9k') });
export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(250)
    .default(50)
    .openapi({ description: 'Page size, at most 250.' }),
  cursor: z.string().min(1).optional().openapi({ description: '`next_cursor` of the previous page.' }),
});

const tags = ['Segments'];
const notFound = { 404: problem('No such segment for this tenant') };

export const createSegmentRoute = createRoute({
  method: 'post',
  path: '/v1/segments',
  tags,
  summary: 'Create a segment',
  description:
    'Validates the rule, stores the segment and materializes it at once: each member enters with a ' +
    '`segment.entered` event. Memberships then follow metric refreshes and a schedule.',
  security: BEARER,
  request: {
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: CreateSegmentBody } }, required: true },
  },
  responses: {
    201: json(SegmentWithMaterialization, 'Created and materialized'),
    ...AUTHED_ERRORS,
    422: problem('The Idempotency-Key was used for another request'),
  },
});

export const listSegmentsRoute = createRoute({
  method: 'get',
  path: '/v1/segments',
  tags,
  summary: 'List segments',
  security: BEARER,
  request: { query: PageQuery },
  responses: { 200: json(SegmentList, 'Newest first'), ...AUTHED_ERRORS },
});

export const previewSegmentRoute = createRoute({
  method: 'post',
  path: '/v1/segments/preview',
  tags,
  summary: 'Preview an unsaved rule',
  description: 'How many customers the rule selects now and a sample of them; nothing is stored.',
  security: BEARER,
  request: { body: { content: { 'application/json': { schema: PreviewBody } }, required: true } },
  responses: { 200: json(SegmentPreview, 'Count and sample'), ...AUTHED_ERRORS },
});

export const getSegmentRoute = createRoute({
  method: 'get',
  path: '/v1/segments/{segmentId}',
  tags,
  summary: 'Get a segment',
  security: BEARER,
  request: { params: SegmentIdParam },
  responses: { 200: json(Segment, 'The segment'), ...AUTHED_ERRORS, ...notFound },
});

export const updateSegmentRoute = createRoute({
  method: 'patch',
  path: '/v1/segments/{segmentId}',
  tags,
  summary: 'Update a segment',
  description:
    'A changed rule or store is a new version, re-materialized at once (entries and exits as events); a ' +
    'name or description change touches no membership.',
  security: BEARER,
  request: {
    params: SegmentIdParam,
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: UpdateSegmentBody } }, required: true },
  },
  responses: {
    200: json(SegmentWithMaterialization, 'Updated'),
    ...AUTHED_ERRORS,
    ...notFound,
    422: problem('The Idempotency-Key was used for another request'),
  },
});

export const deleteSegmentRoute = createRoute({
  method: 'delete',
  path: '/v1/segments/{segmentId}',
  tags,
  summary: 'Delete a segment',
  description:
    'Removes the segment; each member leaves with a `segment.exited` event, as when the rule stops matching.',
  security: BEARER,
  request: { params: SegmentIdParam },
  responses: { 204: { description: 'Deleted' }, ...AUTHED_ERRORS, ...notFound },
});

export const listMembersRoute = createRoute({
  method: 'get',
  path: '/v1/segments/{segmentId}/members',
  tags,
  summary: 'List members',
  security: BEARER,
  request: { params: SegmentIdParam, query: PageQuery },
  responses: { 200: json(SegmentMemberList, 'Most recent entries first'), ...AUTHED_ERRORS, ...notFound },
});

export const customerSegmentsRoute = createRoute({
  method: 'get',
  path: '/v1/customers/{customerId}/segments',
  tags,
  summary: "A customer's segments",
  security: BEARER,
  request: { params: CustomerIdParam },
  responses: {
    200: json(CustomerSegmentList, 'Segments the customer is in now, most recent entry first'),
    ...AUTHED_ERRORS,
    404: problem('No such customer for this tenant'),
  },
});

export const customerMetricsRoute = createRoute({
  method: 'get',
  path: '/v1/customers/{customerId}/metrics',
  tags: ['Customers'],
  summary: "A customer's metrics",
  description:
    'Orders, net spend, AOV, first/last order, RFM quintiles, category affinity, discount sensitivity, ' +
    'refund rate, promo pressure and margin, refreshed incrementally from the event log.',
  security: BEARER,
  request: { params: CustomerIdParam },
  responses: {
    200: json(CustomerMetrics, 'The metrics'),
    ...AUTHED_ERRORS,
    404: problem('No such customer for this tenant, or its metrics are not computed yet'),
  },
});
