import type { Cart, Order, Product } from '@cartwire/model';
import type { EntityRepository } from '@cartwire/storage';
import type { Offer } from '../definition/workflow-definition';
import { MissingRenderRecordError, PreviewRecordNotFoundError } from './errors';
import type { RenderedTemplate, TemplateSource } from './liquid-engine';
import { buildRenderContext } from './render-context';
import type { TemplateStore } from './template-store';

export interface PreviewInput {
  /** The stored customer to render for. */
  customerId: string;
  /** @default the customer's most recently updated cart (cart templates) */
  cartId?: string;
  /** @default the customer's most recently updated order (order templates) */
  orderId?: string;
  /** @default the first product of the cart/order, else the most recently updated product */
  productId?: string;
  /** @default { kind: 'none' } */
  offer?: Offer;
  /** A code to show as `offer.code`. */
  offerCode?: string | null;
}

export interface TemplatePreview extends RenderedTemplate {
  /** The records the preview rendered. */
  records: { customerId: string; cartId: string | null; orderId: string | null; productId: string | null };
}

const RECOMMENDATIONS = 4;

/**
 * Renders a template (saved or not) for a real stored customer with their latest cart or order and a
 * product, the way a send would (strict: a missing variable is an error). Links are not UTM-tagged and the
 * unsubscribe link carries the token `preview`, since no workflow step or recipient token exists yet.
 * @throws PreviewRecordNotFoundError, MissingRenderRecordError, TemplateRenderError
 */
export async function previewTemplate(
  options: { templates: TemplateStore; entities: EntityRepository },
  tenantId: string,
  template: TemplateSource & { key: string },
  input: PreviewInput,
): Promise<TemplatePreview> {
  const { entities, templates } = options;
  const customer = await entities.getEntity('customer', tenantId, input.customerId);
  if (!customer) throw new PreviewRecordNotFoundError('customer', input.customerId);

  const byId = async <K extends 'cart' | 'order' | 'product'>(type: K, id: string) => {
    const found = await entities.getEntity(type, tenantId, id);
    if (!found) throw new PreviewRecordNotFoundError(type, id);
    return found;
  };
  const latestCart = async () =>
    (await entities.listEntities('cart', { tenantId, filters: { customerId: customer.id }, limit: 1 }))
      .items[0] ?? null;
  const latestOrder = async () =>
    (await entities.listEntities('order', { tenantId, filters: { customerId: customer.id }, limit: 1 }))
      .items[0] ?? null;

  let cart: Cart | null = null;
  let order: Order | null = null;
  if (input.cartId) cart = (await byId('cart', input.cartId)) as Cart;
  else if (template.context === 'cart') cart = await latestCart();
  if (input.orderId) order = (await byId('order', input.orderId)) as Order;
  else if (template.context === 'order') order = await latestOrder();
  if (template.context === 'cart' && !cart) throw new MissingRenderRecordError('cart');
  if (template.context === 'order' && !order) throw new MissingRenderRecordError('order');

  const lineProductIds = [
    ...new Set(
      [...(cart?.lines ?? []), ...(order?.lineItems ?? [])].flatMap((l) =>
        l.productId ? [l.productId] : [],
      ),
    ),
  ];
  const lineProducts = (
    await Promise.all(lineProductIds.map((id) => entities.getEntity('product', tenantId, id)))
  ).filter((p): p is Product => p !== null);
  const recent = async () =>
    (await entities.listEntities('product', { tenantId, limit: RECOMMENDATIONS })).items as Product[];

  let product: Product | null = null;
  if (input.productId) product = (await byId('product', input.productId)) as Product;
  else if (template.context === 'product') product = lineProducts[0] ?? (await recent())[0] ?? null;
  if (template.context === 'product' && !product) throw new MissingRenderRecordError('product');

  const recommendations = lineProducts.length > 0 ? lineProducts.slice(0, RECOMMENDATIONS) : await recent();
  const settings = await templates.getSettings(tenantId);
  const context = buildRenderContext(template.context, {
    customer,
    recipient: { email: customer.email, phone: customer.phone },
    cart,
    order,
    product,
    variant: product?.variants[0] ?? null,
    offer: input.offer ?? { kind: 'none' },
    offerCode: input.offerCode ? { code: input.offerCode, expiresAt: null } : null,
    discountedVariantIds: null,
    recommendations,
    products: lineProducts,
    unsubscribeUrl: settings.email?.unsubscribeUrl.replaceAll('{token}', 'preview') ?? '',
    shop: settings.email
      ? { name: settings.email.shopName, url: settings.email.shopUrl }
      : { name: '', url: null },
  });
  const rendered = await templates.render(tenantId, template, context);
  return {
    ...rendered,
    records: {
      customerId: customer.id,
      cartId: cart?.id ?? null,
      orderId: order?.id ?? null,
      productId: product?.id ?? null,
    },
  };
}
