import type { StatusCallbackParser } from '../delivery-status';

export interface PushNotification {
  title: string;
  body: string;
  /** Key-value data delivered to the app with the notification (deep link, ids). */
  data?: Record<string, string>;
}

export interface PushSendRequest {
  /** The customer's device tokens (one message to all of their devices). */
  tokens: string[];
  notification: PushNotification;
  /** Same for every attempt of the same workflow step. */
  idempotencyKey: string;
}

export interface PushSendResult {
  providerMessageId: string;
  /** Tokens the provider reported as no longer registered: remove them from your device store. */
  invalidTokens: string[];
}

/**
 * A push provider behind the push channel. Same contract as `SmsProvider`: `send` returns the provider's
 * id for the message and throws `ProviderError` (`retryable` for throttling and server errors); it also
 * reports tokens the provider says are unregistered. `parseStatusCallback` verifies and maps delivery
 * callbacks, or is absent when the provider has none. `createHttpPushProvider` is the reference.
 */
export interface PushProvider {
  readonly name: string;
  send(request: PushSendRequest): Promise<PushSendResult>;
  parseStatusCallback?: StatusCallbackParser;
}
