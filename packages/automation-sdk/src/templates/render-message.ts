import type { Product } from '@cartwire/model';
import { signUnsubscribeToken } from '../channels/email/unsubscribe-token';
import { StepFailedError } from '../errors';
import type { ChannelKind } from '../governance/policy';
import type { OutboundMessage } from '../runtime/channels';
import type { LiveData } from '../runtime/live-data';
import { tagHtmlLinks, tagTextLinks, type UtmParams, utmParamsFor } from '../utm/utm';
import { TemplateError } from './errors';
import { buildRenderContext } from './render-context';
import type { MessagingSettings, TemplateRecord, TemplateStore } from './template-store';

export interface MessageRendererOptions {
  /** Templates, blocks, and the tenant's messaging settings (unsubscribe URL, UTM standard). */
  templates: TemplateStore;
  /** Reads the customer, cart/order, product and recommended products at send time. */
  liveData: LiveData;
  /** Signs the recipient's unsubscribe token (`unsubscribe_url`, List-Unsubscribe). */
  unsubscribeSecret: string;
  /**
   * The recipient's discount code for the message's offer, when the message does not carry one already
   * (`withOfferCodes` of the offers module attaches it); the template's `offer.code` is null without it.
   */
  offerCode?: (message: OutboundMessage) => Promise<{ code: string; expiresAt: Date | null } | null>;
}

/** A message rendered for one channel: every http(s) link already carries the tenant's UTM tags. */
export interface RenderedMessage {
  template: TemplateRecord;
  settings: MessagingSettings;
  subject: string | null;
  html: string | null;
  text: string | null;
  /** The recipient's one-click unsubscribe URL (empty when the tenant configured none). */
  unsubscribeUrl: string;
  unsubscribeToken: string;
  utm: UtmParams;
}

const refuse = (reason: string) => new StepFailedError(reason, false);

async function present<T>(items: readonly Promise<T | null>[]): Promise<T[]> {
  return (await Promise.all(items)).filter((x): x is Awaited<T> & T => x !== null);
}

/**
 * Renders the template a send node names with the live records of the message, the recipient's offer
 * code and unsubscribe link, then tags every link with the tenant's UTM standard (channel, workflow, step,
 * split arm). Used by the email channel; `render(message, 'sms')` gives the text an SMS channel sends.
 * A missing template, a template for another channel, missing records or a render error are
 * non-retryable `StepFailedError`s (the run parks with the reason).
 * @example const sms = createSmsChannel({ provider, render: async (m) => (await renderer.render(m, 'sms')).text ?? '' })
 */
export function createMessageRenderer(options: MessageRendererOptions) {
  const { templates, liveData } = options;
  /** A code attached to the message (the offers module's `withOfferCodes`), else the `offerCode` option. */
  const offerCodeOf = async (message: OutboundMessage) => {
    const attached = (message as { offerCode?: { code: string; expiresAt: Date | null } }).offerCode;
    if (attached) return { code: attached.code, expiresAt: attached.expiresAt };
    return (await options.offerCode?.(message)) ?? null;
  };
  return {
    async render(message: OutboundMessage, channel: ChannelKind): Promise<RenderedMessage> {
      const { tenantId } = message.origin;
      const [settings, template] = await Promise.all([
        templates.getSettings(tenantId),
        templates.getTemplate(tenantId, message.template),
      ]);
      if (!template) throw refuse(`Template ${JSON.stringify(message.template)} not found`);
      if (template.channel !== channel) {
        throw refuse(`Template ${JSON.stringify(template.key)} is for ${template.channel}, not ${channel}`);
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
      const recommendations = await present<Product>(
        message.recommendedProductIds.map((id) => liveData.product(tenantId, id)),
      );
      const known = new Set(recommendations.map((p) => p.id));
      const lineProductIds = new Set(
        [...(cart?.lines ?? []), ...(order?.lineItems ?? [])].flatMap((l) =>
          l.productId && !known.has(l.productId) ? [l.productId] : [],
        ),
      );
      const lineProducts = await present<Product>(
        [...lineProductIds].map((id) => liveData.product(tenantId, id)),
      );

      const unsubscribeToken = signUnsubscribeToken(options.unsubscribeSecret, {
        tenantId,
        channel,
        email: message.recipient.email,
        customerId,
      });
      const unsubscribeUrl = settings.email?.unsubscribeUrl.replaceAll('{token}', unsubscribeToken) ?? '';
      const offerCode = message.offer.kind === 'none' ? null : await offerCodeOf(message);

      let rendered: Awaited<ReturnType<TemplateStore['render']>>;
      try {
        const context = buildRenderContext(template.context, {
          customer,
          recipient: { email: message.recipient.email, phone: message.recipient.phone },
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
          shop: settings.email
            ? { name: settings.email.shopName, url: settings.email.shopUrl }
            : { name: '', url: null },
        });
        rendered = await templates.render(tenantId, template, context);
      } catch (error) {
        if (error instanceof TemplateError) throw refuse(error.message);
        throw error;
      }

      const utm = utmParamsFor(
        {
          channel,
          workflowKey: message.origin.workflowKey,
          stepId: message.origin.nodeId,
          variants: message.origin.variants,
          template: template.key,
        },
        settings.utm,
      );
      const tagOptions = { standard: settings.utm, skipUrls: unsubscribeUrl ? [unsubscribeUrl] : [] };
      return {
        template,
        settings,
        subject: rendered.subject,
        html: rendered.html === null ? null : tagHtmlLinks(rendered.html, utm, tagOptions),
        text: rendered.text === null ? null : tagTextLinks(rendered.text, utm, tagOptions),
        unsubscribeUrl,
        unsubscribeToken,
        utm,
      };
    },
  };
}

export type TemplateMessageRenderer = ReturnType<typeof createMessageRenderer>;
