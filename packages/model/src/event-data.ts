import { z } from 'zod';
import { Cart } from './entities/cart';
import { Customer } from './entities/customer';
import { EmailAddress } from './entities/email';
import { InventoryLevel } from './entities/inventory-level';
import { Order } from './entities/order';
import { Product } from './entities/product';
import { Shipment } from './entities/shipment';
import { Variant } from './entities/variant';
import { ID_PREFIX, prefixedId } from './ids';
import { Money } from './money';

const productId = prefixedId(ID_PREFIX.product);
const variantId = prefixedId(ID_PREFIX.variant);
const locationId = prefixedId(ID_PREFIX.location);

export const Shopper = z
  .object({
    customerId: prefixedId(ID_PREFIX.customer).optional().describe('Registered customer, when logged in.'),
    email: EmailAddress.optional().describe('Email of the shopper, when known (e.g. captured by a form).'),
    anonymousId: z
      .string()
      .min(1)
      .optional()
      .describe('Anonymous browser or device id the storefront tracker assigned.'),
  })
  .refine((s) => s.customerId !== undefined || s.email !== undefined || s.anonymousId !== undefined, {
    message: 'a shopper needs at least one of customerId, email or anonymousId',
  })
  .describe('Who did it: at least one of customerId, email or anonymousId.')
  .meta({ id: 'Shopper' });
export type Shopper = z.infer<typeof Shopper>;

export const ProductDeletedData = z
  .object({
    productId: productId.describe('Cartwire id of the deleted product.'),
    externalId: z.string().min(1).describe("The platform's id of the deleted product."),
  })
  .describe('A product removed on the platform; only its ids remain.')
  .meta({ id: 'ProductDeletedData' });

export const InventoryChangedData = z
  .object({
    inventoryLevel: InventoryLevel.describe('The stock level after the change.'),
    variantId: variantId.describe('Variant whose stock changed.'),
    locationId: locationId.describe('Location where it changed.'),
    available: z.number().int().describe('Units available after the change.'),
    previousAvailable: z
      .number()
      .int()
      .nullable()
      .describe('Units available before the change; null the first time this level is seen.'),
  })
  .describe('Stock of a variant at a location changed.')
  .meta({ id: 'InventoryChangedData' });

export const BackInStockData = z
  .object({
    productId: productId.describe('Product the variant belongs to.'),
    variant: Variant.describe('The variant, as it is now.'),
    available: z.number().int().describe('Units available now, across locations.'),
    threshold: z
      .number()
      .int()
      .describe(
        'Stock level from which the variant counts as in stock; it rose from below to at least this.',
      ),
  })
  .describe('A variant that was out of stock can be bought again.')
  .meta({ id: 'BackInStockData' });

export const LowStockData = z
  .object({
    productId: productId.describe('Product the variant belongs to.'),
    variant: Variant.describe('The variant, as it is now.'),
    available: z.number().int().describe('Units available now, across locations.'),
    threshold: z.number().int().describe('Low-stock threshold; stock fell from above it to at or below it.'),
  })
  .describe('A variant fell to or below its low-stock threshold.')
  .meta({ id: 'LowStockData' });

export const PriceDroppedData = z
  .object({
    productId: productId.describe('Product the variant belongs to.'),
    variantId: variantId.describe('Variant whose price fell.'),
    previousPrice: Money.describe('Price before the change.'),
    price: Money.describe('Price after the change (lower than previousPrice).'),
  })
  .describe("A variant's price went down.")
  .meta({ id: 'PriceDroppedData' });

export const ProductViewedData = z
  .object({
    shopper: Shopper.describe('The shopper who did it.'),
    productId: productId.describe('Product viewed.'),
    variantId: variantId.optional().describe('Variant selected, when the page shows one.'),
    url: z.url().optional().describe('Page URL.'),
  })
  .describe('A shopper viewed a product page.')
  .meta({ id: 'ProductViewedData' });

export const CategoryViewedData = z
  .object({
    shopper: Shopper.describe('The shopper who did it.'),
    collectionId: prefixedId(ID_PREFIX.collection).optional().describe('Collection viewed, when resolved.'),
    name: z.string().describe('Name of the category or collection as shown.'),
  })
  .describe('A shopper viewed a category or collection page.')
  .meta({ id: 'CategoryViewedData' });

export const CartItemAddedData = z
  .object({
    shopper: Shopper.describe('The shopper who did it.'),
    variantId: variantId.describe('Variant added.'),
    quantity: z.number().int().min(1).describe('Units added.'),
    cartToken: z.string().min(1).optional().describe("The storefront's cart token, to join with the cart."),
  })
  .describe('A shopper added an item to their cart on the storefront.')
  .meta({ id: 'CartItemAddedData' });

export const SearchPerformedData = z
  .object({
    shopper: Shopper.describe('The shopper who did it.'),
    query: z.string().describe('Search terms as typed.'),
    resultsCount: z.number().int().min(0).optional().describe('Number of results shown, when known.'),
  })
  .describe('A shopper searched the storefront.')
  .meta({ id: 'SearchPerformedData' });

