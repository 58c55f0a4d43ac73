import {
  createStatusCallbackHandler,
  InvalidStatusCallbackError,
  type StatusCallbackParser,
} from '@cartwire/automation-sdk';
import type { Db } from '@cartwire/storage';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/app-env';
import { NotFoundError, ProblemError } from '../http/problem';
import { pushProviderOf, smsProviderOf } from './provider-channels';
import type { ProviderSettings } from './provider-settings';

/** Status callbacks are a few hundred bytes; anything near this is not one. */
export const CALLBACK_MAX_BODY_BYTES = 64 * 1024;

export interface ProviderCallbackRouterOptions {
  db: Db;
  settings: ProviderSettings;
  now: () => Date;
  /**
   * The public base URL providers call (CARTWIRE_PUBLIC_URL). Twilio-style signatures cover the full URL
   * the provider posted to, which behind a proxy is not the URL this process sees.
   * @default the request's own URL
   */
  publicUrl?: string;
}

const unauthorized = () =>
  // One answer for an unknown tenant, a tenant without that provider and a bad signature.
  new ProblemError('unauthorized', { detail: 'Callback signature or tenant not recognised.' });

/**
 * `POST /callbacks/{sms|push}/{tenantId}`: delivery-status callbacks from the tenant's provider (no API
 * key; the provider's signature is the authentication). SMS callbacks are Twilio-style form posts signed
 * with the tenant's auth token (`X-Twilio-Signature`); push callbacks are JSON signed with the tenant's
 * callback secret (`X-Signature: sha256=…`); both compared in constant time. The status lands on the
 * message log row of the send (delivered, failed, bounced with the provider's error); a repeated or late
 * callback never moves a final status back.
 */
export function createProviderCallbackRouter(options: ProviderCallbackRouterOptions) {
  const router = new Hono<AppEnv>();
  router.post(
    '/callbacks/:kind/:tenantId',
    bodyLimit({
      maxSize: CALLBACK_MAX_BODY_BYTES,
      onError: () => {
        throw new ProblemError('payload_too_large', {
          detail: `Status callbacks are limited to ${CALLBACK_MAX_BODY_BYTES} bytes.`,
        });
      },
    }),
    async (c) => {
      const kind = c.req.param('kind');
      const tenantId = c.req.param('tenantId');
      if (kind !== 'sms' && kind !== 'push') throw new NotFoundError(`No status callbacks for ${kind}.`);
      let parse: StatusCallbackParser | undefined;
      if (kind === 'sms') {
        const stored = await options.settings.get(tenantId, 'sms');
        parse = stored ? smsProviderOf(stored).parseStatusCallback : undefined;
      } else {
        const stored = await options.settings.get(tenantId, 'push');
        parse = stored ? pushProviderOf(stored).parseStatusCallback : undefined;
      }
      if (!parse) throw unauthorized();
      const requestUrl = new URL(c.req.url);
      const url = options.publicUrl
        ? `${options.publicUrl.replace(/\/+$/, '')}${requestUrl.pathname}${requestUrl.search}`
        : c.req.url;
      const handle = createStatusCallbackHandler({
        db: options.db,
        channelKind: kind,
        parse,
        now: options.now,
      });
      let result: Awaited<ReturnType<typeof handle>>;
      try {
        result = await handle(tenantId, { url, headers: c.req.raw.headers, body: await c.req.text() });
      } catch (error) {
        if (!(error instanceof InvalidStatusCallbackError)) throw error;
        if (error.kind === 'signature') throw unauthorized();
        throw new ProblemError('bad_request', { detail: error.message });
      }
      if (result.outcome === 'unknown_message') {
        throw new NotFoundError(`No ${kind} message of this tenant has that provider message id.`);
      }
      return c.json(
        {
          received: true,
          outcome: result.outcome,
          ...(result.outcome === 'recorded' ? { status: result.status } : {}),
        },
        200,
      );
    },
  );
  return router;
}
