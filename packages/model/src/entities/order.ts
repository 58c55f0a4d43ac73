import { z } from 'zod';
import { CurrencyCode } from '../currency';
import { ID_PREFIX, prefixedId } from '../ids';
import { Money } from '../money';
import { IsoDateTime } from '../time';
import { Address } from './address';
import { entityBase } from './base';
import { DiscountApplication } from './discount-application';
import { EmailAddress } from './email';
import { LineItem } from './line-item';
import { Refund } from './refund';
import { Shipment } from './shipment';

export const OrderStatus = z
  .enum(['open', 'closed', 'cancelled', 'draft'])
  .describe(
    'Life-cycle state. ' +
      '`open`: placed and still being worked on — Shopify: neither closed nor cancelled; WooCommerce: ' +
      'pending, processing, on-hold, failed; Magento state: new, pending_payment, processing, holded, ' +
      'payment_review; Amazon: PendingAvailability, Pending, Unshipped, PartiallyShipped, InvoiceUnconfirmed. ' +
      '`closed`: finished — Shopify: closedAt set (archived); WooCommerce: completed, refunded; Magento: ' +
      'complete, closed; Amazon: Shipped. ' +
      '`cancelled`: Shopify: cancelledAt set; WooCommerce: cancelled; Magento: canceled; Amazon: Canceled, ' +
      'Unfulfillable. ' +
      '`draft`: not yet placed by the buyer — Shopify draft orders; WooCommerce checkout-draft (also ' +
      'exposed as a cart); no Magento or Amazon equivalent.',
  );
export type OrderStatus = z.infer<typeof OrderStatus>;

export const FinancialStatus = z
  .enum([
    'pending',
    'authorized',
    'partially_paid',
    'paid',
    'partially_refunded',
    'refunded',
    'voided',
    'failed',
  ])
  .describe(
    'Payment state. ' +
      '`pending`: awaiting payment — Shopify PENDING; WooCommerce pending, on-hold, checkout-draft; Magento ' +
      'new, pending_payment, payment_review; Amazon Pending, PendingAvailability. ' +
      '`authorized`: authorized, not captured — Shopify AUTHORIZED; Magento processing without an invoice. ' +
      '`partially_paid`: Shopify PARTIALLY_PAID; Magento invoiced for less than the grand total. ' +
      '`paid`: Shopify PAID; WooCommerce processing, completed; Magento invoiced in full; Amazon ' +
      'Unshipped, PartiallyShipped, Shipped, InvoiceUnconfirmed (Amazon collects before the seller ships). ' +
      '`partially_refunded`: some money returned — Shopify PARTIALLY_REFUNDED; WooCommerce/Magento/Amazon ' +
      'when refunds total less than what was paid. ' +
      '`refunded`: all money returned — Shopify REFUNDED; WooCommerce refunded; Magento closed by credit memo; ' +
      'Amazon fully refunded. ' +
      '`voided`: authorization released or order cancelled before capture — Shopify VOIDED, EXPIRED; ' +
      'WooCommerce and Magento cancelled before payment; Amazon Canceled. ' +
      '`failed`: payment failed — WooCommerce failed; Shopify/Magento/Amazon keep such orders pending.',
  );
export type FinancialStatus = z.infer<typeof FinancialStatus>;

export const FulfillmentStatus = z
  .enum(['unfulfilled', 'partially_fulfilled', 'fulfilled', 'restocked', 'on_hold'])
  .describe(
    'Shipping state. ' +
      '`unfulfilled`: nothing shipped — Shopify UNFULFILLED; WooCommerce pending, processing, failed; ' +
      'Magento new, pending_payment, processing without shipments; Amazon Pending, Unshipped. ' +
      '`partially_fulfilled`: some lines shipped — Shopify PARTIALLY_FULFILLED; Magento processing with ' +
      'some items shipped; Amazon PartiallyShipped (WooCommerce core has no partial shipments). ' +
      '`fulfilled`: everything shipped — Shopify FULFILLED; WooCommerce completed; Magento complete; Amazon ' +
      'Shipped. ' +
      '`restocked`: all items returned to stock (refunded and restocked, or cancelled) — Shopify RESTOCKED; ' +
      'WooCommerce refunded/cancelled with restock; Magento closed/canceled; Amazon Canceled. ' +
      '`on_hold`: fulfilment paused — Shopify ON_HOLD; WooCommerce on-hold; Magento holded, payment_review; ' +
      'Amazon PendingAvailability (pre-order).',
  );
export type FulfillmentStatus = z.infer<typeof FulfillmentStatus>;

export const Order = z
  .object({
    id: prefixedId(ID_PREFIX.order).describe('Cartwire id of the order (ord_…).'),
    ...entityBase,
    name: z
      .string()
      .describe(
        'Customer-facing order number, e.g. "#1001" (Shopify), "1234" (WooCommerce), "000000003" (Magento).',
      ),
    status: OrderStatus,
    financialStatus: FinancialStatus,
    fulfillmentStatus: FulfillmentStatus,
    currency: CurrencyCode.describe('Shop currency; every Money on the order is in this currency.'),
    presentmentCurrency: CurrencyCode.describe(
      'Currency the buyer saw and paid in (differs in multi-currency shops).',
    ),
    subtotal: Money.describe('Sum of line prices after line discounts, before shipping and tax.'),
    totalDiscounts: Money.describe('All discounts on the order.'),
    totalShipping: Money.describe('Shipping charged, after shipping discounts.'),
    totalTax: Money.describe('All tax charged.'),
    total: Money.describe(
      'Amount charged: subtotal + shipping + tax (tax-inclusive shops already include tax).',
    ),
    totalRefunded: Money.describe('Sum of all refunds; zero when none.'),
    discountCodes: z.array(z.string()).describe('Discount codes used; empty when none.'),
    discountApplications: z
      .array(DiscountApplication)
      .describe('All discounts applied, codes and automatic.'),
    lineItems: z.array(LineItem).describe('Ordered lines.'),
    refunds: z.array(Refund).describe('Refunds issued, oldest first.'),
    shipments: z.array(Shipment).describe('Shipments (fulfilments), oldest first.'),
    customerId: prefixedId(ID_PREFIX.customer)
      .nullable()
      .describe('Registered customer who placed the order; null for guest checkouts.'),
    email: EmailAddress.nullable().describe('Buyer email (for guests the only contact); null when unknown.'),
    phone: z.string().nullable().describe('Buyer phone; null when unknown.'),
    billingAddress: Address.nullable().describe('Billing address; null when none or withheld.'),
    shippingAddress: Address.nullable().describe(
      'Shipping address; null for digital orders or when withheld.',
    ),
    sourceChannel: z
      .string()
      .nullable()
      .describe(
        'Where the order was placed, lower case: "web", "pos", "mobile", "amazon", "admin", …; null when unknown.',
      ),
    tags: z.array(z.string()).describe('Merchant tags; empty when none.'),
    note: z.string().nullable().describe('Buyer or staff note; null when none.'),
    processedAt: IsoDateTime.nullable().describe(
      'When the order was placed/processed (UTC); null when not yet.',
    ),
    cancelledAt: IsoDateTime.nullable().describe(
      'When the order was cancelled (UTC); null when not cancelled.',
    ),
    closedAt: IsoDateTime.nullable().describe('When the order was closed (UTC); null when open.'),
  })
  .describe('An order with its lines, refunds and shipments. All money is in the shop currency (`currency`).')
  .meta({ id: 'Order' });
export type Order = z.infer<typeof Order>;
