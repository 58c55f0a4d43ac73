import { IsoDateTime } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../shared/idempotency';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().openapi(IDEMPOTENCY_KEY_HEADER_DOC),
});

const EXAMPLE_BODY =
  '<table>{% for p in recommendations %}<tr><td><a href="{{ p.url }}">{{ p.title }}</a></td>' +
  '<td>{{ p.price | money }}</td></tr>{% endfor %}</table>';

export const ContentBlock = z
  .object({
    object: z.literal('content_block'),
    name: z.string().openapi({
      description: "What templates render: `{% render 'product_grid' %}`.",
      example: 'product_grid',
    }),
    description: z.string().nullable(),
    body: z.string().openapi({ description: 'Liquid (HTML).', example: EXAMPLE_BODY }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('ContentBlock');

export const ContentBlockList = listOf(ContentBlock, 'ContentBlockList');

export const CreateContentBlockBody = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)
      .openapi({ example: 'product_grid' }),
    description: z.string().max(2000).nullable().optional().openapi({ example: 'Recommended products' }),
    body: z.string().min(1).openapi({ example: EXAMPLE_BODY }),
  })
  .openapi('CreateContentBlock', {
    description:
      'A reusable Liquid snippet (shipping & returns, product grid, FAQ). Its variables are checked against ' +
      'every render context; a 400 lists each problem with line and column in `problems`.',
  });

export const UpdateContentBlockBody = z
  .object({
    description: z.string().max(2000).nullable().optional(),
    body: z.string().min(1).optional(),
  })
  .openapi('UpdateContentBlock', {
    description:
      'A new body must keep every template that renders the block valid in its own context; otherwise ' +
      'the 400 lists the problems it would cause, by template.',
  });

export const BlockNameParam = z.object({
  name: z
    .string()
    .min(1)
    .openapi({ param: { name: 'name', in: 'path' }, example: 'product_grid' }),
});

const tags = ['Templates'];
const notFound = { 404: problem('No such content block for this tenant') };

export const createBlockRoute = createRoute({
  method: 'post',
  path: '/v1/content-blocks',
  tags,
  summary: 'Create a content block',
  security: BEARER,
  request: {
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: CreateContentBlockBody } }, required: true },
  },
  responses: {
    201: json(ContentBlock, 'Created'),
    ...AUTHED_ERRORS,
    409: problem('A block with this name exists'),
    422: problem('The Idempotency-Key was used for another request'),
  },
});

export const listBlocksRoute = createRoute({
  method: 'get',
  path: '/v1/content-blocks',
  tags,
  summary: 'List content blocks',
  security: BEARER,
  responses: { 200: json(ContentBlockList, 'By name'), ...AUTHED_ERRORS },
});

export const getBlockRoute = createRoute({
  method: 'get',
  path: '/v1/content-blocks/{name}',
  tags,
  summary: 'Get a content block',
  security: BEARER,
  request: { params: BlockNameParam },
  responses: { 200: json(ContentBlock, 'The block'), ...AUTHED_ERRORS, ...notFound },
});

export const updateBlockRoute = createRoute({
  method: 'patch',
  path: '/v1/content-blocks/{name}',
  tags,
  summary: 'Update a content block',
  security: BEARER,
  request: {
    params: BlockNameParam,
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: UpdateContentBlockBody } }, required: true },
  },
  responses: { 200: json(ContentBlock, 'The updated block'), ...AUTHED_ERRORS, ...notFound },
});

export const deleteBlockRoute = createRoute({
  method: 'delete',
  path: '/v1/content-blocks/{name}',
  tags,
  summary: 'Delete a content block',
  security: BEARER,
  request: { params: BlockNameParam },
  responses: {
    204: { description: 'Deleted' },
    ...AUTHED_ERRORS,
    ...notFound,
    409: problem('Templates or other blocks render it (`templates` lists them)'),
  },
});
