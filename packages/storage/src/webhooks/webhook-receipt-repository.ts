import { Platform } from '@cartwire/model';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { webhookReceipts } from '../schema/webhook-receipts';
import { parseInput } from '../validate';

const DeliveryInput = z.object({
  tenantId: z.string().min(1),
  platform: Platform,
  storeId: z.string().min(1),
  /** The platform's delivery id (e.g. X-Shopify-Webhook-Id, X-WC-Webhook-Delivery-ID). */
  deliveryId: z.string().min(1).max(300),
  topic: z.string().max(200).nullable().default(null),
  /** What the delivery asks for, JSON as the platform's mapper produced it. */
  change: z.unknown(),
});

/** A delivery accepted and not applied yet. */
export interface PendingDelivery {
  id: number;
  tenantId: string;
  platform: Platform;
  storeId: string;
  deliveryId: string;
  topic: string | null;
  change: unknown;
  receivedAt: Date;
}

export interface WebhookReceiptRepository {
  /**
   * Stores a verified delivery as pending. @returns its receipt id the first time, null for a
   * redelivery of the same (platform, store, delivery id), which the caller acknowledges as a duplicate.
   */
  acceptDelivery(input: z.input<typeof DeliveryInput>): Promise<number | null>;
  /** The pending delivery with this id in the tenant; null once processed (or another tenant's). */
  pendingDelivery(tenantId: string, receiptId: number): Promise<PendingDelivery | null>;
  /**
   * Marks a pending delivery processed and drops its stored change. Run it in the transaction that
   * applies the change: @returns false when another worker got there first, so the change is not applied twice.
   */
  markProcessed(tenantId: string, receiptId: number, at: Date): Promise<boolean>;
}

export function createWebhookReceiptRepository(db: Db): WebhookReceiptRepository {
  return {
    async acceptDelivery(input) {
      const delivery = parseInput(DeliveryInput, input, 'webhook delivery');
      const rows = await db
        .insert(webhookReceipts)
        .values({ ...delivery, change: delivery.change ?? null, state: 'pending' })
        .onConflictDoNothing({
          target: [webhookReceipts.platform, webhookReceipts.storeId, webhookReceipts.deliveryId],
        })
        .returning({ id: webhookReceipts.id });
      return rows[0]?.id ?? null;
    },

    async pendingDelivery(tenantId, receiptId) {
      const [row] = await db
        .select()
        .from(webhookReceipts)
        .where(
          and(
            eq(webhookReceipts.tenantId, tenantId),
            eq(webhookReceipts.id, receiptId),
            eq(webhookReceipts.state, 'pending'),
          ),
        );
      if (!row) return null;
      return {
        id: row.id,
        tenantId: row.tenantId,
        platform: Platform.parse(row.platform),
        storeId: row.storeId,
        deliveryId: row.deliveryId,
        topic: row.topic,
        change: row.change,
        receivedAt: row.receivedAt,
      };
    },

    async markProcessed(tenantId, receiptId, at) {
      const rows = await db
        .update(webhookReceipts)
        .set({ state: 'processed', change: null, processedAt: at })
        .where(
          and(
            eq(webhookReceipts.tenantId, tenantId),
            eq(webhookReceipts.id, receiptId),
            eq(webhookReceipts.state, 'pending'),
          ),
        )
        .returning({ id: webhookReceipts.id });
      return rows.length === 1;
    },
  };
}
