import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tenantId } from '../test-fixtures';
import { ensureTenant } from '../test-harness';
import {
  ContentBlockConflictError,
  ContentBlockInUseError,
  InvalidTemplateError,
  InvalidTemplateInputError,
  TemplateKeyConflictError,
  TemplateNotFoundError,
} from './errors';
import { createTemplateStore, type TemplateStore } from './template-store';

const otherTenant = 'ten_test0other';

const cartTemplate = {
  key: 'abandoned-cart',
  name: 'Abandoned cart',
  context: 'cart' as const,
  subject: 'You left {{ cart.item_count }} items behind',
  html: "<p>Hi {{ customer.first_name }}</p>{% render 'cart_table' %}",
};

describe.each(testDatabases())('template store on $name', ({ create }) => {
  let database: TestDatabase;
  let store: TemplateStore;
  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
    await ensureTenant(database, otherTenant);
    store = createTemplateStore({ db: database.db });
    await store.createBlock(tenantId, {
      name: 'cart_table',
      body: '{% for line in cart.lines %}{{ line.title }}{% endfor %}',
    });
  });
  afterEach(async () => {
    await database?.close();
  });

  it('saves, reads by id or key, updates and deletes a template, per tenant', async () => {
    const saved = await store.createTemplate(tenantId, cartTemplate);
    expect(saved).toMatchObject({ key: 'abandoned-cart', channel: 'email', context: 'cart', text: null });
    expect(saved.id).toMatch(/^tpl_/);
    expect((await store.getTemplate(tenantId, saved.id))?.key).toBe('abandoned-cart');
    expect((await store.getTemplate(tenantId, 'abandoned-cart'))?.id).toBe(saved.id);
    expect(await store.getTemplate(otherTenant, saved.id)).toBeNull();
    expect(await store.listTemplates(otherTenant)).toEqual([]);
    await expect(store.createTemplate(tenantId, cartTemplate)).rejects.toThrow(TemplateKeyConflictError);
    // Another tenant may use the same key.
    await expect(store.createBlock(otherTenant, { name: 'cart_table', body: 'x' })).resolves.toBeTruthy();
    await expect(store.createTemplate(otherTenant, cartTemplate)).resolves.toBeTruthy();

    const updated = await store.updateTemplate(tenantId, 'abandoned-cart', { subject: 'Still there?' });
    expect(updated.subject).toBe('Still there?');
    await expect(store.updateTemplate(otherTenant, saved.id, { name: 'x' })).rejects.toThrow(
      TemplateNotFoundError,
    );
    expect(await store.deleteTemplate(otherTenant, saved.id)).toBe(false);
    expect(await store.deleteTemplate(tenantId, saved.id)).toBe(true);
    expect(await store.getTemplate(tenantId, saved.id)).toBeNull();
  });

  it('refuses at save time a template whose variables or blocks do not exist for its context', async () => {
    const error = await store
      .createTemplate(tenantId, {
        ...cartTemplate,
        context: 'order',
        html: "{{ order.name }}\n{% render 'faq' %}",
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTemplateError);
    expect((error as InvalidTemplateError).problems.map((p) => [p.part, p.line, p.code, p.message])).toEqual([
      ['subject', 1, 'unknown_variable', 'unknown variable "cart"'],
      ['html', 2, 'unknown_block', 'no content block named "faq"'],
    ]);
    expect(await store.listTemplates(tenantId)).toEqual([]);
    await expect(store.createTemplate(tenantId, { ...cartTemplate, subject: null })).rejects.toThrow(
      InvalidTemplateInputError,
    );
    // A change that breaks the template is refused too, and the stored version stays.
    await store.createTemplate(tenantId, cartTemplate);
    await expect(store.updateTemplate(tenantId, 'abandoned-cart', { context: 'customer' })).rejects.toThrow(
      InvalidTemplateError,
    );
    expect((await store.getTemplate(tenantId, 'abandoned-cart'))?.context).toBe('cart');
  });

  it('keeps blocks consistent with the templates that render them', async () => {
    await store.createTemplate(tenantId, cartTemplate);
    await expect(store.createBlock(tenantId, { name: 'cart_table', body: 'x' })).rejects.toThrow(
      ContentBlockConflictError,
    );
    // A block edit that would break a template (a customer template rendering cart data) is refused.
    const welcome = {
      key: 'welcome',
      name: 'Welcome',
      context: 'customer' as const,
      subject: 'Welcome',
      html: "{% render 'footer' %}",
    };
    await expect(store.createTemplate(tenantId, welcome)).rejects.toThrow(InvalidTemplateError);
    await store.createBlock(tenantId, { name: 'footer', body: '<p>{{ shop.name }}</p>' });
    await store.createTemplate(tenantId, welcome);
    const broken = await store
      .updateBlock(tenantId, 'footer', { body: '{{ cart.total }}' })
      .catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(InvalidTemplateError);
    expect((broken as InvalidTemplateError).problems[0]).toMatchObject({
      block: 'footer',
      code: 'unknown_variable',
      message: 'template "welcome": unknown variable "cart"',
    });
    expect((await store.getBlock(tenantId, 'footer'))?.body).toBe('<p>{{ shop.name }}</p>');
    await store.updateBlock(tenantId, 'footer', { body: '<p>{{ shop.name }} · {{ customer.email }}</p>' });

    const inUse = await store.deleteBlock(tenantId, 'cart_table').catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(ContentBlockInUseError);
    expect((inUse as ContentBlockInUseError).templates).toEqual(['abandoned-cart']);
    await store.deleteTemplate(tenantId, 'abandoned-cart');
    expect(await store.deleteBlock(tenantId, 'cart_table')).toBe(true);
    expect((await store.listBlocks(tenantId)).map((b) => b.name)).toEqual(['footer']);
  });

  it('stores email settings and the UTM standard per tenant', async () => {
    expect(await store.getSettings(tenantId)).toEqual({
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
    await store.setEmailSettings(tenantId, {
      from: 'Acme <news@acme.example>',
      unsubscribeMailto: 'unsubscribe@acme.example',
      unsubscribeUrl: 'https://acme.example/unsubscribe/{token}',
      shopName: 'Acme',
    });
    await store.setUtmStandard(tenantId, { source: 'acme' });
    const settings = await store.getSettings(tenantId);
    expect(settings.email).toMatchObject({ from: 'Acme <news@acme.example>', replyTo: null, shopUrl: null });
    expect(settings.utm.source).toBe('acme');
    expect((await store.getSettings(otherTenant)).email).toBeNull();
    await expect(
      store.setEmailSettings(tenantId, {
        from: 'nobody',
        unsubscribeMailto: 'u@acme.example',
        unsubscribeUrl: 'http://acme.example/u',
        shopName: 'Acme',
      }),
    ).rejects.toThrow(InvalidTemplateInputError);
  });
});
