import type { Address, Money } from '@cartwire/model';
import { addMoney, fromMinorUnits, money, toMinorUnits } from '@cartwire/model';
import { addressFrom2026, addressFromReport, addressFromV0 } from './map-address';
import type { OrderReportRow } from './order-report';
import { type AmazonOrderStatus, statusFrom2026, statusFromV0 } from './order-status';
import type { OrderWithItemsV0, RawOrder2026, RawOrderItem2026, RawPackage } from './raw-schemas';
import { absMoney, amazonInstant, marketplaceCurrency, textOrNull } from './wire-values';

/** One order item reduced to what every Amazon order source can say about it. */
export interface ItemFacts {
  /** Absent in the flat-file report. */
  orderItemId: string | null;
  sku: string | null;
  asin: string | null;
  title: string;
  quantity: number;
  unitPrice: Money;
  /** unitPrice × quantity. */
  itemPrice: Money;
  itemTax: Money;
  discount: Money;
  shipping: Money;
  shippingTax: Money;
}

/**
 * An Amazon order reduced to the facts the Orders API v2026-01-01, Orders API v0 and the order
 * report share, so all three map through one function and give the same normalized order.
 */
export interface OrderFacts {
  orderId: string;
  createdAt: string;
  updatedAt: string;
  status: AmazonOrderStatus;
  currency: string;
  items: ItemFacts[];
  /** What the buyer paid; null when the source gives no total (v0 Pending). */
  grandTotal: Money | null;
  buyerEmail: string | null;
  buyerName: string | null;
  shippingAddress: Address | null;
  packages: RawPackage[];
}

function zero(currency: string): Money {
  return money('0', currency);
}

function breakdownOf(
  breakdowns: { type: string; subtotal: { amount: string; currencyCode: string } }[] | undefined,
  type: string,
): Money | null {
  const entry = breakdowns?.find((candidate) => candidate.type === type);
  return entry ? absMoney(entry.subtotal.amount, entry.subtotal.currencyCode) : null;
}

function itemTax2026(item: RawOrderItem2026, currency: string): { itemTax: Money; shippingTax: Money } {
  const tax = item.proceeds?.breakdowns?.find((entry) => entry.type === 'TAX');
  if (!tax) return { itemTax: zero(currency), shippingTax: zero(currency) };
  const detailed = (tax.detailedBreakdowns ?? []) as {
    subtype?: string;
    value?: { amount: string; currencyCode: string };
  }[];
  const pick = (subtype: string) => {
    const value = detailed.find((entry) => entry.subtype === subtype)?.value;
    return value ? absMoney(value.amount, value.currencyCode) : null;
  };
  const itemPart = pick('ITEM');
  if (itemPart === null)
    return { itemTax: absMoney(tax.subtotal.amount, tax.subtotal.currencyCode), shippingTax: zero(currency) };
  return { itemTax: itemPart, shippingTax: pick('SHIPPING') ?? zero(currency) };
}

function currencyOf2026(raw: RawOrder2026): string {
  return (
    raw.proceeds?.grandTotal?.currencyCode ??
    raw.orderItems.find((item) => item.product.price?.unitPrice)?.product.price?.unitPrice?.currencyCode ??
    marketplaceCurrency(raw.salesChannel?.marketplaceId)
  );
}

export function factsFrom2026(raw: RawOrder2026): OrderFacts {
  const currency = currencyOf2026(raw);
  const items = raw.orderItems.map((item): ItemFacts => {
    const unit = item.product.price?.unitPrice;
    const unitPrice = unit ? money(unit.amount, unit.currencyCode) : zero(currency);
    const breakdowns = item.proceeds?.breakdowns as Parameters<typeof breakdownOf>[0];
    const taxes = itemTax2026(item, currency);
    return {
      orderItemId: item.orderItemId,
      sku: textOrNull(item.product.sellerSku),
      asin: textOrNull(item.product.asin),
      title: item.product.title ?? item.product.sellerSku ?? item.orderItemId,
      quantity: item.quantityOrdered,
      unitPrice,
      itemPrice:
        breakdownOf(breakdowns, 'ITEM') ??
        fromMinorUnits(toMinorUnits(unitPrice) * BigInt(item.quantityOrdered), currency),
      itemTax: taxes.itemTax,
      discount: breakdownOf(breakdowns, 'DISCOUNT') ?? zero(currency),
      shipping: breakdownOf(breakdowns, 'SHIPPING') ?? zero(currency),
      shippingTax: taxes.shippingTax,
    };
  });
  const grand = raw.proceeds?.grandTotal;
  return {
    orderId: raw.orderId,
    createdAt: amazonInstant(raw.createdTime),
    updatedAt: amazonInstant(raw.lastUpdatedTime),
    status: statusFrom2026(raw.fulfillment?.fulfillmentStatus),
    currency,
    items,
    grandTotal: grand ? money(grand.amount, grand.currencyCode) : null,
    buyerEmail: textOrNull(raw.buyer?.buyerEmail),
    buyerName: textOrNull(raw.buyer?.buyerName),
    shippingAddress: addressFrom2026(raw.recipient?.deliveryAddress),
    packages: raw.packages ?? [],
  };
}

