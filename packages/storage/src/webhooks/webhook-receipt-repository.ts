import { Platform } from '@cartwire/model';
import { z } from 'zod';
import type { Db } from '../database';
import { webhookReceipts } from '../schema/webhook-receipts';
import { parseInput } from '../validate';

const ReceiptInput = z.object({
  tenantId: z.string().min(1),
  platform: Platform,
  storeId: z.string().min(1),
  /** The platform's delivery id (e.g. X-Shopify-Webhook-Id, X-WC-Webhook-Delivery-ID). */
  deliveryId: z.string().min(1).max(300),
  topic: z.string().max(200).nullable().default(null),
});

export interface WebhookReceiptRepository {
  /**
   * Records an inbound delivery. @returns true the first time, false for a redelivery of the same
   * (platform, store, delivery id), which the caller acknowledges without processing again.
   */
  recordReceipt(input: z.input<typeof ReceiptInput>): Promise<boolean>;
}

export function createWebhookReceiptRepository(db: Db): WebhookReceiptRepository {
  return {
    async recordReceipt(input) {
      const receipt = parseInput(ReceiptInput, input, 'webhook receipt');
      const rows = await db
        .insert(webhookReceipts)
        .values(receipt)
        .onConflictDoNothing({
          target: [webhookReceipts.platform, webhookReceipts.storeId, webhookReceipts.deliveryId],
        })
        .returning({ id: webhookReceipts.id });
      return rows.length === 1;
    },
  };
}