export const WaitlistSubscribedData = z
  .object({
    subscriptionId: prefixedId(ID_PREFIX.waitlist_subscription).describe(
      'Cartwire id of the waitlist subscription (wls_…); the same when a subscriber subscribes again.',
    ),
    productId: productId.describe('Product the variant belongs to.'),
    variantId: variantId.describe('Variant the shopper waits for.'),
    shopper: Shopper.describe('Who subscribed: a customer id, an email, or both.'),
    channel: z
      .string()
      .min(1)
      .nullable()
      .describe('Channel the shopper asked to be alerted on (`email`, `sms`, …); null: the store decides.'),
  })
  .describe('A shopper asked to be told when a variant is back in stock (the waitlist of that variant).')
  .meta({ id: 'WaitlistSubscribedData' });

export const SegmentMembershipData = z
  .object({
    segmentId: z.string().min(1).describe('Cartwire id of the segment (seg_…).'),
    segmentName: z.string().describe('Name of the segment when the membership changed.'),
    customerId: prefixedId(ID_PREFIX.customer).describe('Customer who entered or left the segment.'),
    email: EmailAddress.nullable().describe('Email of the customer, when known.'),
  })
  .describe('A customer entered or left a segment when its membership was materialized.')
  .meta({ id: 'SegmentMembershipData' });

export const WebhookTestData = z
  .object({
    message: z.string().describe('Human-readable text; the event exists only to test an endpoint.'),
  })
  .describe('Sent on request to check that a webhook endpoint receives and verifies deliveries.')
  .meta({ id: 'WebhookTestData' });

export const MessageRequestedData = z
  .object({
    messageId: z
      .string()
      .min(1)
      .describe(
        'Stable id of this send (the step idempotency key): the same for every retry of the step, so deduplicate on it.',
      ),
    channel: z.string().min(1).describe('Channel the workflow step names (`email`, `sms`, `push`, …).'),
    template: z.string().min(1).describe('Template key the workflow step names.'),
    workflow: z
      .object({
        id: z.string().min(1).describe('Workflow id (wf_…).'),
        key: z.string().min(1).describe('Stable key of the workflow.'),
        version: z.number().int().min(1).describe('Version the run follows.'),
      })
      .describe('Workflow that sent it.'),
    runId: z.string().min(1).describe('Workflow run the message belongs to.'),
    nodeId: z.string().min(1).describe('Send step of the workflow.'),
    variants: z
      .record(z.string(), z.string())
      .describe('Split arms the run took so far, by split node id (for A/B reporting).'),
    recipient: z
      .object({
        customerId: z.string().nullable().describe('Cartwire customer id, when known.'),
        email: EmailAddress.nullable().describe('Email address, when known.'),
        phone: z.string().nullable().describe('Phone number, when known.'),
      })
      .describe('Who the message is for.'),
    subject: z
      .object({
        cartId: z.string().nullable().describe('Cart (abandoned-cart runs).'),
        orderId: z.string().nullable().describe('Order (post-purchase runs).'),
        variantId: z.string().nullable().describe('Variant (back-in-stock and price-drop runs).'),
        productId: z.string().nullable().describe('Product of that variant.'),
      })
      .describe('Records the message is about (the run correlation), for rendering.'),
    offer: z
      .looseObject({ kind: z.string().describe('Offer kind; the other fields depend on it.') })
      .describe('Offer the step attaches (`none`, `free_shipping`, `percent_off`, `amount_off`).'),
    discountedVariantIds: z
      .array(z.string())
      .nullable()
      .describe('For a percent-off limited to high-margin items: the variants it applies to.'),
    recommendedProductIds: z.array(z.string()).describe('Products to show, as the step chose them.'),
  })
  .describe(
    'A workflow step asks for a message on a channel Cartwire does not deliver itself: render and send it ' +
      'with your own provider. Already passed the governance gate (consent, suppression, caps).',
  )
  .meta({ id: 'MessageRequestedData' });

/** The `data` schema of each event type. */
export const EVENT_DATA = {
  'order.created': Order,
  'order.updated': Order,
  'order.paid': Order,
  'order.cancelled': Order,
  'order.fulfilled': Order,
  'order.refunded': Order,
  'shipment.delivered': Shipment,
  'checkout.started': Cart,
  'cart.updated': Cart,
  'cart.abandoned': Cart,
  'cart.converted': Cart,
  'customer.created': Customer,
  'customer.updated': Customer,
  'product.created': Product,
  'product.updated': Product,
  'product.deleted': ProductDeletedData,
  'inventory.changed': InventoryChangedData,
  'product.back_in_stock': BackInStockData,
  'product.low_stock': LowStockData,
  'product.price_dropped': PriceDroppedData,
  'product.viewed': ProductViewedData,
  'category.viewed': CategoryViewedData,
  'cart.item_added': CartItemAddedData,
  'search.performed': SearchPerformedData,
  'waitlist.subscribed': WaitlistSubscribedData,
  'segment.entered': SegmentMembershipData,
  'segment.exited': SegmentMembershipData,
  'message.requested': MessageRequestedData,
  'webhook.test': WebhookTestData,
} as const;