function v0Money(value: { CurrencyCode: string; Amount: string } | undefined, currency: string): Money {
  return value ? absMoney(value.Amount, value.CurrencyCode) : zero(currency);
}

/** Unit price from v0's line total (`ItemPrice` = unit × quantity), exact in minor units. */
function unitOf(total: Money, quantity: number): Money {
  if (quantity <= 1) return total;
  return fromMinorUnits(toMinorUnits(total) / BigInt(quantity), total.currency);
}

export function factsFromV0({ order, items }: OrderWithItemsV0): OrderFacts {
  const currency =
    order.OrderTotal?.CurrencyCode ??
    items.find((item) => item.ItemPrice)?.ItemPrice?.CurrencyCode ??
    marketplaceCurrency(order.MarketplaceId);
  return {
    orderId: order.AmazonOrderId,
    createdAt: amazonInstant(order.PurchaseDate),
    updatedAt: amazonInstant(order.LastUpdateDate),
    status: statusFromV0(order.OrderStatus),
    currency,
    items: items.map((item) => {
      const itemPrice = v0Money(item.ItemPrice, currency);
      return {
        orderItemId: item.OrderItemId,
        sku: textOrNull(item.SellerSKU),
        asin: textOrNull(item.ASIN),
        title: item.Title ?? item.SellerSKU ?? item.OrderItemId,
        quantity: item.QuantityOrdered,
        unitPrice: unitOf(itemPrice, item.QuantityOrdered),
        itemPrice,
        itemTax: v0Money(item.ItemTax, currency),
        discount: v0Money(item.PromotionDiscount, currency),
        shipping: v0Money(item.ShippingPrice, currency),
        shippingTax: v0Money(item.ShippingTax, currency),
      };
    }),
    grandTotal: order.OrderTotal ? money(order.OrderTotal.Amount, order.OrderTotal.CurrencyCode) : null,
    buyerEmail: textOrNull(order.BuyerInfo?.BuyerEmail),
    buyerName: textOrNull(order.BuyerInfo?.BuyerName),
    shippingAddress: addressFromV0(order.ShippingAddress),
    packages: [],
  };
}

/** The rows of one order in the flat-file report (one row per item). */
export function factsFromReport(rows: readonly OrderReportRow[]): OrderFacts {
  const first = rows[0];
  if (!first) throw new RangeError('an order has at least one report row');
  const currency = first.currency || 'USD';
  const amount = (value: string) => (value === '' ? zero(currency) : absMoney(value, currency));
  return {
    orderId: first.amazonOrderId,
    createdAt: amazonInstant(first.purchaseDate),
    updatedAt: amazonInstant(first.lastUpdatedDate),
    status: statusFromV0(first.orderStatus),
    currency,
    items: rows.map((row) => {
      const itemPrice = amount(row.itemPrice);
      return {
        orderItemId: null,
        sku: textOrNull(row.sku),
        asin: textOrNull(row.asin),
        title: row.productName || row.sku,
        quantity: row.quantity,
        unitPrice: unitOf(itemPrice, row.quantity),
        itemPrice,
        itemTax: amount(row.itemTax),
        discount: amount(row.itemPromotionDiscount),
        shipping: amount(row.shippingPrice),
        shippingTax: amount(row.shippingTax),
      };
    }),
    grandTotal: null,
    buyerEmail: null,
    buyerName: null,
    shippingAddress: addressFromReport(first),
    packages: [],
  };
}

export function sumMoneys(values: readonly Money[], currency: string): Money {
  return values.reduce((sum, value) => addMoney(sum, value), zero(currency));
}
