import { z } from 'zod';

/** The order report the Reports API path requests. */
export const ORDER_REPORT_TYPE = 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL';

/** One row (one order item) of the flat file, with the columns Cartwire maps. */
export const OrderReportRow = z.object({
  amazonOrderId: z.string().min(1),
  purchaseDate: z.string().min(1),
  lastUpdatedDate: z.string().min(1),
  orderStatus: z.string().min(1),
  fulfillmentChannel: z.string(),
  productName: z.string(),
  sku: z.string(),
  asin: z.string(),
  quantity: z.coerce.number().int().nonnegative(),
  currency: z.string(),
  itemPrice: z.string(),
  itemTax: z.string(),
  shippingPrice: z.string(),
  shippingTax: z.string(),
  itemPromotionDiscount: z.string(),
  shipCity: z.string(),
  shipState: z.string(),
  shipPostalCode: z.string(),
  shipCountry: z.string(),
});
export type OrderReportRow = z.infer<typeof OrderReportRow>;

/** The rows of one order: what the reports path hands to the mapper as one record. */
export const OrderReportRecord = z.object({ rows: z.array(OrderReportRow).min(1) });
export type OrderReportRecord = z.infer<typeof OrderReportRecord>;

const COLUMN_TO_FIELD: Record<string, keyof OrderReportRow> = {
  'amazon-order-id': 'amazonOrderId',
  'purchase-date': 'purchaseDate',
  'last-updated-date': 'lastUpdatedDate',
  'order-status': 'orderStatus',
  'fulfillment-channel': 'fulfillmentChannel',
  'product-name': 'productName',
  sku: 'sku',
  asin: 'asin',
  quantity: 'quantity',
  currency: 'currency',
  'item-price': 'itemPrice',
  'item-tax': 'itemTax',
  'shipping-price': 'shippingPrice',
  'shipping-tax': 'shippingTax',
  'item-promotion-discount': 'itemPromotionDiscount',
  'ship-city': 'shipCity',
  'ship-state': 'shipState',
  'ship-postal-code': 'shipPostalCode',
  'ship-country': 'shipCountry',
};

/** A report document without the columns the mapper needs. */
export class OrderReportFormatError extends Error {
  override readonly name = 'OrderReportFormatError';
}

/**
 * Parses the tab-separated flat file and groups its rows by order (rows of one order are adjacent,
 * but grouping by id does not rely on it). Rows are kept as raw strings: validation happens per
 * order record in the engine, so one bad row is reported without stopping the rest.
 */
export function parseOrderReport(text: string): { rows: Record<string, string>[] }[] {
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  const header = lines[0]?.split('\t');
  if (!header) return [];
  const missing = Object.keys(COLUMN_TO_FIELD).filter((column) => !header.includes(column));
  if (missing.length > 0)
    throw new OrderReportFormatError(`order report lacks columns: ${missing.join(', ')}`);
  const orders = new Map<string, Record<string, string>[]>();
  for (const line of lines.slice(1)) {
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    header.forEach((column, index) => {
      const field = COLUMN_TO_FIELD[column];
      if (field) row[field] = cells[index] ?? '';
    });
    const id = row.amazonOrderId ?? '';
    const group = orders.get(id) ?? [];
    group.push(row);
    orders.set(id, group);
  }
  return [...orders.values()].map((rows) => ({ rows }));
}
