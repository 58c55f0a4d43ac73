import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ada,
  cartMessage,
  mugProduct,
  SECRET,
  setUpEmail,
  shirtProduct,
  theCart,
} from '../channels/email/email-test-fixtures';
import { verifyUnsubscribeToken } from '../channels/email/unsubscribe-token';
import { createMemoryLiveData } from '../runtime/live-data';
import { tenantId } from '../test-fixtures';
import { ensureTenant } from '../test-harness';
import { readUtm } from '../utm/utm';
import { createMessageRenderer } from './render-message';
import { createTemplateStore, type TemplateStore } from './template-store';

describe.each(testDatabases())('message renderer for other channels on $name', ({ create }) => {
  let database: TestDatabase;
  let templates: TemplateStore;
  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
    templates = createTemplateStore({ db: database.db });
    await setUpEmail(templates);
  });
  afterEach(async () => {
    await database?.close();
  });

  it('renders an SMS text with UTM-tagged links (utm_medium=sms) and an sms unsubscribe token', async () => {
    await templates.createTemplate(tenantId, {
      key: 'cart-sms',
      name: 'Cart SMS',
      channel: 'sms',
      context: 'cart',
      text: '{{ shop.name }}: {{ cart.item_count }} items wait at {{ cart.url }}. Stop: {{ unsubscribe_url }}',
    });
    const live = createMemoryLiveData();
    live.put(tenantId, ada, theCart, shirtProduct, mugProduct);
    const renderer = createMessageRenderer({ templates, liveData: live, unsubscribeSecret: SECRET });
    const rendered = await renderer.render(cartMessage({ channel: 'sms', template: 'cart-sms' }), 'sms');
    const [, link, stop] = /wait at (\S+)\. Stop: (\S+)$/.exec(rendered.text ?? '') ?? [];
    expect(rendered.text).toMatch(/^Acme: 3 items wait at /);
    expect(readUtm(link ?? '', { stepIds: ['reminder-discount'] })).toMatchObject({
      medium: 'sms',
      campaign: 'abandoned-cart',
      stepId: 'reminder-discount',
    });
    expect(new URL(link ?? '').searchParams.get('token')).toBe('r1');
    expect(stop).toBe(rendered.unsubscribeUrl);
    expect(verifyUnsubscribeToken(SECRET, rendered.unsubscribeToken)).toMatchObject({ channel: 'sms' });

    // An email template is not sent as an SMS.
    await expect(renderer.render(cartMessage({ channel: 'sms' }), 'sms')).rejects.toMatchObject({
      retryable: false,
      message: 'Template "abandoned-cart" is for email, not sms',
    });
  });
});
