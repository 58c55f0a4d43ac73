import { randomUUID } from 'node:crypto';
import type { WebhookSender } from '../http/webhook-sender';
import type { OrderView } from './order-view';
import { amazonTime } from './order-view';

export interface OrderChangeInput {
  view: OrderView;
  sellerId: string;
  marketplaceId: string;
  applicationId: string;
  changeType: 'OrderStatusChange' | 'BuyerRequestedChange';
  now: number;
}

/**
 * An ORDER_CHANGE notification as the SQS message body carries it (payload version 1.0). SQS
 * deliveries carry no signature: trust comes from the queue policy; consumers dedupe on
 * `NotificationMetadata.NotificationId`.
 */
export function orderChangeNotification(input: OrderChangeInput): Record<string, unknown> {
  const { view, now } = input;
  return {
    NotificationVersion: '1.0',
    NotificationType: 'ORDER_CHANGE',
    PayloadVersion: '1.0',
    EventTime: new Date(now).toISOString(),
    Payload: {
      OrderChangeNotification: {
        NotificationLevel: 'OrderLevel',
        SellerId: input.sellerId,
        AmazonOrderId: view.amazonOrderId,
        OrderChangeType: input.changeType,
        OrderChangeTrigger: {
          TimeOfOrderChange: amazonTime(view.updatedMs),
          ChangeReason: 'Order status changed',
        },
        Summary: {
          MarketplaceId: input.marketplaceId,
          OrderStatus: view.v0Status,
          PurchaseDate: amazonTime(view.createdMs),
          FulfillmentType: view.channel,
          OrderType: 'StandardOrder',
          NumberOfItemsShipped: view.items.reduce((sum, item) => sum + item.quantityShipped, 0),
          NumberOfItemsUnshipped: view.items.reduce(
            (sum, item) => sum + item.quantity - item.quantityShipped,
            0,
          ),
          OrderItems: view.items.map((item) => ({
            OrderItemId: item.orderItemId,
            SellerSKU: item.sku,
            OrderItemStatus: item.quantityShipped >= item.quantity ? 'Shipped' : 'Unshipped',
            Quantity: item.quantity,
            QuantityShipped: item.quantityShipped,
            IsBuyerRequestedCancel: false,
          })),
        },
      },
    },
    NotificationMetadata: {
      ApplicationId: input.applicationId,
      SubscriptionId: `subscription-id-${input.sellerId.toLowerCase()}`,
      PublishTime: new Date(now).toISOString(),
      NotificationId: randomUUID(),
    },
  };
}

/** Posts one notification as an SQS relay would: the message body, JSON, no signature header. */
export function sendOrderChange(sender: WebhookSender, url: string, body: Record<string, unknown>) {
  return sender.send({
    url,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}
