import {
  ChannelKind,
  EmailSettings,
  Offer,
  TemplateContextKind,
  UtmStandard,
} from '@cartwire/automation-sdk';
import { IsoDateTime } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import { IDEMPOTENCY_KEY_HEADER_DOC } from '../shared/idempotency';
import { AUTHED_ERRORS, BEARER, json, listOf, problem } from '../shared/responses';

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().openapi(IDEMPOTENCY_KEY_HEADER_DOC),
});

const liquid = (description: string, example: string) =>
  z.string().nullable().openapi({ description, example });

const EXAMPLE_HTML =
  '<p>Hi {{ customer.first_name }},</p><ul>{% for line in cart.lines %}<li>{{ line.title }} × ' +
  '{{ line.quantity }} — {{ line.line_price | money }}</li>{% endfor %}</ul>' +
  '<a href="{{ cart.url }}">Back to your cart</a>{% render \'product_grid\' %}';

export const Template = z
  .object({
    object: z.literal('template'),
    id: z.string().openapi({ example: 'tpl_01jc9q3m2v8x7k4d5f6g7h8j9k' }),
    key: z.string().openapi({
      description: 'What send nodes name (`template` of a send node).',
      example: 'abandoned-cart',
    }),
    name: z.string(),
    channel: ChannelKind,
    context: TemplateContextKind,
    subject: z.string().nullable(),
    html: z.string().nullable(),
    text: z.string().nullable().openapi({ description: 'Null: derived from the HTML at render time.' }),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .openapi('Template');

export const TemplateList = listOf(Template, 'TemplateList');

const templateFields = {
  name: z.string().min(1).max(200).openapi({ example: 'Abandoned cart reminder' }),
  channel: ChannelKind.optional().openapi({ description: 'Default `email`.' }),
  context: TemplateContextKind,
  subject: liquid(
    'Liquid; required for email.',
    '{{ customer.first_name }}, your cart is waiting',
  ).optional(),
  html: liquid(
    "Liquid; output is HTML-escaped. Content blocks: `{% render 'name' %}`.",
    EXAMPLE_HTML,
  ).optional(),
  text: liquid(
    'Liquid; for email, derived from the HTML when null.',
    'Back to your cart: {{ cart.url }}',
  ).optional(),
};

export const CreateTemplateBody = z
  .object({
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)
      .openapi({ example: 'abandoned-cart' }),
    ...templateFields,
  })
  .openapi('CreateTemplate', {
    description:
      'A Liquid template. Saving checks it against its context: a syntax error, a variable the context ' +
      'does not have or a content block that does not exist is a 400 listing every problem in `problems` ' +
      '(part, block, line, column, code, message).',
  });

export const UpdateTemplateBody = z
  .object({
    name: templateFields.name.optional(),
    context: TemplateContextKind.optional(),
    subject: templateFields.subject,
    html: templateFields.html,
    text: templateFields.text,
  })
  .openapi('UpdateTemplate');

const previewFields = {
  customerId: z.string().min(1).openapi({
    description: 'A stored customer of this tenant.',
    example: 'cus_01jc9q3m2v8x7k4d5f6g7h8j9k',
  }),
  cartId: z.string().min(1).optional().openapi({ description: 'Default: the customer’s latest cart.' }),
  orderId: z.string().min(1).optional().openapi({ description: 'Default: the customer’s latest order.' }),
  productId: z
    .string()
    .min(1)
    .optional()
    .openapi({ description: 'Default: the first product of the cart/order, else the latest product.' }),
  offer: Offer.optional().openapi({ description: 'The offer to show (default none).' }),
  offerCode: z.string().min(1).max(100).optional().openapi({ description: 'Shown as `offer.code`.' }),
};

export const PreviewBody = z.object(previewFields).openapi('TemplatePreviewRequest');
export const PreviewUnsavedBody = z
  .object({ template: CreateTemplateBody, ...previewFields })
  .openapi('UnsavedTemplatePreviewRequest');

export const TemplatePreview = z
  .object({
    object: z.literal('template_preview'),
    subject: z.string().nullable(),
    html: z.string().nullable(),
    text: z.string().nullable(),
    records: z
      .object({
        customerId: z.string(),
        cartId: z.string().nullable(),
        orderId: z.string().nullable(),
        productId: z.string().nullable(),
      })
      .openapi({ description: 'The records the preview rendered.' }),
  })
  .openapi('TemplatePreview', {
    description:
      'The template rendered as a send would (strictly), without UTM tags; the unsubscribe link carries ' +
      'the token `preview`.',
  });

export const TemplateIdParam = z.object({
  templateId: z
    .string()
    .min(1)
    .openapi({ param: { name: 'templateId', in: 'path' }, example: 'abandoned-cart' }),
});

const tags = ['Templates'];
const notFound = { 404: problem('No such template for this tenant') };
const previewErrors = {
  404: problem('No such template, customer, cart, order or product; or no cart/order to render'),
};

export const createTemplateRoute = createRoute({
  method: 'post',
  path: '/v1/templates',
  tags,
  summary: 'Create a template',
  description: 'Stores a Liquid template after checking it against its context and the content blocks.',
  security: BEARER,
  request: {
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: CreateTemplateBody } }, required: true },
  },
  responses: {
    201: json(Template, 'Created'),
    ...AUTHED_ERRORS,
    409: problem('A template with this key exists'),
    422: problem('The Idempotency-Key was used for another request'),
  },
});

export const listTemplatesRoute = createRoute({
  method: 'get',
  path: '/v1/templates',
  tags,
  summary: 'List templates',
  security: BEARER,
  responses: { 200: json(TemplateList, 'By key'), ...AUTHED_ERRORS },
});

