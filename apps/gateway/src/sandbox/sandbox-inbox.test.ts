import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../tests/sync/sync-harness';
import { type SandboxInbox, startSandboxInbox } from './sandbox-inbox';

describe('the sandbox SMTP inbox', () => {
  let inbox: SandboxInbox | undefined;
  afterEach(async () => {
    await inbox?.close();
  });

  it('captures what an SMTP client submits, parsed, newest first, keeping only the last `capacity`', async () => {
    inbox = await startSandboxInbox({ logger: silentLogger, capacity: 2 });
    expect(inbox.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const transport = nodemailer.createTransport(inbox.smtpUrl);
    try {
      for (const n of [1, 2, 3]) {
        await transport.sendMail({
          from: 'Shop <shop@acme.example>',
          to: `c${n}@example.com`,
          subject: `Hello ${n}`,
          text: `plain ${n}`,
          html: `<p>html ${n}</p>`,
          messageId: `<m${n}@acme.example>`,
          headers: { 'List-Unsubscribe': `<https://acme.example/u/${n}>` },
        });
      }
    } finally {
      transport.close();
    }
    const emails = inbox.list();
    expect(emails.map((e) => e.subject)).toEqual(['Hello 3', 'Hello 2']);
    const [latest] = emails;
    expect(latest).toMatchObject({
      messageId: '<m3@acme.example>',
      from: 'Shop <shop@acme.example>',
      to: 'c3@example.com',
      envelope: { from: 'shop@acme.example', to: ['c3@example.com'] },
      text: 'plain 3',
      html: '<p>html 3</p>',
    });
    expect(latest?.id).toMatch(/^eml_/);
    expect(latest?.headers).toContainEqual({ name: 'List-Unsubscribe', value: '<https://acme.example/u/3>' });
    expect(inbox.get(latest?.id ?? '')).toBe(latest);
    expect(inbox.get('eml_unknown')).toBeNull();
  });

  it('refuses a message over the size limit with an SMTP error, keeping nothing', async () => {
    inbox = await startSandboxInbox({ logger: silentLogger, maxMessageBytes: 1024 });
    const transport = nodemailer.createTransport(inbox.smtpUrl);
    try {
      await expect(
        transport.sendMail({
          from: 'shop@acme.example',
          to: 'c@example.com',
          subject: 'big',
          text: 'x'.repeat(4096),
        }),
      ).rejects.toMatchObject({ responseCode: 552 });
    } finally {
      transport.close();
    }
    expect(inbox.list()).toEqual([]);
  });
});
