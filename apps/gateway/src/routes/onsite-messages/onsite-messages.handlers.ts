import type { OnsiteInbox, OnsiteMessage } from '@cartwire/automation-sdk';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/app-env';
import { NotFoundError } from '../../http/problem';
import type { PushDevices } from '../../providers/push-devices';
import type {
  dismissOnsiteMessageRoute,
  listOnsiteMessagesRoute,
  registerPushDeviceRoute,
  unregisterPushDeviceRoute,
} from './onsite-messages.routes';

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

export function createOnsiteMessagesHandlers(inbox: OnsiteInbox, devices: PushDevices) {
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
  const registerDevice: RouteHandler<typeof registerPushDeviceRoute, StorefrontEnv> = async (c) => {
    const { customer } = c.req.valid('query');
    const { token, platform } = c.req.valid('json');
    const { tenantId, storeId } = c.var.storefront;
    const saved = await devices.register({ tenantId, storeId, customerId: customer, token, platform });
    return c.json(
      {
        object: 'push_device' as const,
        customerId: customer,
        platform,
        createdAt: saved.createdAt.toISOString(),
        updatedAt: saved.updatedAt.toISOString(),
      },
      200,
    );
  };
  const unregisterDevice: RouteHandler<typeof unregisterPushDeviceRoute, StorefrontEnv> = async (c) => {
    const { customer } = c.req.valid('query');
    const { tenantId, storeId } = c.var.storefront;
    if (!(await devices.unregister(tenantId, storeId, customer, c.req.valid('json').token))) {
      throw new NotFoundError('No such device for this customer.');
    }
    return c.body(null, 204);
  };
  return { list, dismiss, registerDevice, unregisterDevice };
}
