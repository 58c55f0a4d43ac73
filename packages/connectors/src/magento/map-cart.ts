import type { Cart } from '@cartwire/model';
import { entityId, lineId, multiplyMoney, sumMoney } from '@cartwire/model';
import type { MapContext } from '../engine/connector';
import type { QuoteRecord } from './stream-records';
import { fromMagentoDate, magentoMoney, textOrNull } from './wire-values';

/**
 * A quote → Cart. An inactive quote was converted into an order. Active quotes are `open`: Magento
 * has no abandonment flag, so abandonment is derived downstream from `updatedAt` (the
 * `cart.abandoned` detector), not guessed here. `CartInterface` carries no totals or product ids,
 * so totals are the sum of item prices and lines reference products by SKU only.
 */
export function mapCart(record: QuoteRecord, context: MapContext): Cart {
  const { quote } = record;
  const currency = quote.currency.quote_currency_code ?? quote.currency.base_currency_code;
  const id = entityId('cart', context.storeId, String(quote.id));
  const lines = (quote.items ?? []).map((item) => ({
    id: lineId('cart_line', id, String(item.item_id)),
    externalId: String(item.item_id),
    productId: null,
    variantId: null,
    sku: textOrNull(item.sku),
    title: item.name ?? item.sku ?? '',
    variantTitle: null,
    quantity: Math.trunc(Number(item.qty)),
    unitPrice: magentoMoney(item.price, currency),
    imageUrl: null,
  }));
  const subtotal = sumMoney(
    lines.map((line) => multiplyMoney(line.unitPrice, line.quantity)),
    currency,
  );
  const converted = !quote.is_active;
  const guest = quote.customer_is_guest === true || quote.customer?.id === undefined;
  return {
    id,
    storeId: context.storeId,
    platform: 'magento',
    externalId: String(quote.id),
    createdAt: fromMagentoDate(quote.created_at),
    updatedAt: fromMagentoDate(quote.updated_at),
    status: converted ? 'converted' : 'open',
    currency,
    lines,
    subtotal,
    totalDiscounts: magentoMoney(0, currency),
    totalTax: magentoMoney(0, currency),
    total: subtotal,
    discountCodes: [],
    discountApplications: [],
    customerId:
      guest || quote.customer?.id === undefined
        ? null
        : entityId('customer', context.storeId, String(quote.customer.id)),
    email: textOrNull(quote.customer?.email ?? quote.billing_address?.email),
    phone: textOrNull(quote.billing_address?.telephone),
    recoveryUrl: null,
    completedAt: converted ? fromMagentoDate(quote.updated_at) : null,
    convertedOrderId:
      record.orderId === null ? null : entityId('order', context.storeId, String(record.orderId)),
  };
}
