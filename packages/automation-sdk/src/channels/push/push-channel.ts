import { StepFailedError } from '../../errors';
import type { Channel } from '../../runtime/channels';
import { asStepFailure } from '../provider-http';
import type { MessageRenderer } from '../sms/sms-channel';
import type { PushNotification, PushProvider } from './push-provider';

export interface PushChannelOptions {
  provider: PushProvider;
  render: MessageRenderer<PushNotification>;
  /**
   * The customer's current device tokens (your app registers them; Cartwire does not model devices).
   * An empty list is a non-retryable failure: there is nothing to send to.
   */
  deviceTokens(tenantId: string, customerId: string): Promise<string[]>;
  /** Told about tokens the provider reported as unregistered, so they can be deleted. */
  onInvalidTokens?(tenantId: string, customerId: string, tokens: string[]): Promise<void>;
  /** @default 'push' */
  name?: string;
}

/** A push channel over a provider adapter: one notification to each of the customer's devices. */
export function createPushChannel(options: PushChannelOptions): Channel {
  return {
    name: options.name ?? 'push',
    async send(message) {
      try {
        const { tenantId } = message.origin;
        const customerId = message.recipient.customerId;
        if (!customerId)
          throw new StepFailedError('push needs a customer (device tokens are per customer)', false);
        const tokens = await options.deviceTokens(tenantId, customerId);
        if (tokens.length === 0) throw new StepFailedError('the customer has no registered device', false);
        const notification = await options.render(message);
        const result = await options.provider.send({
          tokens,
          notification,
          idempotencyKey: message.origin.idempotencyKey,
        });
        if (result.invalidTokens.length > 0) {
          await options.onInvalidTokens?.(tenantId, customerId, result.invalidTokens);
        }
        if (result.invalidTokens.length >= tokens.length) {
          throw new StepFailedError('every device token of the customer is unregistered', false);
        }
        return { messageId: result.providerMessageId };
      } catch (error) {
        return asStepFailure(error);
      }
    },
  };
}
