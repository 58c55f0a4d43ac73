import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { DeliveryStatus } from '../delivery-status';
import { InvalidStatusCallbackError, ProviderError } from '../errors';
import { headerOf, type ProviderHttpOptions, providerRequest, signaturesEqual } from '../provider-http';
import type { PushProvider } from './push-provider';

export interface HttpPushProviderOptions extends ProviderHttpOptions {
  /** Messages are POSTed as JSON to `{baseUrl}/messages`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …`. */
  apiKey: string;
  /** Key of the HMAC-SHA256 signature on status callbacks (`X-Signature: sha256=<hex>` over the raw body). */
  callbackSecret: string;
  /** @default 'http-push' */
  name?: string;
}

const SendResponse = z.object({
  id: z.string().min(1),
  results: z.array(z.object({ token: z.string(), error: z.string().nullish() })).default([]),
});

const Callback = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  error: z.string().nullish(),
});

const STATUS_MAP: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  opened: 'delivered',
  failed: 'failed',
  expired: 'failed',
};

/** Errors a provider reports for a token that will never work again. */
const DEAD_TOKEN_ERRORS = new Set(['unregistered', 'invalid_token', 'not_registered']);

/** `sha256=` + hex HMAC-SHA256 of the raw callback body. */
export function signJsonCallback(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * Generic HTTP push provider (a JSON shape most push gateways can be fronted with): `POST
 * {baseUrl}/messages` with `{ tokens, notification: { title, body }, data }`, bearer auth and an
 * `Idempotency-Key`; the answer `{ id, results: [{ token, error }] }` names unregistered tokens. Status
 * callbacks are JSON `{ id, status, error }` signed with `X-Signature: sha256=<hex>`.
 */
export function createHttpPushProvider(options: HttpPushProviderOptions): PushProvider {
  const name = options.name ?? 'http-push';
  const url = `${options.baseUrl.replace(/\/+$/, '')}/messages`;
  return {
    name,
    async send(request) {
      const response = await providerRequest(name, options, {
        method: 'POST',
        url,
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
          'idempotency-key': request.idempotencyKey,
        },
        body: JSON.stringify({
          tokens: request.tokens,
          notification: { title: request.notification.title, body: request.notification.body },
          data: request.notification.data ?? {},
        }),
      });
      const parsed = SendResponse.safeParse(response.json);
      if (!parsed.success) {
        throw new ProviderError(
          `${name} answered ${response.status} without a message id`,
          true,
          response.status,
        );
      }
      const invalidTokens = parsed.data.results
        .filter((r) => r.error && DEAD_TOKEN_ERRORS.has(r.error))
        .map((r) => r.token);
      return { providerMessageId: parsed.data.id, invalidTokens };
    },
    parseStatusCallback(request) {
      const signature = headerOf(request.headers, 'x-signature');
      if (!signature) throw new InvalidStatusCallbackError('missing X-Signature header', 'signature');
      if (!signaturesEqual(signJsonCallback(options.callbackSecret, request.body), signature)) {
        throw new InvalidStatusCallbackError('status callback signature does not match', 'signature');
      }
      let json: unknown;
      try {
        json = JSON.parse(request.body);
      } catch {
        throw new InvalidStatusCallbackError('status callback body is not JSON', 'payload');
      }
      const parsed = Callback.safeParse(json);
      if (!parsed.success)
        throw new InvalidStatusCallbackError('status callback without id and status', 'payload');
      const status = STATUS_MAP[parsed.data.status.toLowerCase()];
      if (!status) return null;
      return { providerMessageId: parsed.data.id, status, error: parsed.data.error ?? null };
    },
  };
}
