import { createWaitlistStore, InvalidCursorError, type WaitlistSubscription } from '@cartwire/automation-sdk';
import type { Database, EntityRepository, StoreRepository } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { NotFoundError, ValidationError } from '../../http/problem';
import { invalidCursor } from '../shared/list-cursor';
import {
  listWaitlistRoute,
  subscribeToWaitlistRoute,
  unsubscribeFromWaitlistRoute,
} from './waitlists.routes';

export interface WaitlistsRouterDeps {
  database: Database;
  entities: Pick<EntityRepository, 'getEntity'>;
  stores: Pick<StoreRepository, 'getStore'>;
  now: () => Date;
}

function toBody(subscription: WaitlistSubscription) {
  return {
    object: 'waitlist_subscription' as const,
    id: subscription.id,
    storeId: subscription.storeId,
    variantId: subscription.variantId,
    productId: subscription.productId,
    customerId: subscription.customerId,
    email: subscription.email,
    channel: subscription.channel,
    status: subscription.status,
    createdAt: subscription.createdAt.toISOString(),
    notifiedAt: subscription.notifiedAt?.toISOString() ?? null,
  };
}

/** `/v1/stores/{storeId}/variants/{variantId}/waitlist`: back-in-stock waitlists, tenant-scoped. */
export function createWaitlistsRouter(deps: WaitlistsRouterDeps) {
  const waitlist = createWaitlistStore(deps.database.db, { now: deps.now });

  /** The variant, when it belongs to this tenant's store; another tenant's or store's is a 404. */
  async function variantOf(tenantId: string, storeId: string, variantId: string) {
    if (!(await deps.stores.getStore(tenantId, storeId)))
      throw new NotFoundError(`Store ${storeId} not found.`);
    const variant = await deps.entities.getEntity('variant', tenantId, variantId);
    if (!variant || variant.storeId !== storeId) throw new NotFoundError(`Variant ${variantId} not found.`);
    return variant;
  }

  const subscribe: RouteHandler<typeof subscribeToWaitlistRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const { storeId, variantId } = c.req.valid('param');
    const body = c.req.valid('json');
    const variant = await variantOf(tenantId, storeId, variantId);
    let email = body.email ?? null;
    if (body.customerId) {
      const customer = await deps.entities.getEntity('customer', tenantId, body.customerId);
      if (!customer || customer.storeId !== storeId) {
        throw new ValidationError([
          { in: 'body', path: 'customerId', code: 'not_found', message: 'no such customer in this store' },
        ]);
      }
      email ??= customer.email;
    }
    const { subscription, created } = await waitlist.subscribe({
      tenantId,
      storeId,
      variantId: variant.id,
      productId: variant.productId,
      customerId: body.customerId ?? null,
      email,
      channel: body.channel ?? null,
    });
    return created ? c.json(toBody(subscription), 201) : c.json(toBody(subscription), 200);
  };

  const list: RouteHandler<typeof listWaitlistRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const { storeId, variantId } = c.req.valid('param');
    const query = c.req.valid('query');
    await variantOf(tenantId, storeId, variantId);
    try {
      const page = await waitlist.list(tenantId, variantId, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.status ? { status: query.status } : {}),
      });
      return c.json(
        {
          object: 'list' as const,
          data: page.items.map(toBody),
          has_more: page.nextCursor !== null,
          next_cursor: page.nextCursor,
        },
        200,
      );
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw invalidCursor();
      }
      throw error;
    }
  };

  const unsubscribe: RouteHandler<typeof unsubscribeFromWaitlistRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const { storeId, variantId, subscriptionId } = c.req.valid('param');
    await variantOf(tenantId, storeId, variantId);
    if (!(await waitlist.unsubscribe(tenantId, variantId, subscriptionId)))
      throw new NotFoundError(`Waitlist subscription ${subscriptionId} not found.`);
    return c.body(null, 204);
  };

  return createRouter<AuthedEnv>()
    .openapi(subscribeToWaitlistRoute, subscribe)
    .openapi(listWaitlistRoute, list)
    .openapi(unsubscribeFromWaitlistRoute, unsubscribe);
}