export const getTemplateRoute = createRoute({
  method: 'get',
  path: '/v1/templates/{templateId}',
  tags,
  summary: 'Get a template',
  description: 'By id (`tpl_…`) or key.',
  security: BEARER,
  request: { params: TemplateIdParam },
  responses: { 200: json(Template, 'The template'), ...AUTHED_ERRORS, ...notFound },
});

export const updateTemplateRoute = createRoute({
  method: 'patch',
  path: '/v1/templates/{templateId}',
  tags,
  summary: 'Update a template',
  description: 'Checked like a new template; the key cannot change (workflows name it).',
  security: BEARER,
  request: {
    params: TemplateIdParam,
    headers: IdempotencyHeaders,
    body: { content: { 'application/json': { schema: UpdateTemplateBody } }, required: true },
  },
  responses: { 200: json(Template, 'The updated template'), ...AUTHED_ERRORS, ...notFound },
});

export const deleteTemplateRoute = createRoute({
  method: 'delete',
  path: '/v1/templates/{templateId}',
  tags,
  summary: 'Delete a template',
  security: BEARER,
  request: { params: TemplateIdParam },
  responses: { 204: { description: 'Deleted' }, ...AUTHED_ERRORS, ...notFound },
});

export const previewTemplateRoute = createRoute({
  method: 'post',
  path: '/v1/templates/{templateId}/preview',
  tags,
  summary: 'Preview a template for a customer',
  description:
    'Renders the template for a stored customer with their latest cart or order (or the ones given) and ' +
    'a product. A variable missing at render time is a 400, never a blank.',
  security: BEARER,
  request: {
    params: TemplateIdParam,
    body: { content: { 'application/json': { schema: PreviewBody } }, required: true },
  },
  responses: { 200: json(TemplatePreview, 'Rendered'), ...AUTHED_ERRORS, ...previewErrors },
});

export const previewUnsavedRoute = createRoute({
  method: 'post',
  path: '/v1/templates/preview',
  tags,
  summary: 'Preview an unsaved template',
  description: 'Checks and renders a template that is not stored (e.g. from an editor) for a customer.',
  security: BEARER,
  request: { body: { content: { 'application/json': { schema: PreviewUnsavedBody } }, required: true } },
  responses: { 200: json(TemplatePreview, 'Rendered'), ...AUTHED_ERRORS, ...previewErrors },
});

// `.extend({})` builds the schema anew after @hono/zod-openapi has loaded: a schema the SDK built before it
// (e.g. when the SDK is imported first, as `npm start` does) has no `.openapi` method.
export const EmailSettingsBody = EmailSettings.extend({}).openapi('EmailSettings', {
  description:
    'How the tenant’s email goes out. `unsubscribeUrl` is the one-click endpoint (RFC 8058) with `{token}` ' +
    'where the recipient’s signed token goes; `unsubscribeMailto` receives mailto unsubscribes.',
  example: {
    from: 'Acme Shop <news@acme.example>',
    replyTo: 'Acme Help <help@acme.example>',
    unsubscribeMailto: 'unsubscribe@acme.example',
    unsubscribeUrl: 'https://acme.example/email/unsubscribe/{token}',
    shopName: 'Acme',
    shopUrl: 'https://acme.example',
  },
});

export const UtmStandardBody = UtmStandard.extend({}).openapi('UtmStandard', {
  description:
    'utm_* parameters added to every http(s) link of every message. Placeholders: `{channel}`, ' +
    '`{workflow}`, `{step}`, `{variant}`, `{template}`; a `[…]` segment is dropped when a placeholder in ' +
    'it is empty. Links that already carry utm_* keep them unless `overwrite`.',
  example: { source: 'cartwire', medium: '{channel}', campaign: '{workflow}', content: '{step}[-{variant}]' },
});

export const MessagingSettings = z
  .object({
    object: z.literal('messaging_settings'),
    email: z
      .object({
        from: z.string(),
        replyTo: z.string().nullable(),
        unsubscribeMailto: z.string(),
        unsubscribeUrl: z.string(),
        shopName: z.string(),
        shopUrl: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: 'Null until configured: email sends are refused until then.' }),
    utm: z.object({
      source: z.string(),
      medium: z.string(),
      campaign: z.string(),
      content: z.string(),
      overwrite: z.boolean(),
      excludeHosts: z.array(z.string()),
    }),
  })
  .openapi('MessagingSettings');

const settingsTags = ['Templates'];

export const getSettingsRoute = createRoute({
  method: 'get',
  path: '/v1/messaging-settings',
  tags: settingsTags,
  summary: 'Get messaging settings',
  description: 'The email sender and unsubscribe addresses, and the UTM standard (defaults until set).',
  security: BEARER,
  responses: { 200: json(MessagingSettings, 'The settings'), ...AUTHED_ERRORS },
});

export const putEmailSettingsRoute = createRoute({
  method: 'put',
  path: '/v1/messaging-settings/email',
  tags: settingsTags,
  summary: 'Set the email sender and unsubscribe addresses',
  security: BEARER,
  request: { body: { content: { 'application/json': { schema: EmailSettingsBody } }, required: true } },
  responses: { 200: json(MessagingSettings, 'The settings'), ...AUTHED_ERRORS },
});

export const putUtmStandardRoute = createRoute({
  method: 'put',
  path: '/v1/messaging-settings/utm',
  tags: settingsTags,
  summary: 'Set the UTM standard',
  security: BEARER,
  request: { body: { content: { 'application/json': { schema: UtmStandardBody } }, required: true } },
  responses: { 200: json(MessagingSettings, 'The settings'), ...AUTHED_ERRORS },
});
