import { defineWorkflow, send } from '@cartwire/automation-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SmtpTestServer,
  startSmtpTestServer,
} from '../packages/automation-sdk/src/channels/email/smtp-test-server';
import { type EmbeddedGateway, startEmbeddedGateway } from './embedded-gateway';

const welcome = defineWorkflow({
  key: 'welcome-email',
  name: 'Welcome email',
  trigger: { event: 'customer.created', reentry: { policy: 'always' } },
  steps: [send({ id: 'hello', channel: 'email', template: 'welcome' })],
});

describe('workflow email through the gateway (SMTP_URL) and hosted unsubscribe links', () => {
  let embedded: EmbeddedGateway;
  let smtp: SmtpTestServer;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    embedded = await startEmbeddedGateway({ SMTP_URL: smtp.url });
    const { call } = embedded;
    const settings = await call('PUT', '/v1/messaging-settings/email', {
      from: 'Acme Shop <news@acme.example>',
      unsubscribeMailto: 'unsubscribe@acme.example',
      unsubscribeUrl: 'https://mail.acme.example/unsubscribe/{token}',
      shopName: 'Acme',
    });
    expect(settings.status).toBe(200);
    const template = await call('POST', '/v1/templates', {
      key: 'welcome',
      name: 'Welcome',
      context: 'customer',
      subject: 'Welcome, {{ customer.first_name }}',
      html: '<p>Hi {{ customer.first_name }}!</p><a href="https://acme.example/new">New arrivals</a>',
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    await embedded.activate(welcome);
  }, 120_000);

  afterAll(async () => {
    await embedded?.stop();
    await smtp?.close();
  });

  it('sends the rendered email over SMTP, and its one-click link unsubscribes the recipient', async () => {
    const customer = await embedded.signUp('1', { email: 'ada1@example.com' });
    const mail = smtp.received.find((received) => received.envelope.to.includes('ada1@example.com'));
    expect(mail, 'the welcome email reached the SMTP server').toBeDefined();
    expect(mail?.parsed.subject).toBe('Welcome, Ada');
    expect(mail?.parsed.html).toContain('Hi Ada!');
    expect(mail?.parsed.html).toMatch(
      /https:\/\/acme\.example\/new\?utm_source=cartwire&amp;utm_medium=email/,
    );
    // The header is folded over lines: read the https link out of the raw message.
    expect(mail?.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const token = /<https:\/\/mail\.acme\.example\/unsubscribe\/([^>]+)>/.exec(mail?.raw ?? '')?.[1];
    expect(token).toBeDefined();

    // A link scanner's GET only shows the confirm form; the mail client's one-click POST unsubscribes.
    const page = await fetch(`${embedded.gateway.url}/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const clicked = await fetch(`${embedded.gateway.url}/unsubscribe/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(clicked.status).toBe(200);
    expect(await clicked.text()).toContain('Unsubscribed');

    // The same customer signs up again (re-entry always): the gate now refuses, nothing is mailed.
    const before = smtp.received.length;
    await embedded.signUp('1', { email: 'ada1@example.com' });
    expect(smtp.received.length).toBe(before);
    expect(customer.email).toBe('ada1@example.com');
  }, 60_000);

  it('refuses a forged or altered unsubscribe token', async () => {
    const forged = await fetch(`${embedded.gateway.url}/unsubscribe/eyJ0IjoidGVuXzEifQ.bm90LWEtbWFj`, {
      method: 'POST',
    });
    expect(forged.status).toBe(404);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
  });
});
