import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/app-env';
import { ProblemError } from '../http/problem';
import type { WebhookReceiver } from './webhook-receiver';

export interface InboundWebhookRouterOptions {
  receive: WebhookReceiver;
  /**
   * Largest delivery accepted, in bytes; larger ones get 413 before they are read in full.
   * @default 1_048_576 (1 MiB; Shopify's largest order payloads stay well below it)
   */
  maxBodyBytes?: number;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * `POST /webhooks/{platform}/{storeId}`: platform deliveries (no API key; the platform signature is
 * the authentication). Answers 200 fast; 401 problem for an unknown store or a bad signature.
 */
export function createInboundWebhookRouter(options: InboundWebhookRouterOptions) {
  const maxSize = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const router = new Hono<AppEnv>();
  router.post(
    '/webhooks/:platform/:storeId',
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ProblemError('payload_too_large', {
          detail: `Webhook bodies are limited to ${maxSize} bytes.`,
        });
      },
    }),
    async (c) => {
      const rawBody = new Uint8Array(await c.req.arrayBuffer());
      const result = await options.receive({
        platform: c.req.param('platform'),
        storeId: c.req.param('storeId'),
        rawBody,
        headers: c.req.raw.headers,
      });
      switch (result.status) {
        case 200:
          return c.json({ received: true, outcome: result.outcome }, 200);
        case 400:
          throw new ProblemError('bad_request', { detail: 'The signed webhook body is not valid JSON.' });
        case 401:
          // One answer for unknown stores and bad signatures: the caller learns nothing about which.
          throw new ProblemError('unauthorized', { detail: 'Webhook signature or store not recognised.' });
        case 404:
          throw new ProblemError('not_found', {
            detail: `No inbound webhooks for platform ${c.req.param('platform')}.`,
          });
      }
    },
  );
  return router;
}
