import { welcomeWorkflow } from '@cartwire/automation-sdk';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installSandboxEmail, SANDBOX_TEMPLATES } from '../apps/gateway/src/sandbox/sandbox-email';
import { type SandboxInbox, startSandboxInbox } from '../apps/gateway/src/sandbox/sandbox-inbox';
import { buildTestApp } from '../apps/gateway/src/testing/test-gateway';
import { type EmbeddedGateway, startEmbeddedGateway, until } from './embedded-gateway';
import { silentLogger } from './sync/sync-harness';

interface EmailSummary {
  id: string;
  messageId: string;
  subject: string;
  to: string;
  message: { id: string; workflowKey: string; nodeId: string };
}

describe('the sandbox inbox: workflow email captured on loopback and read through the API', () => {
  let inbox: SandboxInbox;
  let embedded: EmbeddedGateway;

  beforeAll(async () => {
    inbox = await startSandboxInbox({ logger: silentLogger });
    // What `npm start` does with the sandbox on and no SMTP_URL.
    embedded = await startEmbeddedGateway({}, { sandboxInbox: inbox });
    const created = await installSandboxEmail(embedded.gateway.database.db, embedded.tenantId);
    expect(created).toEqual(SANDBOX_TEMPLATES.map((template) => template.key));
    // A second start keeps what is there.
    expect(await installSandboxEmail(embedded.gateway.database.db, embedded.tenantId)).toEqual([]);
    await embedded.activate(welcomeWorkflow({ channel: 'email' }));
  }, 120_000);

  afterAll(async () => {
    await embedded?.stop();
    await inbox?.close();
  });

  it('lists the welcome email of a subscribed customer and not the refused one', async () => {
    await embedded.signUp('1', { email: 'ada@example.com' });
    await embedded.signUp('2', {
      email: 'bob@example.com',
      marketingConsent: {
        email: { state: 'unsubscribed', source: null, updatedAt: null },
        sms: { state: 'unknown', source: null, updatedAt: null },
      },
    });
    const list = await until('the welcome email in the inbox', async () => {
      const response = await embedded.call('GET', '/v1/sandbox/emails');
      const body = response.body as { data: EmailSummary[] };
      return body.data.length > 0 ? body : undefined;
    });
    expect(list.data).toHaveLength(1);
    const [email] = list.data;
    expect(email).toMatchObject({
      object: 'sandbox_email',
      to: 'ada@example.com',
      subject: 'Welcome to Cartwire Sandbox Shop, Ada',
      message: { workflowKey: 'welcome', nodeId: 'welcome' },
    });

    // The message log says which was sent and which refused, and names the same Message-ID.
    const messages = (await embedded.call('GET', '/v1/messages')).body as {
      data: { id: string; status: string; reason: string | null; providerMessageId: string | null }[];
    };
    expect(messages.data.map((m) => m.status).sort()).toEqual(['refused', 'sent']);
    const sent = messages.data.find((m) => m.status === 'sent');
    expect(sent?.providerMessageId).toBe(email?.messageId);
    expect(sent?.id).toBe(email?.message.id);

    const detail = await embedded.call('GET', `/v1/sandbox/emails/${email?.id}`);
    expect(detail.status).toBe(200);
    const full = detail.body as {
      html: string;
      text: string;
      headers: { name: string; value: string }[];
      envelope: { to: string[] };
    };
    expect(full.html).toContain('Hi Ada');
    expect(full.text).toContain('Thanks for signing up.');
    expect(full.envelope.to).toEqual(['ada@example.com']);
    expect(full.headers.find((h) => h.name === 'List-Unsubscribe')?.value).toContain(
      'https://sandbox.cartwire.invalid/unsubscribe/',
    );
  });

  it('keeps another tenant out, and pages with next_cursor', async () => {
    await embedded.signUp('3', { email: 'cy@example.com' });
    const first = await until('two emails', async () => {
      const body = (await embedded.call('GET', '/v1/sandbox/emails?limit=1')).body as {
        data: EmailSummary[];
        has_more: boolean;
        next_cursor: string | null;
      };
      return body.has_more ? body : undefined;
    });
    expect(first.data.map((e) => e.to)).toEqual(['cy@example.com']);
    const second = (await embedded.call('GET', `/v1/sandbox/emails?limit=1&cursor=${first.next_cursor}`))
      .body as { data: EmailSummary[]; has_more: boolean };
    expect(second.data.map((e) => e.to)).toEqual(['ada@example.com']);
    expect(second.has_more).toBe(false);
    const badCursor = await embedded.call('GET', '/v1/sandbox/emails?cursor=eml_gone');
    expect(badCursor.status).toBe(400);

    const { repositories } = embedded.gateway;
    const other = await repositories.tenants.createTenant({ name: 'Inbox outsider' });
    const { secret } = await repositories.apiKeys.createApiKey({ tenantId: other.id, mode: 'test' });
    const asOther = (path: string) =>
      fetch(`${embedded.gateway.url}${path}`, { headers: { authorization: `Bearer ${secret}` } });
    const theirs = (await (await asOther('/v1/sandbox/emails')).json()) as { data: unknown[] };
    expect(theirs.data).toEqual([]);
    expect((await asOther(`/v1/sandbox/emails/${first.data[0]?.id}`)).status).toBe(404);
  });
});

describe.each(testDatabases())('/v1/sandbox/emails without a sandbox inbox on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers 404 problem+json saying why', async () => {
    const { app, authorization } = await buildTestApp(database);
    for (const path of ['/v1/sandbox/emails', '/v1/sandbox/emails/eml_x']) {
      const response = await app.request(path, { headers: authorization });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(((await response.json()) as { detail: string }).detail).toContain(
        'sandbox inbox is not running',
      );
    }
  });
});
