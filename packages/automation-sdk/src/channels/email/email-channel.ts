import { createHash } from 'node:crypto';
import type { Product } from '@cartwire/model';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { StepFailedError } from '../../errors';
import type { Channel, OutboundMessage } from '../../runtime/channels';
import type { LiveData } from '../../runtime/live-data';
import { TemplateError } from '../../templates/errors';
import type { renderTemplate } from '../../templates/liquid-engine';
import { buildRenderContext } from '../../templates/render-context';
import type { EmailSettings, TemplateStore } from '../../templates/template-store';
import { tagHtmlLinks, tagTextLinks, utmParamsFor } from '../../utm/utm';
import { signUnsubscribeToken } from './unsubscribe-token';

export interface EmailChannelOptions {
  /** @default 'email' */
  name?: string;
  /**
   * Where mail is submitted: an SMTP URL (`smtp://user:pass@host:587`, `smtps://…:465`; STARTTLS is used
   * when offered) or nodemailer SMTP transport options.
   * @example 'smtp://apikey:secret@smtp.example.com:587'
   */
  smtp: string | SMTPTransport.Options;
  /** Templates, content blocks and the tenant's email settings and UTM standard. */
  templates: TemplateStore;
  /** Reads the customer, cart/order, product and recommended products at send time. */
  liveData: LiveData;
  /** Signs the recipient's unsubscribe token (List-Unsubscribe and `unsubscribe_url`). */
  unsubscribeSecret: string;
  /**
   * The recipient's discount code for the message's offer (e.g. from the offers module); the template's
   * `offer.code` is null without it.
   */
  offerCode?: (message: OutboundMessage) => Promise<{ code: string; expiresAt: Date | null } | null>;
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

async function present<T>(items: readonly Promise<T | null>[]): Promise<T[]> {
  return (await Promise.all(items)).filter((x): x is Awaited<T> & T => x !== null);
}

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
  const { templates, liveData } = options;

  async function compose(message: OutboundMessage): Promise<ComposedEmail> {
    const { tenantId } = message.origin;
    const to = message.recipient.email;
    if (!to) throw refuse('The message has no email address');
    const settings = await templates.getSettings(tenantId);
    const email: EmailSettings | null = settings.email;
    if (!email) {
      throw refuse(
        'Email is not configured for this tenant (sender and unsubscribe addresses): set email settings',
      );
    }
    const template = await templates.getTemplate(tenantId, message.template);
    if (!template) throw refuse(`Template ${JSON.stringify(message.template)} not found`);
    if (template.channel !== 'email') {
      throw refuse(`Template ${JSON.stringify(template.key)} is for ${template.channel}, not email`);
    }

    const { customerId } = message.recipient;
    const { cartId, orderId, productId, variantId } = message.subject;
    const [customer, cart, order, product, variant] = await Promise.all([
      customerId ? liveData.customer(tenantId, customerId) : null,
      cartId ? liveData.cart(tenantId, cartId) : null,
      orderId ? liveData.order(tenantId, orderId) : null,
      productId ? liveData.product(tenantId, productId) : null,
      variantId ? liveData.variant(tenantId, variantId) : null,
    ]);
    const lineProductIds = new Set(
      [...(cart?.lines ?? []), ...(order?.lineItems ?? [])].flatMap((l) =>
        l.productId ? [l.productId] : [],
      ),
    );
    const recommendations = await present<Product>(
      message.recommendedProductIds.map((id) => liveData.product(tenantId, id)),
    );
    const known = new Set(recommendations.map((p) => p.id));
    const lineProducts = await present<Product>(
      [...lineProductIds].filter((id) => !known.has(id)).map((id) => liveData.product(tenantId, id)),
    );

    const token = signUnsubscribeToken(options.unsubscribeSecret, {
      tenantId,
      channel: 'email',
      email: to,
      customerId,
    });
    const unsubscribeUrl = email.unsubscribeUrl.replaceAll('{token}', token);
    const mailto = `mailto:${email.unsubscribeMailto}?subject=${encodeURIComponent(`unsubscribe ${token}`)}`;
    const offerCode = message.offer.kind === 'none' ? null : ((await options.offerCode?.(message)) ?? null);

    let rendered: ReturnType<typeof renderTemplate>;
    try {
      const context = buildRenderContext(template.context, {
        customer,
        recipient: { email: to, phone: message.recipient.phone },
        cart,
        order,
        product,
        variant,
        offer: message.offer,
        offerCode,
        discountedVariantIds: message.discountedVariantIds,
        recommendations,
        products: lineProducts,
        unsubscribeUrl,
        shop: { name: email.shopName, url: email.shopUrl },
      });
      rendered = await templates.render(tenantId, template, context);
    } catch (error) {
      if (error instanceof TemplateError) throw refuse(error.message);
      throw error;
    }

    const params = utmParamsFor(
      {
        channel: 'email',
        workflowKey: message.origin.workflowKey,
        stepId: message.origin.nodeId,
        variants: message.origin.variants,
        template: template.key,
      },
      settings.utm,
    );
    const tagOptions = { standard: settings.utm, skipUrls: [unsubscribeUrl] };
    const html = rendered.html === null ? null : tagHtmlLinks(rendered.html, params, tagOptions);
    return {
      from: email.from,
      replyTo: email.replyTo,
      to,
      subject: rendered.subject ?? '',
      html,
      text: tagTextLinks(rendered.text ?? '', params, tagOptions),
      messageId: messageIdFor(message, email.from),
      headers: {
        'List-Unsubscribe': `<${mailto}>, <${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      unsubscribeUrl,
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
