import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryLiveData, type MemoryLiveData } from '../../runtime/live-data';
import { createTemplateStore, type TemplateStore } from '../../templates/template-store';
import { tenantId } from '../../test-fixtures';
import { ensureTenant } from '../../test-harness';
import { readUtm } from '../../utm/utm';
import { createEmailChannel, type EmailChannel, EmailDeliveryError } from './email-channel';
import {
  ada,
  cartMessage,
  mugProduct,
  SECRET,
  setUpEmail,
  shirtProduct,
  theCart,
} from './email-test-fixtures';
import { type SmtpTestServer, startSmtpTestServer } from './smtp-test-server';
import { verifyUnsubscribeToken } from './unsubscribe-token';

const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]*)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));

describe.each(testDatabases())('email channel over SMTP on $name', ({ create }) => {
  let database: TestDatabase;
  let smtp: SmtpTestServer;
  let templates: TemplateStore;
  let live: MemoryLiveData;
  let channel: EmailChannel;
  beforeEach(async () => {
    database = await create();
    await ensureTenant(database);
    smtp = await startSmtpTestServer();
    templates = createTemplateStore({ db: database.db });
    live = createMemoryLiveData();
    live.put(tenantId, ada, theCart, shirtProduct, mugProduct);
    await setUpEmail(templates);
    channel = createEmailChannel({
      smtp: smtp.url,
      templates,
      liveData: live,
      unsubscribeSecret: SECRET,
      offerCode: async () => ({ code: 'ADA-10', expiresAt: new Date('2026-03-09T10:00:00Z') }),
    });
  });
  afterEach(async () => {
    channel?.close();
    await smtp?.close();
    await database?.close();
  });

  it('delivers a multipart email with sender, Message-ID, one-click List-Unsubscribe and UTM-tagged links', async () => {
    const { messageId } = await channel.send(cartMessage());
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    if (!mail) throw new Error('no mail');
    const { parsed } = mail;
    expect(mail.envelope).toEqual({ from: 'news@acme.example', to: ['ada@example.com'] });
    expect(parsed.from?.text).toBe('"Acme Shop" <news@acme.example>');
    expect(parsed.replyTo?.text).toBe('"Acme Help" <help@acme.example>');
    expect(parsed.subject).toBe('Ada, your 3 items are waiting');
    expect(parsed.messageId).toBe(messageId);
    expect(messageId).toMatch(/^<[0-9a-f]{32}@acme\.example>$/);
    expect(mail.raw).toMatch(/Content-Type: multipart\/alternative/i);

    const header = (name: string) =>
      parsed.headerLines
        .find((h) => h.key === name)
        ?.line.replace(/\r?\n[ \t]+/g, ' ')
        .replace(/^[^:]+:\s*/, '');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const listUnsubscribe = header('list-unsubscribe') ?? '';
    const [, mailto, oneClick] = /^<(mailto:[^>]+)>, <(https:[^>]+)>$/.exec(listUnsubscribe) ?? [];
    expect(mailto).toMatch(/^mailto:unsubscribe@acme\.example\?subject=unsubscribe%20/);
    expect(oneClick).toMatch(/^https:\/\/acme\.example\/email\/unsubscribe\//);
    const token = (oneClick ?? '').split('/').at(-1) ?? '';
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({
      tenantId,
      channel: 'email',
      email: 'ada@example.com',
      customerId: ada.id,
    });
    expect(verifyUnsubscribeToken('another-secret', token)).toBeNull();

    // The rendered body: the cart's lines with prices and the offer, the code, blocks.
    const html = String(parsed.html);
    expect(html).toContain('<h1>Hi Ada</h1>');
    expect(html).toContain('× 2 — €39.80 (now 10% off)</li>');
    expect(html).toContain('× 1 — €7.50</li>');
    expect(html).toContain('Code <b>ADA-10</b>');
    expect(html).toContain('<td>€19.90</td>');

    // Every http(s) link is tagged, keeping its own query and fragment; mailto and unsubscribe are not.
    const links = hrefs(html);
    expect(links).toContain('mailto:help@acme.example');
    expect(links).toContain(oneClick);
    const tagged = links.filter((l) => l.startsWith('https://') && l !== oneClick);
    expect(tagged.map((l) => l.replace(/[?&]utm_.*?(?=#|$)/, ''))).toEqual([
      'https://acme.example/p/shirt?ref=mail',
      'https://acme.example/p/mug#details',
      'https://acme.example/cart/recover?token=r1',
      'https://acme.example/p/shirt?ref=mail',
      'https://acme.example/p/mug#details',
    ]);
    for (const link of tagged) {
      expect(readUtm(link, { stepIds: ['reminder-discount'] })).toMatchObject({
        source: 'cartwire',
        medium: 'email',
        campaign: 'abandoned-cart',
        stepId: 'reminder-discount',
        variant: null,
      });
    }
    expect(new URL(tagged[2] ?? '').searchParams.get('token')).toBe('r1');
    expect(new URL(tagged[1] ?? '').hash).toBe('#details');

    // The text part carries the same content with visible, tagged links.
    const text = parsed.text ?? '';
    expect(text).toContain(
      'Back to your cart (https://acme.example/cart/recover?token=r1&utm_source=cartwire',
    );
    expect(text).toContain(`Unsubscribe (${oneClick})`);
  });

  it('gives every attempt of a step the same Message-ID, and each step its own', async () => {
    const first = await channel.send(cartMessage());
    const again = await channel.send(cartMessage());
    const other = await channel.send(
      cartMessage({ origin: { ...cartMessage().origin, idempotencyKey: 'run_test:second-reminder' } }),
    );
    expect(again.messageId).toBe(first.messageId);
    expect(other.messageId).not.toBe(first.messageId);
  });

  it('applies the tenant UTM standard and the run’s split arm', async () => {
    await templates.setUtmStandard(tenantId, { source: 'acme-crm', campaign: 'flow-{workflow}' });
    await channel.send(cartMessage({ origin: { ...cartMessage().origin, variants: { ab: 'b' } } }));
    const link = hrefs(String(smtp.received[0]?.parsed.html)).find((l) => l.includes('/cart/recover')) ?? '';
    expect(readUtm(link, { stepIds: ['reminder-discount'] })).toMatchObject({
      source: 'acme-crm',
      medium: 'email',
      campaign: 'flow-abandoned-cart',
      stepId: 'reminder-discount',
      variant: 'b',
    });
  });

  it('maps SMTP refusals: 5xx is permanent, 4xx and a down server are retried', async () => {
    smtp.rejectRecipient.set('ada@example.com', { code: 550, message: 'Mailbox unavailable' });
    const refused = await channel.send(cartMessage()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EmailDeliveryError);
    expect(refused).toMatchObject({ retryable: false, smtpCode: 550 });
    expect((refused as Error).message).toMatch(/550 Mailbox unavailable \(permanent refusal\)/);

    smtp.rejectRecipient.set('ada@example.com', { code: 451, message: 'Greylisted, try later' });
    const deferred = await channel.send(cartMessage()).catch((e: unknown) => e);
    expect(deferred).toMatchObject({ retryable: true, smtpCode: 451 });
    expect(smtp.received).toHaveLength(0);

    await smtp.close();
    const down = await channel.send(cartMessage()).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(EmailDeliveryError);
    expect(down).toMatchObject({ retryable: true, smtpCode: null });
  });

  it('refuses without retry when the template, its records or the settings are missing', async () => {
    const noTemplate = await channel.send(cartMessage({ template: 'nope' })).catch((e: unknown) => e);
    expect(noTemplate).toMatchObject({ retryable: false, message: 'Template "nope" not found' });
    const noCart = await channel
      .send(cartMessage({ subject: { cartId: null, orderId: null, variantId: null, productId: null } }))
      .catch((e: unknown) => e);
    expect(noCart).toMatchObject({ retryable: false });
    expect((noCart as Error).message).toContain('no cart');
    const noAddress = await channel
      .send(cartMessage({ recipient: { customerId: ada.id, email: null, phone: null } }))
      .catch((e: unknown) => e);
    expect(noAddress).toMatchObject({ retryable: false });
    const otherTenant = await channel
      .send(cartMessage({ origin: { ...cartMessage().origin, tenantId: 'ten_test0other' } }))
      .catch((e: unknown) => e);
    expect((otherTenant as Error).message).toContain('Email is not configured');
    expect(smtp.received).toHaveLength(0);
  });
});
