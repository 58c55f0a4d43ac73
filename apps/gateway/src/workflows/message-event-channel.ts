import { createHash } from 'node:crypto';
import type { Channel, OutboundMessage } from '@cartwire/automation-sdk';
import { ID_PREFIX } from '@cartwire/model';
import type { EventLog } from '@cartwire/storage';
import type { Clock } from '../clock';

/**
 * The event id of a step's message: derived from the step's idempotency key, so a retried step appends
 * nothing new and subscribers see one `message.requested` per send.
 */
export function messageEventId(idempotencyKey: string): string {
  const digest = createHash('sha256').update(`message.requested\u0000${idempotencyKey}`).digest('hex');
  return `${ID_PREFIX.event}${digest.slice(0, 24)}`;
}

/**
 * A channel Cartwire does not deliver itself (no provider configured): each send that passed the
 * governance gate becomes a `message.requested` event, which the tenant's webhook endpoints receive
 * signed like every other event — bring your own email/SMS/push provider.
 */
export function createMessageEventChannel(options: {
  name: string;
  events: EventLog;
  clock: Clock;
}): Channel {
  return {
    name: options.name,
    async send(message: OutboundMessage) {
      const { origin } = message;
      const id = messageEventId(origin.idempotencyKey);
      const at = options.clock.now().toISOString();
      await options.events.appendEvents([
        {
          id,
          type: 'message.requested',
          tenantId: origin.tenantId,
          storeId: origin.storeId,
          occurredAt: at,
          receivedAt: at,
          source: 'derived',
          entityType: 'customer',
          entityId: message.recipient.customerId,
          data: {
            messageId: origin.idempotencyKey,
            channel: options.name,
            template: message.template,
            workflow: { id: origin.workflowId, key: origin.workflowKey, version: origin.version },
            runId: origin.runId,
            nodeId: origin.nodeId,
            variants: origin.variants,
            recipient: message.recipient,
            subject: message.subject,
            offer: message.offer,
            discountedVariantIds: message.discountedVariantIds,
            recommendedProductIds: message.recommendedProductIds,
          },
        },
      ]);
      return { messageId: id };
    },
  };
}
