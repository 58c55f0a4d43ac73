import type { AddressInfo } from 'node:net';
import { newId } from '@cartwire/model';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { Logger } from '../logger';

/** Ids of captured emails; they live only in the inbox's memory, never in the model. */
export const EMAIL_ID_PREFIX = 'eml_';

/** One email the sandbox inbox received, parsed. */
export interface CapturedEmail {
  /** `eml_…`, assigned on receipt. */
  readonly id: string;
  /** The Message-ID header (angle brackets included): how the message log names the send. */
  readonly messageId: string | null;
  readonly receivedAt: Date;
  /** The SMTP envelope: who submitted it and every recipient it was submitted to. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  /** Every header line in order, as received (folded values unfolded). */
  readonly headers: readonly { readonly name: string; readonly value: string }[];
  readonly text: string | null;
  readonly html: string | null;
  /** Bytes of the raw message. */
  readonly size: number;
}

export interface SandboxInboxOptions {
  /** Emails kept; older ones are dropped first. @default 200 */
  readonly capacity?: number;
  /** Largest message accepted, in bytes (the SMTP SIZE extension refuses bigger ones). @default 2 MiB */
  readonly maxMessageBytes?: number;
  readonly logger: Logger;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

export interface SandboxInbox {
  /** Where the email channel submits: `smtp://127.0.0.1:<port>`. */
  readonly smtpUrl: string;
  /** Newest first. */
  list(): readonly CapturedEmail[];
  get(id: string): CapturedEmail | null;
  close(): Promise<void>;
}

const addressText = (value: AddressObject | AddressObject[] | undefined): string =>
  value === undefined ? '' : (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');

const headerValue = (headers: readonly { name: string; value: string }[], name: string) =>
  headers.find((header) => header.name.toLowerCase() === name)?.value;

/**
 * The local SMTP inbox of `npm start`'s sandbox: a real SMTP server (smtp-server) on loopback that accepts
 * every message the email channel submits, parses it (mailparser) and keeps the last `capacity` in memory,
 * so the demo's workflow emails can be read in the console without a mail provider. Loopback only and no
 * relaying: nothing it receives leaves the machine.
 */
export async function startSandboxInbox(options: SandboxInboxOptions): Promise<SandboxInbox> {
  const capacity = options.capacity ?? 200;
  const maxMessageBytes = options.maxMessageBytes ?? 2 * 1024 * 1024;
  const now = options.now ?? (() => new Date());
  const emails: CapturedEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Loopback only: TLS would only stand in the way of the channel's STARTTLS-when-offered.
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: maxMessageBytes,
    // The client is this process on loopback; a reverse DNS lookup would only stall each session.
    disableReverseLookup: true,
    logger: false,
    banner: 'Cartwire sandbox inbox',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(
            Object.assign(new Error('Message exceeds the sandbox inbox size limit'), { responseCode: 552 }),
          );
          return;
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const headers = parsed.headerLines.map((line) => {
              const colon = line.line.indexOf(':');
              return {
                name: colon === -1 ? line.key : line.line.slice(0, colon),
                value: (colon === -1 ? '' : line.line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim(),
              };
            });
            emails.unshift({
              id: newId(EMAIL_ID_PREFIX),
              messageId: parsed.messageId ?? null,
              receivedAt: now(),
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              // As written in the message (mailparser's own rendering re-quotes display names).
              from: headerValue(headers, 'from') ?? addressText(parsed.from),
              to: headerValue(headers, 'to') ?? addressText(parsed.to),
              subject: parsed.subject ?? '',
              headers,
              text: parsed.text ?? null,
              html: parsed.html === false ? null : (parsed.html ?? null),
              size: raw.length,
            });
            emails.length = Math.min(emails.length, capacity);
            callback();
          },
          (error: Error) => {
            options.logger.warn({ err: error }, 'sandbox inbox could not parse a message');
            callback(Object.assign(error, { responseCode: 554 }));
          },
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.logger.warn({ err: error }, 'sandbox inbox SMTP error'));
  const { port } = server.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    list: () => emails,
    get: (id) => emails.find((email) => email.id === id) ?? null,
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}
