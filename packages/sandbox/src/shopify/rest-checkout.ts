import type { Cart } from '../store/types';
import { shopifyId } from './gid';
import { multiplyAmount } from './money-bag';
import { restDecimal } from './money-format';
import { abandonedCheckoutUrl } from './render-checkout';
import { type RestRenderContext, restAddress, restTimeIn } from './rest-context';
import { renderRestCustomer } from './rest-customer';

/** REST abandoned checkout (`checkouts.json`, `checkouts/create|update` webhooks) from a sandbox cart. */
export function renderRestCheckout(context: RestRenderContext, cart: Cart) {
  const id = shopifyId('AbandonedCheckout', cart.id);
  const customer = cart.customerId === null ? undefined : context.store.getCustomer(cart.customerId);
  const weight = cart.lines.reduce(
    (sum, line) => sum + (context.store.getVariant(line.variantId)?.weightGrams ?? 0) * line.quantity,
    0,
  );
  return {
    id,
    token: cart.token,
    cart_token: cart.token,
    email: cart.email,
    gateway: null,
    buyer_accepts_marketing: customer?.emailMarketing.state === 'subscribed',
    created_at: restTimeIn(context, cart.createdAt),
    updated_at: restTimeIn(context, cart.updatedAt),
    landing_site: null,
    note: null,
    note_attributes: [],
    referring_site: null,
    shipping_lines: [],
    taxes_included: false,
    total_weight: weight,
    currency: cart.currency,
    completed_at: restTimeIn(context, cart.completedAt),
    closed_at: null,
    user_id: null,
    location_id: null,
    source_identifier: null,
    source_url: null,
    device_id: null,
    phone: cart.phone,
    customer_locale: customer?.locale ?? 'en',
    line_items: cart.lines.map((line) => {
      const variant = context.store.getVariant(line.variantId);
      return {
        applied_discounts: [],
        discount_allocations: [],
        key: `${shopifyId('AbandonedCheckoutLineItem', line.id).toString(16)}`.padStart(16, '0'),
        destination_location_id: null,
        fulfillment_service: 'manual',
        gift_card: false,
        grams: variant?.weightGrams ?? 0,
        origin_location_id: null,
        presentment_title: line.title,
        presentment_variant_title: line.variantTitle ?? '',
        product_id: shopifyId('Product', line.productId),
        properties: null,
        quantity: line.quantity,
        requires_shipping: variant?.requiresShipping ?? true,
        sku: line.sku || null,
        tax_lines: [],
        taxable: variant?.taxable ?? true,
        title: line.title,
        variant_id: shopifyId('ProductVariant', line.variantId),
        variant_title: line.variantTitle ?? '',
        variant_price: restDecimal(line.price),
        vendor: context.store.getProduct(line.productId)?.vendor ?? null,
        user_id: null,
        unit_price_measurement: null,
        rank: null,
        compare_at_price: variant?.compareAtPrice ? restDecimal(variant.compareAtPrice) : null,
        line_price: restDecimal(multiplyAmount(cart.currency, line.price, line.quantity)),
        price: restDecimal(line.price),
      };
    }),
    name: `#${id}`,
    source: null,
    abandoned_checkout_url: abandonedCheckoutUrl(context.shopDomain, cart),
    discount_codes: [],
    tax_lines: [],
    source_name: 'web',
    presentment_currency: cart.currency,
    buyer_accepts_sms_marketing: customer?.smsMarketing.state === 'subscribed',
    sms_marketing_phone: customer?.smsMarketing.state === 'subscribed' ? customer.phone : null,
    total_discounts: restDecimal('0'),
    total_line_items_price: restDecimal(cart.subtotal),
    total_price: restDecimal(cart.subtotal),
    total_tax: restDecimal('0'),
    subtotal_price: restDecimal(cart.subtotal),
    total_duties: null,
    reservation_token: null,
    billing_address: restAddress(cart.shippingAddress),
    shipping_address: restAddress(cart.shippingAddress),
    customer: customer ? renderRestCustomer(context, customer, { embedded: true }) : null,
  };
}
