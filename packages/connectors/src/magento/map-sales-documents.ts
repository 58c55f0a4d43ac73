import type { Refund, Shipment } from '@cartwire/model';
import { addMoney, entityId, lineId } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import type { RawCreditMemo, RawShipment } from './raw-schemas';
import { fromMagentoDate, magentoMoney, textOrNull } from './wire-values';

function wholeQuantity(value: number | string): number {
  return Math.trunc(Number(value));
}

/**
 * A credit memo → Refund, in the base (shop) currency. Lines with a zero quantity (Magento lists every
 * order item on a memo) are dropped. Magento's memo read model does not say whether items went back to
 * stock, so `restock` is false unless the payload carries `back_to_stock`.
 */
export function mapCreditMemo(raw: RawCreditMemo, context: MapContext): Refund {
  const currency = raw.base_currency_code;
  const orderId = entityId('order', context.storeId, String(raw.order_id));
  return {
    id: entityId('refund', context.storeId, String(raw.entity_id)),
    storeId: context.storeId,
    platform: 'magento',
    externalId: String(raw.entity_id),
    createdAt: fromMagentoDate(raw.created_at),
    updatedAt: fromMagentoDate(raw.updated_at),
    orderId,
    lines: raw.items
      .filter((item) => wholeQuantity(item.qty) > 0)
      .map((item) => ({
        lineItemId: lineId('line_item', orderId, String(item.order_item_id)),
        quantity: wholeQuantity(item.qty),
        amount: addMoney(
          magentoMoney(item.base_row_total, currency),
          magentoMoney(item.base_tax_amount, currency),
        ),
        restock: item.back_to_stock ?? false,
      })),
    amount: magentoMoney(raw.base_grand_total, currency),
    reason: textOrNull(raw.customer_note),
  };
}

/**
 * A shipment with its tracks → Shipment. Magento core records no carrier events, so the status is
 * `unknown` and `deliveredAt` null; the first track gives carrier and number.
 */
export function mapShipment(raw: RawShipment, context: MapContext): Shipment {
  const orderId = entityId('order', context.storeId, String(raw.order_id));
  const track = raw.tracks?.[0];
  return {
    id: entityId('shipment', context.storeId, String(raw.entity_id)),
    storeId: context.storeId,
    platform: 'magento',
    externalId: String(raw.entity_id),
    createdAt: fromMagentoDate(raw.created_at),
    updatedAt: fromMagentoDate(raw.updated_at),
    orderId,
    lines: raw.items
      .filter((item) => wholeQuantity(item.qty) > 0)
      .map((item) => ({
        lineItemId: lineId('line_item', orderId, String(item.order_item_id)),
        quantity: wholeQuantity(item.qty),
      })),
    carrier: textOrNull(track?.title ?? null),
    trackingNumber: textOrNull(track?.track_number ?? null),
    trackingUrl: null,
    status: 'unknown',
    shippedAt: fromMagentoDate(raw.created_at),
    deliveredAt: null,
  };
}
