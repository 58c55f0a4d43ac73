import { z } from 'zod';

/** `{"amount":"154.99","currencyCode":"USD"}` (2026-01-01). */
export const RawMoney2026 = z.looseObject({ amount: z.string(), currencyCode: z.string().length(3) });
/** `{"CurrencyCode":"USD","Amount":"11.01"}` (v0). */
export const RawMoneyV0 = z.looseObject({ CurrencyCode: z.string().length(3), Amount: z.string() });

const Breakdown = z.looseObject({ type: z.string(), subtotal: RawMoney2026 });

export const RawDeliveryAddress = z.looseObject({
  name: z.string().optional(),
  companyName: z.string().optional(),
  addressLine1: z.string().optional(),
  addressLine2: z.string().optional(),
  addressLine3: z.string().optional(),
  city: z.string().optional(),
  districtOrCounty: z.string().optional(),
  stateOrRegion: z.string().optional(),
  postalCode: z.string().optional(),
  countryCode: z.string().optional(),
  phone: z.string().optional(),
});
export type RawDeliveryAddress = z.infer<typeof RawDeliveryAddress>;

export const RawOrderItem2026 = z.looseObject({
  orderItemId: z.string().min(1),
  quantityOrdered: z.int().nonnegative(),
  product: z.looseObject({
    asin: z.string().optional(),
    title: z.string().optional(),
    sellerSku: z.string().optional(),
    price: z.looseObject({ unitPrice: RawMoney2026.optional() }).optional(),
  }),
  proceeds: z
    .looseObject({ proceedsTotal: RawMoney2026.optional(), breakdowns: z.array(Breakdown).optional() })
    .optional(),
  fulfillment: z
    .looseObject({ quantityFulfilled: z.int().optional(), quantityUnfulfilled: z.int().optional() })
    .optional(),
});
export type RawOrderItem2026 = z.infer<typeof RawOrderItem2026>;

export const RawPackage = z.looseObject({
  packageReferenceId: z.string().min(1),
  createdTime: z.string().optional(),
  packageStatus: z
    .looseObject({ status: z.string().optional(), detailedStatus: z.string().optional() })
    .optional(),
  carrier: z.string().optional(),
  shipTime: z.string().optional(),
  shippingService: z.string().optional(),
  trackingNumber: z.string().optional(),
  packageItems: z
    .array(z.looseObject({ orderItemId: z.string(), quantity: z.int().nonnegative() }))
    .optional(),
});
export type RawPackage = z.infer<typeof RawPackage>;

/** An order from Orders API v2026-01-01 (searchOrders `orders[]`, getOrder `order`). */
export const RawOrder2026 = z.looseObject({
  orderId: z.string().min(1),
  orderAliases: z.array(z.looseObject({ aliasId: z.string(), aliasType: z.string() })).optional(),
  createdTime: z.string(),
  lastUpdatedTime: z.string(),
  salesChannel: z
    .looseObject({ channelName: z.string().optional(), marketplaceId: z.string().optional() })
    .optional(),
  buyer: z
    .looseObject({
      buyerName: z.string().optional(),
      buyerEmail: z.string().optional(),
      buyerCompanyName: z.string().optional(),
    })
    .optional(),
  recipient: z.looseObject({ deliveryAddress: RawDeliveryAddress.optional() }).optional(),
  proceeds: z
    .looseObject({ grandTotal: RawMoney2026.optional(), breakdowns: z.array(Breakdown).optional() })
    .optional(),
  fulfillment: z
    .looseObject({ fulfillmentStatus: z.string().optional(), fulfilledBy: z.string().optional() })
    .optional(),
  orderItems: z.array(RawOrderItem2026),
  packages: z.array(RawPackage).optional(),
});
export type RawOrder2026 = z.infer<typeof RawOrder2026>;

const RawAddressV0 = z.looseObject({
  Name: z.string().optional(),
  AddressLine1: z.string().optional(),
  AddressLine2: z.string().optional(),
  AddressLine3: z.string().optional(),
  City: z.string().optional(),
  County: z.string().optional(),
  StateOrRegion: z.string().optional(),
  PostalCode: z.string().optional(),
  CountryCode: z.string().optional(),
  Phone: z.string().optional(),
});
export type RawAddressV0 = z.infer<typeof RawAddressV0>;

