import { z } from 'zod';
import { CurrencyCode } from '../currency';
import { ID_PREFIX, LINE_ID_PREFIX, prefixedId } from '../ids';
import { Money } from '../money';
import { IsoDateTime } from '../time';
import { entityBase } from './base';
import { DiscountApplication } from './discount-application';
import { EmailAddress } from './email';

export const CartStatus = z
  .enum(['open', 'abandoned', 'converted'])
  .describe(
    '`open`: active, recently updated. `abandoned`: no activity for the abandonment window and not ' +
      'completed. `converted`: checkout completed into an order (`convertedOrderId`).',
  );
export type CartStatus = z.infer<typeof CartStatus>;

export const CartLine = z
  .object({
    id: prefixedId(LINE_ID_PREFIX.cart_line).describe('Stable Cartwire id of the line (cl_…).'),
    externalId: z.string().min(1).describe("The platform's id for this line."),
    productId: prefixedId(ID_PREFIX.product).nullable().describe('Product; null when unknown or deleted.'),
    variantId: prefixedId(ID_PREFIX.variant).nullable().describe('Variant; null when unknown or deleted.'),
    sku: z.string().nullable().describe('SKU; null when none.'),
    title: z.string().describe('Product title as shown in the cart.'),
    variantTitle: z.string().nullable().describe('Variant title; null when none.'),
    quantity: z.number().int().min(0).describe('Units in the cart.'),
    unitPrice: Money.describe('Price of one unit before discounts. May be zero.'),
    imageUrl: z.url().nullable().describe('Image of the item (for recovery messages); null when unknown.'),
  })
  .describe('One line of a cart.')
  .meta({ id: 'CartLine' });
export type CartLine = z.infer<typeof CartLine>;

export const Cart = z
  .object({
    id: prefixedId(ID_PREFIX.cart).describe('Cartwire id of the cart (crt_…).'),
    ...entityBase,
    status: CartStatus,
    currency: CurrencyCode.describe('Currency of every Money on the cart.'),
    lines: z.array(CartLine).describe('Items in the cart.'),
    subtotal: Money.describe('Sum of line prices before cart-level discounts, shipping and tax.'),
    totalDiscounts: Money.describe('All discounts applied.'),
    totalTax: Money.describe('Tax, where already computed; zero when not.'),
    total: Money.describe('Total the buyer would pay.'),
    discountCodes: z.array(z.string()).describe('Discount codes entered; empty when none.'),
    discountApplications: z.array(DiscountApplication).describe('Discounts applied to the cart.'),
    customerId: prefixedId(ID_PREFIX.customer).nullable().describe('Registered customer; null for guests.'),
    email: EmailAddress.nullable().describe('Email entered at checkout; null when not given.'),
    phone: z.string().nullable().describe('Phone entered at checkout; null when not given.'),
    recoveryUrl: z
      .url()
      .nullable()
      .describe('Link that restores the cart for the buyer; null when unavailable.'),
    completedAt: IsoDateTime.nullable().describe('When checkout completed (UTC); null when not completed.'),
    convertedOrderId: prefixedId(ID_PREFIX.order)
      .nullable()
      .describe('Order the cart turned into; null until converted.'),
  })
  .describe(
    'A cart or checkout: Shopify abandoned checkouts, WooCommerce checkout-draft orders, Magento quotes. ' +
      'Amazon has none.',
  )
  .meta({ id: 'Cart' });
export type Cart = z.infer<typeof Cart>;
