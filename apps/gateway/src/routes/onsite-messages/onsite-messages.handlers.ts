import type { OnsiteInbox, OnsiteMessage } from '@cartwire/automation-sdk';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env';
import { NotFoundError } from '../../http/problem';
import type { dismissOnsiteMessageRoute, listOnsiteMessagesRoute } from './onsite-messages.routes';

/** Requests the publishable-key middleware let through carry the store they are for. */
export type StorefrontEnv = {
  Variables: AppEnv['Variables'] & { storefront: { tenantId: string; storeId: string } };
};

const toJson = (message: OnsiteMessage) => ({
  object: 'onsite_message' as const,
  id: message.id,
  customerId: message.customerId,
  template: message.template,
  content: message.content,
  createdAt: message.createdAt.toISOString(),
  expiresAt: message.expiresAt?.toISOString() ?? null,
  seenAt: message.seenAt?.toISOString() ?? null,
});

export function createOnsiteMessagesHandlers(inbox: OnsiteInbox) {
  const list: RouteHandler<typeof listOnsiteMessagesRoute, StorefrontEnv> = async (c) => {
    const { customer, limit } = c.req.valid('query');
    const messages = await inbox.list(c.var.storefront, customer, limit);
    return c.json({ object: 'list' as const, data: messages.map(toJson) }, 200);
  };
  const dismiss: RouteHandler<typeof dismissOnsiteMessageRoute, StorefrontEnv> = async (c) => {
    const { messageId } = c.req.valid('param');
    const { customer } = c.req.valid('query');
    const result = await inbox.dismiss(c.var.storefront, customer, messageId);
    if (result.outcome === 'not_found')
      throw new NotFoundError(`No onsite message ${messageId} for this customer.`);
    return c.json(
      { object: 'onsite_message' as const, id: messageId, dismissedAt: result.dismissedAt.toISOString() },
      200,
    );
  };
  return { list, dismiss };
}
