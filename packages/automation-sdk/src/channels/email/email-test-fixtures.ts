// Records, templates and a message for the email channel tests. Not part of the public surface.
import type { OutboundMessage } from '../../runtime/channels';
import type { TemplateStore } from '../../templates/template-store';
import { cart, customer, product, storeId, tenantId, variant } from '../../test-fixtures';

export const SECRET = 'unsubscribe-secret-for-tests';

export const shirt = variant('1', '19.90', '5.00', 3, { title: 'Blue / M' });
export const mug = variant('2', '7.50', '2.00', 10, { title: 'Mug' });
export const shirtProduct = product('p1', [shirt], {
  title: 'Shirt',
  url: 'https://acme.example/p/shirt?ref=mail',
});
export const mugProduct = product('p2', [mug], { title: 'Mug', url: 'https://acme.example/p/mug#details' });
export const ada = customer('7', { firstName: 'Ada', email: 'ada@example.com', locale: 'en-GB' });
export const theCart = cart(
  'c1',
  [
    [shirt, 2],
    [mug, 1],
  ],
  { customerId: ada.id, email: ada.email, recoveryUrl: 'https://acme.example/cart/recover?token=r1' },
);

export function cartMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    channel: 'email',
    template: 'abandoned-cart',
    offer: { kind: 'percent_off', percent: 10, minItemMarginPercent: 60 },
    discountedVariantIds: [shirt.id],
    recommendedProductIds: [shirtProduct.id, mugProduct.id],
    recipient: { customerId: ada.id, email: ada.email, phone: null },
    subject: { cartId: theCart.id, orderId: null, variantId: null, productId: null },
    origin: {
      tenantId,
      storeId,
      workflowId: 'wf_test',
      workflowKey: 'abandoned-cart',
      version: 1,
      runId: 'run_test',
      nodeId: 'reminder-discount',
      variants: {},
      idempotencyKey: 'run_test:reminder-discount',
    },
    ...overrides,
  };
}

export async function setUpEmail(templates: TemplateStore) {
  await templates.setEmailSettings(tenantId, {
    from: 'Acme Shop <news@acme.example>',
    replyTo: 'Acme Help <help@acme.example>',
    unsubscribeMailto: 'unsubscribe@acme.example',
    unsubscribeUrl: 'https://acme.example/email/unsubscribe/{token}',
    shopName: 'Acme',
    shopUrl: 'https://acme.example',
  });
  await templates.createBlock(tenantId, {
    name: 'product_grid',
    body:
      '<table>{% for p in recommendations %}<tr><td><a href="{{ p.url }}">{{ p.title }}</a></td>' +
      '<td>{{ p.price | money }}</td></tr>{% endfor %}</table>',
  });
  await templates.createBlock(tenantId, {
    name: 'footer',
    body:
      '<p>{{ shop.name }} · <a href="mailto:help@acme.example">help@acme.example</a> · ' +
      '<a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
  });
  for (const key of [
    'abandoned-cart',
    'abandoned-cart-vip',
    'abandoned-cart-discount',
    'abandoned-cart-free-shipping',
    'abandoned-cart-last-call',
  ]) {
    await templates.createTemplate(tenantId, {
      key,
      name: key,
      context: 'cart',
      subject: '{{ customer.first_name }}, your {{ cart.item_count }} items are waiting',
      html:
        '<h1>Hi {{ customer.first_name }}</h1><ul>{% for line in cart.lines %}<li>' +
        '<a href="{{ line.url }}">{{ line.title }}</a> × {{ line.quantity }} — {{ line.line_price | money }}' +
        '{% if line.discounted %} (now {{ offer.percent }}% off){% endif %}</li>{% endfor %}</ul>' +
        '{% if offer.code %}<p>Code <b>{{ offer.code }}</b></p>{% endif %}' +
        '<p><a href="{{ cart.url }}">Back to your cart</a></p>' +
        "{% render 'product_grid' %}{% render 'footer' %}",
    });
  }
}
