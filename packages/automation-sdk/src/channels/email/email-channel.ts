import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { StepFailedError } from '../../errors';
import type { Channel, OutboundMessage } from '../../runtime/channels';
import { createMessageRenderer, type MessageRendererOptions } from '../../templates/render-message';
import { type EmailTrackingOptions, trackEmail } from './tracking';

export interface EmailChannelOptions extends MessageRendererOptions {
  /** @default 'email' */
  name?: string;
  /**
   * Where mail is submitted: an SMTP URL (`smtp://user:pass@host:587`, `smtps://…:465`; STARTTLS is used
   * when offered) or nodemailer SMTP transport options.
   * @example 'smtp://apikey:secret@smtp.example.com:587'
   */
  smtp: string | SMTPTransport.Options;
  /**
   * Hosted open and click tracking: links become signed redirects through `baseUrl` and an open pixel is
   * added, for messages a governed channel recorded (their message log id names the interaction).
   * @default no tracking (links carry their UTM tags only)
   * @example { baseUrl: 'https://cartwire.acme.example', secret: trackingSecret }
   */
  tracking?: EmailTrackingOptions;
}

/** The email a message becomes: what `send` submits, also available for previews and audits. */
export interface ComposedEmail {
  from: string;
  replyTo: string | null;
  to: string;
  subject: string;
  html: string | null;
  text: string;
  messageId: string;
  headers: { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
  unsubscribeUrl: string;
}

export interface EmailChannel extends Channel {
  /** Renders the message as it would be sent (template, live records, UTM tags, unsubscribe links). */
  compose(message: OutboundMessage): Promise<ComposedEmail>;
  /** Closes pooled SMTP connections. */
  close(): void;
}

/** An SMTP refusal or failure; `retryable` follows the reply class (4xx transient, 5xx permanent). */
export class EmailDeliveryError extends StepFailedError {
  constructor(
    message: string,
    retryable: boolean,
    /** The SMTP reply code, when the server answered. */
    readonly smtpCode: number | null,
    /** The server's reply text, e.g. "550 5.1.1 <a@b>: Recipient address rejected". */
    readonly smtpResponse: string | null,
  ) {
    super(message, retryable);
  }
}

interface NodemailerError {
  message?: string;
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

/**
 * SMTP reply classes (RFC 5321 §4.2.1): 4xx is a transient failure worth retrying, 5xx a permanent refusal.
 * No reply at all (connection refused, timeout, TLS) is retryable; a message nodemailer cannot build is not.
 */
export function classifySmtpError(error: unknown): EmailDeliveryError {
  const e = (error ?? {}) as NodemailerError;
  if (typeof e.responseCode === 'number') {
    const permanent = e.responseCode >= 500;
    const response = e.response ?? String(e.responseCode);
    return new EmailDeliveryError(
      `SMTP ${e.command ? `${e.command} ` : ''}answered ${response} (${permanent ? 'permanent refusal' : 'transient, will retry'})`,
      !permanent,
      e.responseCode,
      response,
    );
  }
  const unbuildable = e.code === 'EMESSAGE' || e.code === 'EENVELOPE';
  return new EmailDeliveryError(
    `SMTP submission failed: ${e.code ? `${e.code} ` : ''}${e.message ?? String(error)}`,
    !unbuildable,
    null,
    null,
  );
}

function addressOf(mailbox: string): string {
  return (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim();
}

/** Same for every attempt of a step, so a retried send carries the same Message-ID (receivers dedupe). */
function messageIdFor(message: OutboundMessage, from: string): string {
  const domain = addressOf(from).split('@')[1] ?? 'cartwire.invalid';
  const hash = createHash('sha256')
    .update(`${message.origin.tenantId}\u0000${message.origin.idempotencyKey}`)
    .digest('hex')
    .slice(0, 32);
  return `<${hash}@${domain}>`;
}

const refuse = (reason: string) => new StepFailedError(reason, false);

/**
 * Email over SMTP with nodemailer: renders the message's Liquid template with live records, tags every
 * link with the tenant's UTM standard, and submits a multipart text+HTML email with From/Reply-To from the
 * tenant settings, a deterministic Message-ID, `List-Unsubscribe` (mailto and https) and
 * `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058). SMTP 4xx and connection failures are
 * retryable; 5xx refusals, a missing template or configuration and render errors are not. Wrap it with
 * `createGovernedChannel` so every send passes the gate and its delivery status lands in the message log.
 * @example createGovernedChannel({ gate, channel: createEmailChannel({ smtp: config.smtpUrl, templates, liveData, unsubscribeSecret }) })
 */
export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const transporter = nodemailer.createTransport(options.smtp as SMTPTransport.Options);
  const { templates } = options;
  const renderer = createMessageRenderer(options);

  async function compose(message: OutboundMessage): Promise<ComposedEmail> {
    const to = message.recipient.email;
    if (!to) throw refuse('The message has no email address');
    const { email } = await templates.getSettings(message.origin.tenantId);
    if (!email) {
      throw refuse(
        'Email is not configured for this tenant (sender and unsubscribe addresses): set email settings',
      );
    }
    const rendered = await renderer.render(message, 'email');
    const messageId = message.origin.messageId;
    const body =
      options.tracking && messageId
        ? trackEmail(rendered, options.tracking, {
            tenantId: message.origin.tenantId,
            messageId,
            skipUrls: rendered.unsubscribeUrl ? [rendered.unsubscribeUrl] : [],
          })
        : { html: rendered.html, text: rendered.text };
    const mailto = `mailto:${email.unsubscribeMailto}?subject=${encodeURIComponent(
      `unsubscribe ${rendered.unsubscribeToken}`,
    )}`;
    return {
      from: email.from,
      replyTo: email.replyTo,
      to,
      subject: rendered.subject ?? '',
      html: body.html,
      text: body.text ?? '',
      messageId: messageIdFor(message, email.from),
      headers: {
        'List-Unsubscribe': `<${mailto}>, <${rendered.unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      unsubscribeUrl: rendered.unsubscribeUrl,
    };
  }

  return {
    name: options.name ?? 'email',
    compose,
    async send(message) {
      const mail = await compose(message);
      try {
        await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
          subject: mail.subject,
          text: mail.text,
          ...(mail.html === null ? {} : { html: mail.html }),
          messageId: mail.messageId,
          headers: mail.headers,
        });
      } catch (error) {
        throw classifySmtpError(error);
      }
      return { messageId: mail.messageId };
    },
    close() {
      transporter.close();
    },
  };
}
