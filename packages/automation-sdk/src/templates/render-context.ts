import type { Cart, Customer, Order, Product, Variant } from '@cartwire/model';
import { z } from 'zod';
import type { Offer } from '../definition/workflow-definition';
import { MissingRenderRecordError } from './errors';

/**
 * The data a template renders with, by the records the message is about. Names follow Liquid/Shopify
 * habits (snake_case). These schemas are the single source of the variable paths a template may use:
 * the save-time validator derives the known paths from them.
 */
export const TemplateContextKind = z
  .enum(['customer', 'cart', 'order', 'product'])
  .describe(
    'Which records a render gets besides the customer: `cart` (abandoned cart), `order` (post-purchase), ' +
      '`product` (back in stock, price drop) or none (`customer`: welcome, win-back).',
  );
export type TemplateContextKind = z.infer<typeof TemplateContextKind>;

export const MoneyView = z.object({
  amount: z.string().describe('Decimal string, e.g. "19.90".'),
  currency: z.string(),
  formatted: z.string().describe('Formatted for the customer locale, e.g. "€19.90".'),
});
export type MoneyView = z.infer<typeof MoneyView>;

export const CustomerView = z.object({
  id: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  name: z.string().describe('Full name, else the email, else "there".'),
  locale: z.string().nullable(),
  tags: z.array(z.string()),
  orders_count: z.number().nullable(),
});

export const LineView = z.object({
  product_id: z.string().nullable(),
  variant_id: z.string().nullable(),
  sku: z.string().nullable(),
  title: z.string(),
  variant_title: z.string().nullable(),
  quantity: z.number(),
  unit_price: MoneyView,
  line_price: MoneyView,
  image_url: z.string().nullable(),
  url: z.string().nullable().describe('Product page, when the product is known.'),
  discounted: z.boolean().describe('The message’s percentage offer applies to this line.'),
});

export const CartView = z.object({
  id: z.string(),
  url: z.string().nullable().describe('Where the shopper resumes checkout (recovery URL).'),
  currency: z.string(),
  item_count: z.number(),
  subtotal: MoneyView,
  total: MoneyView,
  lines: z.array(LineView),
});

export const OrderView = z.object({
  id: z.string(),
  name: z.string().describe('The order number shown to the customer, e.g. "#1001".'),
  currency: z.string(),
  subtotal: MoneyView,
  shipping: MoneyView,
  total: MoneyView,
  item_count: z.number(),
  lines: z.array(LineView),
  processed_at: z.string().nullable(),
});

export const ProductView = z.object({
  id: z.string(),
  title: z.string(),
  handle: z.string().nullable(),
  url: z.string().nullable(),
  description: z.string().nullable(),
  vendor: z.string().nullable(),
  image_url: z.string().nullable(),
  price: MoneyView.nullable().describe('Lowest variant price; null when the product has no variant.'),
  available: z.boolean().describe('A variant is in stock (or not tracked).'),
});

export const VariantView = z.object({
  id: z.string(),
  title: z.string(),
  sku: z.string().nullable(),
  price: MoneyView,
  compare_at_price: MoneyView.nullable(),
  inventory_quantity: z.number().nullable(),
  image_url: z.string().nullable(),
});

export const OfferView = z.object({
  kind: z.enum(['none', 'free_shipping', 'percent_off', 'amount_off']),
  code: z.string().nullable().describe('The recipient’s discount code, when one was issued.'),
  expires_at: z.string().nullable(),
  percent: z.number().nullable(),
  amount: MoneyView.nullable(),
  description: z.string().describe('e.g. "10% off", "Free shipping"; empty for no offer.'),
});

export const ShopView = z.object({ name: z.string(), url: z.string().nullable() });

const base = {
  customer: CustomerView,
  shop: ShopView,
  offer: OfferView,
  recommendations: z.array(ProductView),
  unsubscribe_url: z.string(),
};

