import { IsoDateTime } from '@cartwire/model';
import { createRoute, z } from '@hono/zod-openapi';
import {
  AdsCatalogInput,
  AdsProviderInput,
  PushProviderInput,
  SmsProviderInput,
} from '../../providers/provider-settings';
import { AUTHED_ERRORS, BEARER, json, problem } from '../shared/responses';

const tags = ['Messaging providers'];

export const SecretState = z
  .object({
    configured: z.literal(true),
    last4: z
      .string()
      .openapi({ description: 'The last four characters, to tell secrets apart.', example: 'f3a9' }),
  })
  .openapi('SecretState', { description: 'A stored secret: never returned, only that it is set.' });

const CallbackUrl = z.url().openapi({
  description:
    'Where the provider must POST delivery statuses for this tenant (signed; see the README). SMS sends ' +
    'pass it with every message; configure it in the push provider once.',
  example: 'https://cartwire.example.com/callbacks/sms/ten_01jc9q3m2v8x7k4d5f6g7h8j9k',
});

export const SmsProviderBody = SmsProviderInput.extend({}).openapi('SmsProviderInput', {
  description:
    'A Twilio-style Messages API (Twilio or a compatible provider). `authToken` is required the first ' +
    'time and kept when left out later; it is the basic-auth password and the key status callbacks are ' +
    'signed with. `endpointUrl` must be https on a public address.',
  example: {
    endpointUrl: 'https://api.twilio.com/2010-04-01',
    accountId: 'AC0123456789abcdef0123456789abcdef',
    authToken: 'your-auth-token',
    from: '+15005550006',
    defaultCountry: 'DE',
  },
});

export const PushProviderBody = PushProviderInput.extend({}).openapi('PushProviderInput', {
  description:
    'An HTTP push gateway (`POST {endpointUrl}/messages` with bearer auth). `apiKey` is required the first ' +
    'time and kept when left out later. `callbackSecret` keys the `X-Signature` of status callbacks: give ' +
    "your provider's, or leave it out and one is generated and answered once.",
  example: { endpointUrl: 'https://push.example.com/v1', apiKey: 'pk_live_…' },
});

const AdsCatalogBody = AdsCatalogInput.extend({}).openapi('AdsCatalogInput', {
  description:
    'The Meta product catalogue item audiences (`subject: "items"`, e.g. pausing out-of-stock SKUs) act on. ' +
    'A pause sets `pauseLabel` to `pausedValue` on the items whose retailer id is the variant SKU ' +
    '(Catalog Batch API, `POST /{catalogId}/items_batch`), a resume empties it; the product sets your ads ' +
    'use must filter it out, e.g. `{"custom_label_4": {"neq": "cartwire_paused"}}`. Only SKUs Cartwire ' +
    'paused are ever resumed. Use a label your catalogue feed leaves empty. `null` turns item audiences off.',
  example: { catalogId: '1234567890123456', pauseLabel: 'custom_label_4', pausedValue: 'cartwire_paused' },
});

export const AdsProviderBody = AdsProviderInput.extend({
  catalog: AdsCatalogBody.nullable().default(null),
}).openapi('AdsProviderInput', {
  description:
    "Meta Custom Audiences and catalogue (Graph API). `audiences` maps the names workflows' customer " +
    'audience actions use to audience ids; an unmapped name is used as the id. `catalog` is where item ' +
    'audience actions pause and resume SKUs. `accessToken` (ads_management, and catalog_management for a ' +
    'catalogue) is required the first time.',
  example: {
    endpointUrl: 'https://graph.facebook.com/v21.0',
    accessToken: 'EAAB…',
    audiences: { 'cart-abandoners': '23851234567890123' },
    defaultCountry: 'DE',
    catalog: { catalogId: '1234567890123456', pauseLabel: 'custom_label_4', pausedValue: 'cartwire_paused' },
  },
});

const Times = { createdAt: IsoDateTime, updatedAt: IsoDateTime };

export const SmsProviderSettings = z
  .object({
    object: z.literal('sms_provider'),
    endpointUrl: z.string(),
    accountId: z.string(),
    from: z.string(),
    defaultCountry: z.string().nullable(),
    authToken: SecretState,
    callbackUrl: CallbackUrl,
    ...Times,
  })
  .openapi('SmsProviderSettings');

export const PushProviderSettings = z
  .object({
    object: z.literal('push_provider'),
    endpointUrl: z.string(),
    apiKey: SecretState,
    callbackSecret: SecretState.extend({
      value: z.string().optional().openapi({
        description: 'The generated secret, only in the response of the request that generated it.',
      }),
    }),
    callbackUrl: CallbackUrl,
    ...Times,
  })
  .openapi('PushProviderSettings');

export const AdsProviderSettings = z
  .object({
    object: z.literal('ads_provider'),
    platform: z.literal('meta'),
    endpointUrl: z.string(),
    audiences: z.record(z.string(), z.string()),
    defaultCountry: z.string().nullable(),
    catalog: z
      .object({ catalogId: z.string(), pauseLabel: z.string(), pausedValue: z.string() })
      .nullable()
      .openapi({
        description: 'The catalogue item audiences pause SKUs in; null when item audiences are off.',
      }),
    accessToken: SecretState,
    ...Times,
  })
  .openapi('AdsProviderSettings');

const notConfigured = { 404: problem('No provider of this kind is configured') } as const;
const unsafe = {
  400: problem('Invalid settings: `errors` lists each failing field (`unsafe_url` for a private endpoint)'),
} as const;

function routesFor<S extends z.ZodType, B extends z.ZodType>(
  kind: 'sms' | 'push' | 'ads',
  label: string,
  settings: S,
  body: B,
) {
  const path = `/v1/messaging-settings/${kind}`;
  return {
    get: createRoute({
      method: 'get',
      path,
      tags,
      summary: `Get the ${label} provider`,
      security: BEARER,
      responses: { 200: json(settings, 'The provider (secrets masked)'), ...AUTHED_ERRORS, ...notConfigured },
    }),
    put: createRoute({
      method: 'put',
      path,
      tags,
      summary: `Set the ${label} provider`,
      description:
        'Replaces the settings; the credentials are encrypted at rest (AES-256-GCM) and never returned. ' +
        'Sends use it from the next message on.',
      security: BEARER,
      request: { body: { content: { 'application/json': { schema: body } }, required: true } },
      responses: { 200: json(settings, 'The provider (secrets masked)'), ...AUTHED_ERRORS, ...unsafe },
    }),
    remove: createRoute({
      method: 'delete',
      path,
      tags,
      summary: `Remove the ${label} provider`,
      description:
        kind === 'ads'
          ? 'Audience actions fail until another provider is set; members stay in the platform audiences.'
          : `${label} sends become \`message.requested\` events again.`,
      security: BEARER,
      responses: { 204: { description: 'Removed' }, ...AUTHED_ERRORS, ...notConfigured },
    }),
  };
}

export const smsRoutes = routesFor('sms', 'SMS', SmsProviderSettings, SmsProviderBody);
export const pushRoutes = routesFor('push', 'push', PushProviderSettings, PushProviderBody);
export const adsRoutes = routesFor('ads', 'ads audience', AdsProviderSettings, AdsProviderBody);
