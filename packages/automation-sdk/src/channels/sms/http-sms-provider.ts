import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { DeliveryStatus, StatusCallbackRequest } from '../delivery-status';
import { InvalidStatusCallbackError, ProviderError } from '../errors';
import { headerOf, type ProviderHttpOptions, providerRequest, signaturesEqual } from '../provider-http';
import type { SmsProvider } from './sms-provider';

export interface HttpSmsProviderOptions extends ProviderHttpOptions {
  /**
   * The provider's REST base URL, e.g. `https://api.twilio.com/2010-04-01` or a compatible provider's.
   * Messages are POSTed to `{baseUrl}/Accounts/{accountId}/Messages.json`.
   */
  baseUrl: string;
  /** Account id: the basic-auth user and part of the path. */
  accountId: string;
  /** Auth token: the basic-auth password and the key status callbacks are signed with. */
  authToken: string;
  /** Sender: a phone number in E.164, an alphanumeric sender id, or a messaging service id (`MG…`). */
  from: string;
  /** @default 'http-sms' */
  name?: string;
  /** @default 'x-twilio-signature' */
  signatureHeader?: string;
}

/** The provider's message states mapped to the message log's delivery statuses; the rest are intermediate. */
const STATUS_MAP: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  undelivered: 'bounced',
  failed: 'failed',
  canceled: 'failed',
};

const SendResponse = z.object({ sid: z.string().min(1), status: z.string().optional() });

/**
 * The signature of a form-encoded callback: base64 HMAC-SHA1 keyed with the auth token over the full
 * callback URL followed by every form field as name + value, names sorted.
 */
export function signFormCallback(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  let data = url;
  for (const name of names) for (const value of params.getAll(name)) data += name + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * Generic HTTP SMS provider: the Twilio-style Messages REST shape that Twilio and compatible providers
 * speak. Sends are `POST {baseUrl}/Accounts/{accountId}/Messages.json`, form-encoded (`To`, `From` or
 * `MessagingServiceSid`, `Body`, `StatusCallback`) with HTTP basic auth and an `Idempotency-Key` header;
 * the answer's `sid` is the provider message id. 408/429/5xx and network errors are retryable, other
 * 4xx refusals. Status callbacks are form posts (`MessageSid`, `MessageStatus`, `ErrorCode`) signed in
 * `X-Twilio-Signature` (see `signFormCallback`), compared in constant time.
 *
 * @example
 * const provider = createHttpSmsProvider({ baseUrl: 'https://api.twilio.com/2010-04-01',
 *   accountId: 'AC…', authToken, from: '+15005550006' });
 */
export function createHttpSmsProvider(options: HttpSmsProviderOptions): SmsProvider {
  const name = options.name ?? 'http-sms';
  const base = options.baseUrl.replace(/\/+$/, '');
  const url = `${base}/Accounts/${encodeURIComponent(options.accountId)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${options.accountId}:${options.authToken}`).toString('base64')}`;
  const signatureHeader = options.signatureHeader ?? 'x-twilio-signature';

  return {
    name,
    async send(request) {
      const form = new URLSearchParams();
      form.set('To', request.to);
      form.set(/^MG[0-9a-f]{32}$/i.test(options.from) ? 'MessagingServiceSid' : 'From', options.from);
      form.set('Body', request.body);
      if (request.statusCallbackUrl) form.set('StatusCallback', request.statusCallbackUrl);
      const response = await providerRequest(name, options, {
        method: 'POST',
        url,
        headers: {
          authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          'idempotency-key': request.idempotencyKey,
        },
        body: form.toString(),
      });
      const parsed = SendResponse.safeParse(response.json);
      if (!parsed.success) {
        // Accepted but unreadable: retrying could send twice, and the idempotency key makes it safe.
        throw new ProviderError(
          `${name} answered ${response.status} without a message sid`,
          true,
          response.status,
        );
      }
      return { providerMessageId: parsed.data.sid };
    },
    parseStatusCallback(request: StatusCallbackRequest) {
      const signature = headerOf(request.headers, signatureHeader);
      if (!signature) throw new InvalidStatusCallbackError(`missing ${signatureHeader} header`, 'signature');
      const params = new URLSearchParams(request.body);
      if (!signaturesEqual(signFormCallback(options.authToken, request.url, params), signature)) {
        throw new InvalidStatusCallbackError('status callback signature does not match', 'signature');
      }
      const sid = params.get('MessageSid') ?? params.get('SmsSid');
      const state = params.get('MessageStatus') ?? params.get('SmsStatus');
      if (!sid || !state) {
        throw new InvalidStatusCallbackError(
          'status callback without MessageSid and MessageStatus',
          'payload',
        );
      }
      const status = STATUS_MAP[state.toLowerCase()];
      if (!status) return null;
      const code = params.get('ErrorCode');
      const message = params.get('ErrorMessage');
      const error =
        status === 'sent' || status === 'delivered'
          ? null
          : [code ? `error ${code}` : null, message].filter(Boolean).join(': ') || state;
      return { providerMessageId: sid, status, error };
    },
  };
}
