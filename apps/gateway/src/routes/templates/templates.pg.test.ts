import { type Cart, entityId, lineId, type Product } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';
import { minute, sampleCustomer } from '../shared/sample-records';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

function sampleProduct(storeId: string, externalId: string, title: string, price: string): Product {
  const id = entityId('product', storeId, externalId);
  return {
    id,
    storeId,
    platform: 'woocommerce',
    externalId,
    createdAt: minute(0),
    updatedAt: minute(0),
    title,
    handle: externalId,
    description: null,
    brand: null,
    productType: null,
    status: 'active',
    tags: [],
    options: [],
    images: [],
    collectionIds: [],
    url: `https://shop.example/p/${externalId}`,
    publishedAt: minute(0),
    variants: [
      {
        id: entityId('variant', storeId, `${externalId}-v`),
        storeId,
        platform: 'woocommerce',
        externalId: `${externalId}-v`,
        createdAt: minute(0),
        updatedAt: minute(0),
        productId: id,
        sku: null,
        barcode: null,
        title,
        options: [],
        price: eur(price),
        compareAtPrice: null,
        unitCost: null,
        inventoryTracked: false,
        inventoryQuantity: null,
        imageUrl: null,
        position: 0,
      },
    ],
  };
}

function sampleCart(
  storeId: string,
  externalId: string,
  customerId: string,
  product: Product,
  at: number,
): Cart {
  const id = entityId('cart', storeId, externalId);
  const variant = product.variants[0];
  if (!variant) throw new Error('product without variant');
  return {
    id,
    storeId,
    platform: 'woocommerce',
    externalId,
    createdAt: minute(at),
    updatedAt: minute(at),
    status: 'abandoned',
    currency: 'EUR',
    lines: [
      {
        id: lineId('cart_line', id, '1'),
        externalId: '1',
        productId: product.id,
        variantId: variant.id,
        sku: null,
        title: product.title,
        variantTitle: null,
        quantity: 2,
        unitPrice: variant.price,
        imageUrl: null,
      },
    ],
    subtotal: eur('50.00'),
    totalDiscounts: eur('0.00'),
    totalTax: eur('0.00'),
    total: eur('50.00'),
    discountCodes: [],
    discountApplications: [],
    customerId,
    email: 'customer-1@example.com',
    phone: null,
    recoveryUrl: `https://shop.example/recover/${externalId}`,
    completedAt: null,
    convertedOrderId: null,
  };
}

const cartTemplate = {
  key: 'abandoned-cart',
  name: 'Abandoned cart',
  context: 'cart',
  subject: '{{ customer.first_name }}, {{ cart.item_count }} items are waiting',
  html:
    '<ul>{% for line in cart.lines %}<li>{{ line.title }} × {{ line.quantity }} = {{ line.line_price | money }}</li>' +
    '{% endfor %}</ul><a href="{{ cart.url }}">Resume</a>{% render \'product_grid\' %}',
};