/** The render context of each template context kind. */
export const RENDER_CONTEXTS = {
  customer: z.object(base),
  cart: z.object({ ...base, cart: CartView }),
  order: z.object({ ...base, order: OrderView }),
  product: z.object({ ...base, product: ProductView, variant: VariantView.nullable() }),
} satisfies Record<TemplateContextKind, z.ZodObject>;

export type RenderContext = z.infer<(typeof RENDER_CONTEXTS)[TemplateContextKind]>;
type BaseContext = z.infer<(typeof RENDER_CONTEXTS)['customer']>;

/** A schema that accepts any context kind: what content blocks are checked against on their own. */
export const ANY_RENDER_CONTEXT = z.object({
  ...base,
  cart: CartView,
  order: OrderView,
  product: ProductView,
  variant: VariantView.nullable(),
});

/** The records one message is about, as the channel (or a preview) found them. */
export interface RenderRecords {
  customer: Customer | null;
  recipient: { email: string | null; phone: string | null };
  cart?: Cart | null;
  order?: Order | null;
  product?: Product | null;
  variant?: Variant | null;
  offer: Offer;
  /** The recipient's code for the offer, when the offers module issued one. */
  offerCode?: { code: string; expiresAt: Date | null } | null;
  /** Variants a percentage offer is limited to (null: every line). */
  discountedVariantIds?: readonly string[] | null;
  recommendations: readonly Product[];
  /** Product pages by product id, for line links (e.g. from the recommendations and the cart's products). */
  products?: readonly Product[];
  unsubscribeUrl: string;
  shop: { name: string; url: string | null };
}

export function formatMoney(amount: string, currency: string, locale: string | null): string {
  try {
    return new Intl.NumberFormat(locale ?? 'en', { style: 'currency', currency }).format(
      amount as unknown as number, // Intl formats decimal strings exactly
    );
  } catch {
    return `${amount} ${currency}`;
  }
}

function moneyView(m: { amount: string; currency: string }, locale: string | null): MoneyView {
  return { amount: m.amount, currency: m.currency, formatted: formatMoney(m.amount, m.currency, locale) };
}

/** Exact decimal multiply of a price by a quantity (cents as bigint, never floats). */
function times(amount: string, quantity: number): string {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const scale = Math.max(2, fraction.length);
  const units = BigInt(whole + fraction.padEnd(scale, '0')) * BigInt(quantity);
  const text = units.toString().padStart(scale + 1, '0');
  const result = `${text.slice(0, -scale)}.${text.slice(-scale)}`;
  return negative && units !== 0n ? `-${result}` : result;
}

function productView(p: Product, locale: string | null): ProductView {
  const prices = p.variants.map((v) => v.price).sort((a, b) => Number(a.amount) - Number(b.amount));
  const cheapest = prices[0];
  return {
    id: p.id,
    title: p.title,
    handle: p.handle,
    url: p.url,
    description: p.description,
    vendor: p.brand,
    image_url: p.images[0]?.url ?? p.variants.find((v) => v.imageUrl)?.imageUrl ?? null,
    price: cheapest ? moneyView(cheapest, locale) : null,
    available: p.variants.some((v) => !v.inventoryTracked || (v.inventoryQuantity ?? 0) > 0),
  };
}
type ProductView = z.infer<typeof ProductView>;

function offerView(records: RenderRecords, locale: string | null): z.infer<typeof OfferView> {
  const { offer } = records;
  const code = records.offerCode ?? null;
  const common = { code: code?.code ?? null, expires_at: code?.expiresAt?.toISOString() ?? null };
  switch (offer.kind) {
    case 'none':
      return { kind: 'none', ...common, percent: null, amount: null, description: '' };
    case 'free_shipping':
      return { kind: 'free_shipping', ...common, percent: null, amount: null, description: 'Free shipping' };
    case 'percent_off':
      return {
        kind: 'percent_off',
        ...common,
        percent: offer.percent,
        amount: null,
        description: `${offer.percent}% off`,
      };
    case 'amount_off': {
      const amount = moneyView(offer.amount, locale);
      return { kind: 'amount_off', ...common, percent: null, amount, description: `${amount.formatted} off` };
    }
  }
}

