import type { Address, Fulfillment } from '../store/types';
import { amazonTime, amount, type ItemView, type OrderView } from './order-view';

/** `includedData` values of searchOrders/getOrder (2026-01-01). */
export const INCLUDED_DATA = [
  'BUYER',
  'RECIPIENT',
  'PROCEEDS',
  'EXPENSE',
  'PROMOTION',
  'CANCELLATION',
  'FULFILLMENT',
  'PACKAGES',
  'TAX',
  'PAYMENT',
  'FULFILLMENT_ORDERS',
] as const;
export type IncludedData = (typeof INCLUDED_DATA)[number];

export interface RenderOptions {
  marketplaceId: string;
  /** The caller may see buyer PII (restricted role, or an RDT on v0). */
  pii: { buyer: boolean; address: boolean };
}

type Json = Record<string, unknown>;

function money2026(minor: number, currency: string): Json {
  return { amount: amount(minor, currency), currencyCode: currency };
}

function moneyV0(minor: number, currency: string): Json {
  return { CurrencyCode: currency, Amount: amount(minor, currency) };
}

function breakdown(type: string, minor: number, currency: string): Json {
  return { type, subtotal: money2026(minor, currency) };
}

function deliveryAddress(address: Address, full: boolean): Json {
  const partial = {
    city: address.city,
    stateOrRegion: address.provinceCode || address.province,
    postalCode: address.postcode,
    countryCode: address.countryCode,
  };
  if (!full) return partial;
  return {
    name: `${address.firstName} ${address.lastName}`.trim(),
    ...(address.company ? { companyName: address.company } : {}),
    addressLine1: address.address1,
    ...(address.address2 ? { addressLine2: address.address2 } : {}),
    ...partial,
    ...(address.phone ? { phone: address.phone } : {}),
    addressType: address.company ? 'COMMERCIAL' : 'RESIDENTIAL',
  };
}

function packageStatus(fulfillment: Fulfillment): Json {
  switch (fulfillment.status) {
    case 'pending':
      return { status: 'PENDING', detailedStatus: 'PENDING_PICK_UP' };
    case 'in_transit':
      return { status: 'IN_TRANSIT', detailedStatus: 'IN_TRANSIT' };
    case 'out_for_delivery':
      return { status: 'IN_TRANSIT', detailedStatus: 'OUT_FOR_DELIVERY' };
    case 'delivered':
      return { status: 'DELIVERED', detailedStatus: 'DELIVERED' };
    case 'failure':
      return { status: 'UNDELIVERABLE', detailedStatus: 'UNDELIVERABLE' };
    case 'cancelled':
      return { status: 'CANCELLED', detailedStatus: 'LABEL_CANCELED' };
  }
}

function itemIdOf(view: OrderView, lineId: number): string | undefined {
  const line = view.order.lines.find((candidate) => candidate.id === lineId);
  return line ? view.items.find((item) => item.sku === line.sku)?.orderItemId : undefined;
}

function packages(view: OrderView): Json[] {
  return view.fulfillments.map((fulfillment) => {
    const quantities = new Map<string, number>();
    for (const line of fulfillment.lines) {
      const id = itemIdOf(view, line.lineId);
      if (id) quantities.set(id, (quantities.get(id) ?? 0) + line.quantity);
    }
    return {
      packageReferenceId: String(fulfillment.id),
      createdTime: amazonTime(Date.parse(fulfillment.createdAt)),
      packageStatus: packageStatus(fulfillment),
      ...(fulfillment.carrier ? { carrier: fulfillment.carrier } : {}),
      shipTime: amazonTime(Date.parse(fulfillment.createdAt)),
      shippingService: 'Standard',
      ...(fulfillment.trackingNumber ? { trackingNumber: fulfillment.trackingNumber } : {}),
      packageItems: [...quantities].map(([orderItemId, quantity]) => ({ orderItemId, quantity })),
    };
  });
}

function item2026(item: ItemView, currency: string, included: ReadonlySet<IncludedData>): Json {
  const itemBreakdowns = [
    breakdown('ITEM', item.itemPrice, currency),
    ...(item.shippingPrice > 0 ? [breakdown('SHIPPING', item.shippingPrice, currency)] : []),
    ...(item.promotionDiscount > 0 ? [breakdown('DISCOUNT', -item.promotionDiscount, currency)] : []),
    {
      ...breakdown('TAX', item.itemTax + item.shippingTax, currency),
      detailedBreakdowns: [
        { subtype: 'ITEM', value: money2026(item.itemTax, currency) },
        { subtype: 'SHIPPING', value: money2026(item.shippingTax, currency) },
      ],
    },
  ];
  const total =
    item.itemPrice + item.shippingPrice + item.itemTax + item.shippingTax - item.promotionDiscount;
  return {
    orderItemId: item.orderItemId,
    quantityOrdered: item.quantity,
    product: {
      asin: item.asin,
      title: item.title,
      sellerSku: item.sku,
      condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
      price: { unitPrice: money2026(item.unitPrice, currency) },
    },
    ...(included.has('PROCEEDS')
      ? { proceeds: { proceedsTotal: money2026(total, currency), breakdowns: itemBreakdowns } }
      : {}),
    ...(included.has('FULFILLMENT')
      ? {
          fulfillment: {
            quantityFulfilled: item.quantityShipped,
            quantityUnfulfilled: item.quantity - item.quantityShipped,
          },
        }
      : {}),
  };
}

