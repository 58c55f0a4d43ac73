import { z } from 'zod';

/**
 * An ORDER_CHANGE notification (payload version 1.0) as the SQS message body carries it. SQS
 * deliveries are not signed: trust comes from the queue policy, so whoever relays them must only
 * accept messages from the seller's own queue. Dedupe on `NotificationMetadata.NotificationId`.
 */
export const OrderChangeNotification = z.looseObject({
  NotificationVersion: z.string(),
  NotificationType: z.literal('ORDER_CHANGE'),
  PayloadVersion: z.string(),
  EventTime: z.string(),
  Payload: z.looseObject({
    OrderChangeNotification: z.looseObject({
      NotificationLevel: z.string().optional(),
      SellerId: z.string().min(1),
      AmazonOrderId: z.string().min(1),
      OrderChangeType: z.string(),
      OrderChangeTrigger: z
        .looseObject({ TimeOfOrderChange: z.string().optional(), ChangeReason: z.string().optional() })
        .optional(),
      Summary: z
        .looseObject({
          MarketplaceId: z.string().optional(),
          OrderStatus: z.string().optional(),
          FulfillmentType: z.string().optional(),
        })
        .optional(),
    }),
  }),
  NotificationMetadata: z.looseObject({
    ApplicationId: z.string().optional(),
    SubscriptionId: z.string().optional(),
    PublishTime: z.string().optional(),
    NotificationId: z.string().min(1),
  }),
});
export type OrderChangeNotification = z.infer<typeof OrderChangeNotification>;

/** What Cartwire acts on: re-read this order (getOrder) and dedupe by `dedupeKey`. */
export interface OrderChange {
  dedupeKey: string;
  sellerId: string;
  amazonOrderId: string;
  changeType: string;
  /** v0 status in the summary, when present. */
  orderStatus: string | null;
  changedAt: string;
}

export type ParsedOrderChange = { ok: true; change: OrderChange } | { ok: false; reason: string };

/** Validates an SQS message body. Returned as a value: a malformed message is an expected outcome. */
export function parseOrderChangeNotification(body: unknown): ParsedOrderChange {
  const parsed = OrderChangeNotification.safeParse(body);
  if (!parsed.success) {
    return {
      ok: false,
      reason: parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', '),
    };
  }
  const { Payload, NotificationMetadata, EventTime } = parsed.data;
  const notification = Payload.OrderChangeNotification;
  const changed = notification.OrderChangeTrigger?.TimeOfOrderChange ?? EventTime;
  return {
    ok: true,
    change: {
      dedupeKey: NotificationMetadata.NotificationId,
      sellerId: notification.SellerId,
      amazonOrderId: notification.AmazonOrderId,
      changeType: notification.OrderChangeType,
      orderStatus: notification.Summary?.OrderStatus ?? null,
      changedAt: new Date(Date.parse(changed)).toISOString(),
    },
  };
}
