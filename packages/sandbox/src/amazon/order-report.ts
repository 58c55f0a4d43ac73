import type { Address } from '../store/types';
import { amount, type OrderView } from './order-view';

/** The report type the emulator renders for order backfills. */
export const ALL_ORDERS_BY_LAST_UPDATE = 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL';

/** Longest `dataStartTime`…`dataEndTime` span this report accepts. */
export const ORDER_REPORT_MAX_RANGE_MS = 30 * 24 * 3600 * 1000;

/** Columns of the flat file, in Amazon's order. */
export const ORDER_REPORT_COLUMNS = [
  'amazon-order-id',
  'merchant-order-id',
  'purchase-date',
  'last-updated-date',
  'order-status',
  'fulfillment-channel',
  'sales-channel',
  'order-channel',
  'url',
  'ship-service-level',
  'product-name',
  'sku',
  'asin',
  'item-status',
  'quantity',
  'currency',
  'item-price',
  'item-tax',
  'shipping-price',
  'shipping-tax',
  'gift-wrap-price',
  'gift-wrap-tax',
  'item-promotion-discount',
  'ship-promotion-discount',
  'ship-city',
  'ship-state',
  'ship-postal-code',
  'ship-country',
  'promotion-ids',
  'is-business-order',
  'purchase-order-number',
  'price-designation',
  'is-iba',
] as const;

/** `2026-01-01T10:00:00+00:00`, the flat files' timestamp format. */
function reportTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function clean(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ');
}

function shipColumns(address: Address | null): string[] {
  if (!address) return ['', '', '', ''];
  return [address.city, address.provinceCode || address.province, address.postcode, address.countryCode];
}

/** The flat file of the given orders: a header line, then one tab-separated row per order item. */
export function renderOrderReport(views: readonly OrderView[]): string {
  const lines = [ORDER_REPORT_COLUMNS.join('\t')];
  for (const view of views) {
    const status = view.v0Status === 'Canceled' ? 'Cancelled' : view.v0Status;
    for (const item of view.items) {
      const money = (minor: number) => amount(minor, view.currency);
      const itemStatus =
        view.v0Status === 'Canceled' ? 'Cancelled' : item.quantityShipped > 0 ? 'Shipped' : 'Unshipped';
      const row = [
        view.amazonOrderId,
        String(view.order.number),
        reportTime(view.createdMs),
        reportTime(view.updatedMs),
        status,
        view.channel === 'AFN' ? 'Amazon' : 'Merchant',
        'Amazon.com',
        '',
        '',
        'Standard',
        item.title,
        item.sku,
        item.asin,
        itemStatus,
        String(item.quantity),
        view.currency,
        money(item.itemPrice),
        money(item.itemTax),
        money(item.shippingPrice),
        money(item.shippingTax),
        '',
        '',
        item.promotionDiscount > 0 ? money(-item.promotionDiscount) : '',
        '',
        ...shipColumns(view.address),
        '',
        'false',
        '',
        '',
        'false',
      ];
      lines.push(row.map(clean).join('\t'));
    }
  }
  return `${lines.join('\n')}\n`;
}