export const RawBuyerInfoV0 = z.looseObject({
  BuyerEmail: z.string().optional(),
  BuyerName: z.string().optional(),
  BuyerTaxInfo: z.looseObject({ CompanyLegalName: z.string().optional() }).optional(),
  PurchaseOrderNumber: z.string().optional(),
});

/** An order from Orders API v0 (getOrders `payload.Orders[]`, getOrder `payload`). */
export const RawOrderV0 = z.looseObject({
  AmazonOrderId: z.string().min(1),
  SellerOrderId: z.string().optional(),
  PurchaseDate: z.string(),
  LastUpdateDate: z.string(),
  OrderStatus: z.string(),
  FulfillmentChannel: z.string().optional(),
  SalesChannel: z.string().optional(),
  OrderTotal: RawMoneyV0.optional(),
  MarketplaceId: z.string().optional(),
  ShippingAddress: RawAddressV0.optional(),
  BuyerInfo: RawBuyerInfoV0.optional(),
});
export type RawOrderV0 = z.infer<typeof RawOrderV0>;

/** Booleans in v0 items are sometimes strings (`"IsGift":"false"`). */
const LooseBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

export const RawOrderItemV0 = z.looseObject({
  ASIN: z.string().optional(),
  OrderItemId: z.string().min(1),
  SellerSKU: z.string().optional(),
  Title: z.string().optional(),
  QuantityOrdered: z.int().nonnegative(),
  QuantityShipped: z.int().nonnegative().optional(),
  ItemPrice: RawMoneyV0.optional(),
  ShippingPrice: RawMoneyV0.optional(),
  ItemTax: RawMoneyV0.optional(),
  ShippingTax: RawMoneyV0.optional(),
  PromotionDiscount: RawMoneyV0.optional(),
  ShippingDiscount: RawMoneyV0.optional(),
  IsGift: LooseBoolean.optional(),
  BuyerRequestedCancel: z
    .looseObject({
      IsBuyerRequestedCancel: LooseBoolean.optional(),
      BuyerCancelReason: z.string().optional(),
    })
    .optional(),
});
export type RawOrderItemV0 = z.infer<typeof RawOrderItemV0>;

/** A v0 order with its items (getOrderItems, all pages) — what the v0 orders stream maps. */
export const OrderWithItemsV0 = z.object({ order: RawOrderV0, items: z.array(RawOrderItemV0) });
export type OrderWithItemsV0 = z.infer<typeof OrderWithItemsV0>;

export const RawListingsItem = z.looseObject({
  sku: z.string().min(1),
  summaries: z
    .array(
      z.looseObject({
        marketplaceId: z.string(),
        asin: z.string().optional(),
        productType: z.string().optional(),
        status: z.array(z.string()).optional(),
        itemName: z.string().optional(),
        createdDate: z.string().optional(),
        lastUpdatedDate: z.string().optional(),
        mainImage: z.looseObject({ link: z.string() }).optional(),
      }),
    )
    .optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  offers: z
    .array(
      z.looseObject({ marketplaceId: z.string(), offerType: z.string().optional(), price: RawMoney2026 }),
    )
    .optional(),
  fulfillmentAvailability: z
    .array(z.looseObject({ fulfillmentChannelCode: z.string(), quantity: z.int().optional() }))
    .optional(),
});
export type RawListingsItem = z.infer<typeof RawListingsItem>;

export const RawInventorySummary = z.looseObject({
  asin: z.string().optional(),
  fnSku: z.string().optional(),
  sellerSku: z.string().min(1),
  condition: z.string().optional(),
  inventoryDetails: z.looseObject({ fulfillableQuantity: z.int().optional() }).optional(),
  lastUpdatedTime: z.string().optional(),
  productName: z.string().optional(),
  totalQuantity: z.int().optional(),
});
export type RawInventorySummary = z.infer<typeof RawInventorySummary>;

/** A Catalog Items 2022-04-01 item (`includedData=summaries`). */
export const RawCatalogItem = z.looseObject({
  asin: z.string().min(1),
  summaries: z
    .array(
      z.looseObject({
        marketplaceId: z.string(),
        itemName: z.string().optional(),
        brand: z.string().optional(),
        manufacturer: z.string().optional(),
      }),
    )
    .optional(),
});
export type RawCatalogItem = z.infer<typeof RawCatalogItem>;