describe.each(testDatabases())('/v1/templates and /v1/content-blocks on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  async function seeded() {
    const built = await buildTestApp(database);
    const store = await built.repositories.stores.createStore({
      tenantId: built.tenant.id,
      platform: 'woocommerce',
      name: 'Seeded',
      credentials: {},
    });
    const customer = sampleCustomer(store.id, '1', { firstName: 'Grace' });
    const tee = sampleProduct(store.id, 'tee', 'Tee <Limited>', '25.00');
    const cap = sampleProduct(store.id, 'cap', 'Cap', '15.00');
    const tenantId = built.tenant.id;
    await built.repositories.entities.upsertEntities('customer', [{ tenantId, entity: customer, raw: {} }]);
    await built.repositories.entities.upsertEntities('product', [
      { tenantId, entity: tee, raw: {} },
      { tenantId, entity: cap, raw: {} },
    ]);
    await built.repositories.entities.upsertEntities('cart', [
      { tenantId, entity: sampleCart(store.id, 'old', customer.id, cap, 1), raw: {} },
      { tenantId, entity: sampleCart(store.id, 'new', customer.id, tee, 5), raw: {} },
    ]);
    return { ...built, store, customer };
  }

  it('creates, lists, reads, updates and deletes templates and blocks; other tenants get 404', async () => {
    const { call } = await seeded();
    const other = await seeded();
    const block = await call('POST', '/v1/content-blocks', {
      name: 'product_grid',
      description: 'Recommended products',
      body: '{% for p in recommendations %}<a href="{{ p.url }}">{{ p.title }}</a>{% endfor %}',
    });
    expect(block.status).toBe(201);
    expect(await block.json()).toMatchObject({ object: 'content_block', name: 'product_grid' });
    expect((await call('POST', '/v1/content-blocks', { name: 'product_grid', body: 'x' })).status).toBe(409);

    const created = await call('POST', '/v1/templates', cartTemplate);
    expect(created.status).toBe(201);
    const template = (await created.json()) as { id: string; key: string; channel: string; text: null };
    expect(template).toMatchObject({
      object: 'template',
      key: 'abandoned-cart',
      channel: 'email',
      text: null,
    });
    expect((await call('POST', '/v1/templates', cartTemplate)).status).toBe(409);

    expect(((await (await call('GET', '/v1/templates')).json()) as { data: unknown[] }).data).toHaveLength(1);
    expect((await call('GET', `/v1/templates/${template.id}`)).status).toBe(200);
    expect((await call('GET', '/v1/templates/abandoned-cart')).status).toBe(200);
    expect((await other.call('GET', `/v1/templates/${template.id}`)).status).toBe(404);
    expect((await other.call('GET', '/v1/content-blocks/product_grid')).status).toBe(404);
    expect((await other.call('DELETE', `/v1/templates/${template.id}`)).status).toBe(404);

    const patched = await call('PATCH', `/v1/templates/${template.id}`, { subject: 'Still thinking?' });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ subject: 'Still thinking?' });

    // A block that templates render cannot go; the template can, then the block.
    const inUse = await call('DELETE', '/v1/content-blocks/product_grid');
    expect(inUse.status).toBe(409);
    expect(await inUse.json()).toMatchObject({ code: 'conflict', templates: ['abandoned-cart'] });
    expect((await call('DELETE', `/v1/templates/${template.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/templates/${template.id}`)).status).toBe(404);
    expect((await call('DELETE', '/v1/content-blocks/product_grid')).status).toBe(204);
    expect(((await (await call('GET', '/v1/content-blocks')).json()) as { data: unknown[] }).data).toEqual(
      [],
    );
  });

  it('refuses a template with every problem, line and column as problem+json', async () => {
    const { call } = await seeded();
    const response = await call('POST', '/v1/templates', {
      ...cartTemplate,
      key: 'broken',
      context: 'order',
      html: "<p>{{ order.name }}</p>\n<p>{{ order.nme }}</p>\n{% render 'faq' %}{% if x %}",
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as {
      code: string;
      problems: { part: string; line: number; column: number; code: string; message: string }[];
      errors: { path: string; message: string }[];
    };
    expect(body.code).toBe('validation_failed');
    expect(body.problems.map((p) => [p.part, p.line, p.code])).toEqual([
      ['subject', 1, 'unknown_variable'],
      ['html', 3, 'unknown_block'],
      ['html', 3, 'syntax'],
    ]);
    expect(body.errors[0]).toMatchObject({
      path: 'subject',
      message: 'line 1, column 31: unknown variable "cart"',
    });

    const fixedSyntax = await call('POST', '/v1/templates', {
      ...cartTemplate,
      key: 'broken',
      context: 'order',
      subject: '{{ order.name }}',
      html: '<p>{{ order.name }}</p>\n<p>{{ order.nme }}</p>',
    });
    expect(((await fixedSyntax.json()) as { problems: unknown[] }).problems).toEqual([
      {
        part: 'html',
        block: null,
        line: 2,
        column: 7,
        code: 'unknown_variable',
        message: expect.stringContaining('"order" has no "nme"'),
      },
    ]);
    expect((await call('GET', '/v1/templates/broken')).status).toBe(404);
  });

  it('stores the email sender and the UTM standard per tenant; previews use them', async () => {
    const { call, customer } = await seeded();
    const other = await seeded();
    expect(await (await call('GET', '/v1/messaging-settings')).json()).toEqual({
      object: 'messaging_settings',
      email: null,
      utm: {
        source: 'cartwire',
        medium: '{channel}',
        campaign: '{workflow}',
        content: '{step}[-{variant}]',
        overwrite: false,
        excludeHosts: [],
      },
    });
    const email = {
      from: 'Acme Shop <news@acme.example>',
      unsubscribeMailto: 'unsubscribe@acme.example',
      unsubscribeUrl: 'https://acme.example/email/unsubscribe/{token}',
      shopName: 'Acme',
    };
    const refused = await call('PUT', '/v1/messaging-settings/email', {
      ...email,
      unsubscribeUrl: 'http://acme.example/unsubscribe',
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(
      'unsubscribeUrl',
    );
    const saved = await call('PUT', '/v1/messaging-settings/email', email);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ email: { ...email, replyTo: null, shopUrl: null } });
    const utm = await call('PUT', '/v1/messaging-settings/utm', { source: 'acme', content: '{step}' });
    expect(((await utm.json()) as { utm: unknown }).utm).toMatchObject({ source: 'acme', content: '{step}' });
    expect((await call('PUT', '/v1/messaging-settings/utm', { source: '{shop}' })).status).toBe(400);
    expect(
      ((await (await other.call('GET', '/v1/messaging-settings')).json()) as { email: unknown }).email,
    ).toBeNull();

    const preview = await call('POST', '/v1/templates/preview', {
      customerId: customer.id,
      template: {
        key: 'footer-check',
        name: 'Footer',
        context: 'customer',
        subject: 'From {{ shop.name }}',
        html: '<a href="{{ unsubscribe_url }}">Unsubscribe</a>',
      },
    });
    expect(await preview.json()).toMatchObject({
      subject: 'From Acme',
      html: '<a href="https://acme.example/email/unsubscribe/preview">Unsubscribe</a>',
    });
  });

  it('previews a saved or unsaved template for a stored customer with their latest cart', async () => {
    const { call, customer } = await seeded();
    await call('POST', '/v1/content-blocks', {
      name: 'product_grid',
      body: '{% for p in recommendations %}<a href="{{ p.url }}">{{ p.title }}</a>{% endfor %}',
    });
    const created = (await (await call('POST', '/v1/templates', cartTemplate)).json()) as { id: string };
    const response = await call('POST', `/v1/templates/${created.id}/preview`, { customerId: customer.id });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as {
      subject: string;
      html: string;
      text: string;
      records: { cartId: string };
    };
    expect(preview.subject).toBe('Grace, 2 items are waiting');
    expect(preview.html).toContain('<li>Tee &lt;Limited&gt; × 2 = €50.00</li>');
    expect(preview.html).toContain('href="https://shop.example/recover/new"');
    expect(preview.html).toContain('<a href="https://shop.example/p/tee">Tee &lt;Limited&gt;</a>');
    expect(preview.text).toContain('Resume (https://shop.example/recover/new)');
    expect(preview.records.cartId).toContain('crt_');

    const unsaved = await call('POST', '/v1/templates/preview', {
      customerId: customer.id,
      offer: { kind: 'percent_off', percent: 15 },
      offerCode: 'GRACE15',
      template: {
        key: 'draft',
        name: 'Draft',
        context: 'customer',
        subject: 'Hi {{ customer.first_name }}',
        text: '{{ offer.description }} with {{ offer.code }}',
      },
    });
    expect(unsaved.status).toBe(200);
    expect(await unsaved.json()).toMatchObject({
      subject: 'Hi Grace',
      html: null,
      text: '15% off with GRACE15',
    });

    const invalid = await call('POST', '/v1/templates/preview', {
      customerId: customer.id,
      template: { key: 'draft', name: 'Draft', context: 'customer', subject: '{{ cart.id }}', text: 'x' },
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe(
      'template.subject',
    );

    expect(
      (await call('POST', `/v1/templates/${created.id}/preview`, { customerId: 'cus_missing' })).status,
    ).toBe(404);
    expect((await call('POST', '/v1/templates/nope/preview', { customerId: customer.id })).status).toBe(404);
  });
});