/** Builds the render context of `kind` from records; throws when the records lack what the kind needs. */
export function buildRenderContext(kind: TemplateContextKind, records: RenderRecords): RenderContext {
  const c = records.customer;
  const locale = c?.locale ?? null;
  const email = c?.email ?? records.recipient.email;
  const fullName = [c?.firstName, c?.lastName].filter(Boolean).join(' ');
  const productsById = new Map(
    [
      ...(records.products ?? []),
      ...records.recommendations,
      ...(records.product ? [records.product] : []),
    ].map((p) => [p.id, p]),
  );
  const discounted = records.discountedVariantIds ? new Set(records.discountedVariantIds) : null;
  const percentOffer = records.offer.kind === 'percent_off';
  const lineView = (line: {
    productId: string | null;
    variantId: string | null;
    sku: string | null;
    title: string;
    variantTitle: string | null;
    quantity: number;
    unitPrice: { amount: string; currency: string };
    imageUrl?: string | null;
  }) => ({
    product_id: line.productId,
    variant_id: line.variantId,
    sku: line.sku,
    title: line.title,
    variant_title: line.variantTitle,
    quantity: line.quantity,
    unit_price: moneyView(line.unitPrice, locale),
    line_price: moneyView(
      { amount: times(line.unitPrice.amount, line.quantity), currency: line.unitPrice.currency },
      locale,
    ),
    image_url: line.imageUrl ?? null,
    url: (line.productId && productsById.get(line.productId)?.url) || null,
    discounted:
      percentOffer && (discounted === null || (line.variantId !== null && discounted.has(line.variantId))),
  });
  const base: BaseContext = {
    customer: {
      id: c?.id ?? null,
      email,
      phone: c?.phone ?? records.recipient.phone,
      first_name: c?.firstName ?? null,
      last_name: c?.lastName ?? null,
      name: fullName || email || 'there',
      locale,
      tags: c?.tags ?? [],
      orders_count: c?.ordersCount ?? null,
    },
    shop: records.shop,
    offer: offerView(records, locale),
    recommendations: records.recommendations.map((p) => productView(p, locale)),
    unsubscribe_url: records.unsubscribeUrl,
  };
  switch (kind) {
    case 'customer':
      return base;
    case 'cart': {
      const cart = records.cart;
      if (!cart) throw new MissingRenderRecordError('cart');
      return {
        ...base,
        cart: {
          id: cart.id,
          url: cart.recoveryUrl,
          currency: cart.currency,
          item_count: cart.lines.reduce((n, l) => n + l.quantity, 0),
          subtotal: moneyView(cart.subtotal, locale),
          total: moneyView(cart.total, locale),
          lines: cart.lines.map(lineView),
        },
      };
    }
    case 'order': {
      const order = records.order;
      if (!order) throw new MissingRenderRecordError('order');
      return {
        ...base,
        order: {
          id: order.id,
          name: order.name,
          currency: order.currency,
          subtotal: moneyView(order.subtotal, locale),
          shipping: moneyView(order.totalShipping, locale),
          total: moneyView(order.total, locale),
          item_count: order.lineItems.reduce((n, l) => n + l.quantity, 0),
          lines: order.lineItems.map(lineView),
          processed_at: order.processedAt,
        },
      };
    }
    case 'product': {
      const product = records.product;
      if (!product) throw new MissingRenderRecordError('product');
      const v = records.variant ?? null;
      return {
        ...base,
        product: productView(product, locale),
        variant: v && {
          id: v.id,
          title: v.title,
          sku: v.sku,
          price: moneyView(v.price, locale),
          compare_at_price: v.compareAtPrice ? moneyView(v.compareAtPrice, locale) : null,
          inventory_quantity: v.inventoryQuantity,
          image_url: v.imageUrl,
        },
      };
    }
  }
}