/** An order as Orders API v2026-01-01 returns it, with the requested `includedData`. */
export function renderOrder2026(
  view: OrderView,
  included: ReadonlySet<IncludedData>,
  options: RenderOptions,
): Json {
  const { currency, items } = view;
  const sum = (pick: (item: ItemView) => number) => items.reduce((total, item) => total + pick(item), 0);
  const discount = sum((item) => item.promotionDiscount);
  return {
    orderId: view.amazonOrderId,
    orderAliases: [{ aliasId: String(view.order.number), aliasType: 'SELLER_ORDER_ID' }],
    createdTime: amazonTime(view.createdMs),
    lastUpdatedTime: amazonTime(view.updatedMs),
    programs: [],
    salesChannel: {
      channelName: 'AMAZON',
      marketplaceId: options.marketplaceId,
      marketplaceName: 'Amazon.com',
    },
    ...(included.has('BUYER') && options.pii.buyer
      ? { buyer: { buyerName: view.buyerName, buyerEmail: view.buyerEmail } }
      : {}),
    ...(included.has('RECIPIENT') && view.address
      ? { recipient: { deliveryAddress: deliveryAddress(view.address, options.pii.address) } }
      : {}),
    ...(included.has('PROCEEDS')
      ? {
          proceeds: {
            grandTotal: money2026(view.grandTotal, currency),
            breakdowns: [
              breakdown(
                'ITEM',
                sum((item) => item.itemPrice),
                currency,
              ),
              breakdown(
                'SHIPPING',
                sum((item) => item.shippingPrice),
                currency,
              ),
              ...(discount > 0 ? [breakdown('DISCOUNT', -discount, currency)] : []),
              breakdown(
                'TAX',
                sum((item) => item.itemTax + item.shippingTax),
                currency,
              ),
            ],
          },
        }
      : {}),
    ...(included.has('FULFILLMENT')
      ? {
          fulfillment: {
            fulfillmentStatus: view.fulfillmentStatus,
            fulfilledBy: view.channel === 'AFN' ? 'AMAZON' : 'MERCHANT',
            fulfillmentServiceLevel: 'STANDARD',
          },
        }
      : {}),
    orderItems: items.map((item) => item2026(item, currency, included)),
    ...(included.has('PACKAGES') ? { packages: packages(view) } : {}),
  };
}

function shippingAddressV0(address: Address, full: boolean): Json {
  const partial = {
    City: address.city,
    StateOrRegion: address.provinceCode || address.province,
    PostalCode: address.postcode,
    CountryCode: address.countryCode,
  };
  if (!full) return partial;
  return {
    Name: `${address.firstName} ${address.lastName}`.trim(),
    AddressLine1: address.address1,
    ...(address.address2 ? { AddressLine2: address.address2 } : {}),
    ...partial,
    ...(address.phone ? { Phone: address.phone } : {}),
    AddressType: address.company ? 'Commercial' : 'Residential',
  };
}

export function buyerInfoV0(view: OrderView): Json {
  return { BuyerEmail: view.buyerEmail, BuyerName: view.buyerName };
}

/** An order as Orders API v0 returns it; PII only with an RDT granting it. */
export function renderOrderV0(view: OrderView, options: RenderOptions): Json {
  const shippedCount = view.items.reduce((sum, item) => sum + item.quantityShipped, 0);
  const orderedCount = view.items.reduce((sum, item) => sum + item.quantity, 0);
  return {
    AmazonOrderId: view.amazonOrderId,
    SellerOrderId: String(view.order.number),
    PurchaseDate: amazonTime(view.createdMs),
    LastUpdateDate: amazonTime(view.updatedMs),
    OrderStatus: view.v0Status,
    FulfillmentChannel: view.channel,
    SalesChannel: 'Amazon.com',
    ShipServiceLevel: 'Std US D2D Dom',
    ...(view.v0Status === 'Pending' ? {} : { OrderTotal: moneyV0(view.grandTotal, view.currency) }),
    NumberOfItemsShipped: shippedCount,
    NumberOfItemsUnshipped: view.v0Status === 'Canceled' ? 0 : orderedCount - shippedCount,
    PaymentMethod: 'Other',
    PaymentMethodDetails: ['Standard'],
    MarketplaceId: options.marketplaceId,
    ShipmentServiceLevelCategory: 'Standard',
    OrderType: 'StandardOrder',
    IsBusinessOrder: false,
    IsPrime: false,
    IsGlobalExpressEnabled: false,
    IsPremiumOrder: false,
    IsSoldByAB: false,
    IsIBA: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    ...(view.address ? { ShippingAddress: shippingAddressV0(view.address, options.pii.address) } : {}),
    ...(options.pii.buyer ? { BuyerInfo: buyerInfoV0(view) } : {}),
  };
}

export function shippingAddressOf(view: OrderView, full: boolean): Json | undefined {
  return view.address ? shippingAddressV0(view.address, full) : undefined;
}

/** One v0 order item. In `Pending`, Amazon omits pricing, tax and promotion data. */
export function renderOrderItemV0(item: ItemView, view: OrderView): Json {
  const { currency } = view;
  const priced = view.v0Status !== 'Pending';
  return {
    ASIN: item.asin,
    OrderItemId: item.orderItemId,
    SellerSKU: item.sku,
    Title: item.title,
    QuantityOrdered: item.quantity,
    QuantityShipped: item.quantityShipped,
    ...(priced
      ? {
          ItemPrice: moneyV0(item.itemPrice, currency),
          ShippingPrice: moneyV0(item.shippingPrice, currency),
          ItemTax: moneyV0(item.itemTax, currency),
          ShippingTax: moneyV0(item.shippingTax, currency),
          PromotionDiscount: moneyV0(item.promotionDiscount, currency),
        }
      : {}),
    IsGift: 'false',
    ConditionId: 'New',
    ConditionSubtypeId: 'New',
  };
}
