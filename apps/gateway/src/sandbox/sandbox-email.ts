import { createTemplateStore, type TemplateInput, type TemplateStore } from '@cartwire/automation-sdk';
import type { Db } from '@cartwire/storage';

/**
 * The sender of the sandbox's emails. `.invalid` (RFC 2606) because nothing leaves the machine: the email
 * settings require an https one-click unsubscribe URL, and the gateway's own /unsubscribe/{token} is plain
 * http on loopback, so the sandbox's links name a host that cannot exist rather than one that might.
 */
export const SANDBOX_EMAIL_SETTINGS = {
  from: 'Cartwire Sandbox Shop <shop@sandbox.cartwire.invalid>',
  replyTo: null,
  unsubscribeMailto: 'unsubscribe@sandbox.cartwire.invalid',
  unsubscribeUrl: 'https://sandbox.cartwire.invalid/unsubscribe/{token}',
  shopName: 'Cartwire Sandbox Shop',
  shopUrl: null,
} as const;

const footer =
  '<hr><p style="color:#6b7280;font-size:12px">{{ shop.name }} · a Cartwire sandbox email, captured locally · ' +
  '<a href="{{ unsubscribe_url }}">Unsubscribe</a></p>';

const lines = (records: 'cart' | 'order') =>
  `<table>{% for line in ${records}.lines %}<tr><td>{{ line.title }}{% if line.variant_title %} ({{ line.variant_title }}){% endif %}` +
  '</td><td>× {{ line.quantity }}</td><td>{{ line.line_price | money }}' +
  '{% if line.discounted %} <b>{{ offer.description }}</b>{% endif %}</td></tr>{% endfor %}</table>';

const offer =
  '{% if offer.code %}<p>Your code: <b>{{ offer.code }}</b> ({{ offer.description }})</p>{% endif %}';

const picks =
  '{% if recommendations.size > 0 %}<h3>You might also like</h3><ul>{% for p in recommendations %}' +
  '<li>{{ p.title }}</li>{% endfor %}</ul>{% endif %}';

const cartEmail = (key: string, name: string, subject: string, intro: string): TemplateInput => ({
  key,
  name,
  context: 'cart',
  subject,
  html: `<h1>Hi {{ customer.name }}</h1><p>${intro}</p>${lines('cart')}<p>Total: {{ cart.total | money }}</p>${offer}${picks}${footer}`,
});

const customerEmail = (key: string, name: string, subject: string, body: string): TemplateInput => ({
  key,
  name,
  context: 'customer',
  subject,
  html: `<h1>Hi {{ customer.name }}</h1><p>${body}</p>${offer}${picks}${footer}`,
});

const productEmail = (key: string, name: string, subject: string, body: string): TemplateInput => ({
  key,
  name,
  context: 'product',
  subject,
  html: `<h1>{{ product.title }}</h1><p>${body}</p>{% if variant %}<p>{{ variant.title }}</p>{% endif %}${offer}${picks}${footer}`,
});

const orderEmail = (key: string, name: string, subject: string, body: string): TemplateInput => ({
  key,
  name,
  context: 'order',
  subject,
  html: `<h1>Hi {{ customer.name }}</h1><p>${body}</p>${lines('order')}<p>Total: {{ order.total | money }}</p>${picks}${footer}`,
});

/** One template per template key the example workflows send (sandbox-workflows.ts), in the context its trigger gives. */
export const SANDBOX_TEMPLATES: readonly TemplateInput[] = [
  cartEmail(
    'abandoned-cart',
    'Abandoned cart',
    'You left {{ cart.item_count }} items behind',
    'Your cart is waiting:',
  ),
  cartEmail(
    'abandoned-cart-vip',
    'Abandoned cart (VIP)',
    '{{ customer.name }}, we kept your cart for you',
    'As one of our best customers, your cart is saved:',
  ),
  cartEmail(
    'abandoned-cart-discount',
    'Abandoned cart with a discount',
    '{{ offer.description }} on the items in your cart',
    'Come back and save on these:',
  ),
  cartEmail(
    'abandoned-cart-free-shipping',
    'Abandoned cart with free shipping',
    'Free shipping on your cart',
    'Free shipping if you complete your order:',
  ),
  cartEmail(
    'abandoned-cart-last-call',
    'Abandoned cart, last call',
    'Last call for your cart',
    'These are still in your cart, for now:',
  ),
  orderEmail(
    'post-purchase-care',
    'Post-purchase care',
    'Getting the most out of order {{ order.name }}',
    'Thanks for order {{ order.name }}. A few tips for your new things:',
  ),
  orderEmail(
    'post-purchase-cross-sell',
    'Post-purchase cross-sell',
    'Goes well with order {{ order.name }}',
    'Customers who bought these also liked the picks below.',
  ),
  productEmail(
    'back-in-stock',
    'Back in stock',
    '{{ product.title }} is back in stock',
    'The item you looked at is available again.',
  ),
  productEmail(
    'back-in-stock-hurry',
    'Back in stock, few left',
    '{{ product.title }} is back, and going fast',
    'It is back in stock, but only a few are left.',
  ),
  productEmail(
    'price-drop',
    'Price drop',
    'The price of {{ product.title }} dropped',
    'The item you looked at costs less now.',
  ),
  productEmail(
    'browse-abandonment',
    'Browse abandonment',
    'Still thinking about {{ product.title }}?',
    'You were looking at this one.',
  ),
  customerEmail(
    'welcome',
    'Welcome',
    'Welcome to {{ shop.name }}, {{ customer.name }}',
    'Thanks for signing up.',
  ),
  customerEmail(
    'welcome-tips',
    'Welcome tips',
    'Three things to know about {{ shop.name }}',
    'Some tips to get started.',
  ),
  customerEmail(
    'win-back',
    'Win-back',
    'We miss you, {{ customer.name }}',
    'It has been a while. Here is something to come back for.',
  ),
  customerEmail(
    'win-back-new-arrivals',
    'Win-back: new arrivals',
    'New since your last visit',
    'A lot has arrived since you last ordered.',
  ),
];

/**
 * What the example workflows' emails need to render and go to the sandbox inbox: email settings (only
 * when the tenant has none, so a user's own are kept) and each starter template whose key is free.
 * @returns the template keys created by this call
 */
export async function installSandboxEmail(
  db: Db,
  tenantId: string,
  options: { now?: () => Date; templates?: TemplateStore } = {},
): Promise<string[]> {
  const templates =
    options.templates ?? createTemplateStore({ db, ...(options.now ? { now: options.now } : {}) });
  const settings = await templates.getSettings(tenantId);
  if (settings.email === null) await templates.setEmailSettings(tenantId, SANDBOX_EMAIL_SETTINGS);
  const existing = new Set((await templates.listTemplates(tenantId)).map((template) => template.key));
  const created: string[] = [];
  for (const template of SANDBOX_TEMPLATES) {
    if (existing.has(template.key)) continue;
    await templates.createTemplate(tenantId, template);
    created.push(template.key);
  }
  return created;
}
