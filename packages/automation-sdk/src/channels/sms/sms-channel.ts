import type { Customer } from '@cartwire/model';
import { StepFailedError } from '../../errors';
import type { Channel, OutboundMessage } from '../../runtime/channels';
import { toE164 } from '../phone';
import { asStepFailure } from '../provider-http';
import type { SmsProvider } from './sms-provider';

/** Renders a message's template to what the channel sends (the templates module, or your own renderer). */
export type MessageRenderer<T> = (message: OutboundMessage) => T | Promise<T>;

export interface SmsChannelOptions {
  provider: SmsProvider;
  /** The SMS text of a message. */
  render: MessageRenderer<string>;
  /** Reads the customer when the message carries no phone number; `LiveData` fits. */
  customers?: { customer(tenantId: string, id: string): Promise<Customer | null> };
  /**
   * Country for numbers stored without an international prefix, when the customer's default address has
   * no country either (ISO 3166-1 alpha-2).
   */
  defaultCountry?: string;
  /** The status callback URL for a tenant, e.g. `(t) => \`https://hooks.example.com/sms/${t}\``. */
  statusCallbackUrl?: (tenantId: string) => string;
  /** @default 'sms' */
  name?: string;
}

/**
 * An SMS channel over a provider adapter. The recipient is normalized to E.164 (an impossible number is a
 * non-retryable failure naming the number) and the provider's message id is returned, so a governed
 * channel stores it on the message log row and delivery-status callbacks update that row.
 *
 * @example
 * createGovernedChannel({ gate, channel: createSmsChannel({ provider, render }) })
 */
export function createSmsChannel(options: SmsChannelOptions): Channel {
  return {
    name: options.name ?? 'sms',
    async send(message) {
      try {
        const { tenantId } = message.origin;
        const customer =
          options.customers && message.recipient.customerId
            ? await options.customers.customer(tenantId, message.recipient.customerId)
            : null;
        const phone = message.recipient.phone ?? customer?.phone ?? null;
        if (!phone) throw new StepFailedError('no phone number for an SMS', false);
        const to = toE164(phone, customer?.defaultAddress?.countryCode ?? options.defaultCountry ?? null);
        const body = await options.render(message);
        const { providerMessageId } = await options.provider.send({
          to,
          body,
          idempotencyKey: message.origin.idempotencyKey,
          statusCallbackUrl: options.statusCallbackUrl?.(tenantId) ?? null,
        });
        return { messageId: providerMessageId };
      } catch (error) {
        return asStepFailure(error);
      }
    },
  };
}
