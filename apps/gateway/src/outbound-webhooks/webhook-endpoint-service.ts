import { ID_PREFIX, newId } from '@cartwire/model';
import type {
  CreatedWebhookEndpoint,
  DeliveryStatus,
  DeliveryWithAttempts,
  Repositories,
  WebhookEndpointRecord,
} from '@cartwire/storage';
import type { Clock } from '../clock';
import { type FieldError, NotFoundError, ProblemError, ValidationError } from '../http/problem';
import { DEFAULT_RETRY_SCHEDULE_MS, REPLAY_PRIORITY, WEBHOOK_DELIVERY_QUEUE } from './delivery-schedule';
import { checkWebhookUrl, type WebhookUrlPolicy } from './url-guard';

export interface CreateEndpointInput {
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly storeIds?: readonly string[] | null | undefined;
  readonly description?: string | undefined;
  readonly enabled?: boolean | undefined;
}

export type UpdateEndpointInput = Partial<{
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly storeIds: readonly string[] | null;
  readonly description: string;
  readonly enabled: boolean;
}>;

export interface Page<T> {
  readonly items: T[];
  readonly hasMore: boolean;
}

export interface WebhookEndpointService {
  create(tenantId: string, input: CreateEndpointInput): Promise<CreatedWebhookEndpoint>;
  list(
    tenantId: string,
    page: { limit: number; after?: string | undefined },
  ): Promise<Page<WebhookEndpointRecord>>;
  /** @throws NotFoundError (404) for an unknown endpoint or another tenant's */
  get(tenantId: string, endpointId: string): Promise<WebhookEndpointRecord>;
  update(tenantId: string, endpointId: string, input: UpdateEndpointInput): Promise<WebhookEndpointRecord>;
  remove(tenantId: string, endpointId: string): Promise<void>;
  rotateSecret(tenantId: string, endpointId: string, overlapSeconds: number): Promise<CreatedWebhookEndpoint>;
  /** Appends a `webhook.test` event and delivers it to this endpoint only. */
  sendTest(tenantId: string, endpointId: string): Promise<DeliveryWithAttempts>;
  listDeliveries(
    tenantId: string,
    endpointId: string,
    page: { limit: number; before?: string | undefined; status?: DeliveryStatus | undefined },
  ): Promise<Page<DeliveryWithAttempts>>;
  getDelivery(tenantId: string, deliveryId: string): Promise<DeliveryWithAttempts>;
  /** One more attempt now, whatever the delivery's state. */
  retryDelivery(tenantId: string, deliveryId: string): Promise<DeliveryWithAttempts>;
  /** Re-delivers every matching event received at or after `since`. @returns how many were scheduled */
  replay(tenantId: string, endpointId: string, since: Date): Promise<number>;
}

export interface WebhookEndpointServiceDeps {
  readonly repositories: Pick<Repositories, 'webhookEndpoints' | 'webhookDeliveries' | 'events' | 'stores'>;
  readonly clock: Clock;
  readonly urlPolicy: WebhookUrlPolicy;
  /** @default DEFAULT_RETRY_SCHEDULE_MS */
  readonly schedule?: readonly number[];
}

const REPLAY_PAGE = 500;

export function createWebhookEndpointService(deps: WebhookEndpointServiceDeps): WebhookEndpointService {
  const { repositories, clock, urlPolicy } = deps;
  const endpoints = repositories.webhookEndpoints;
  const deliveries = repositories.webhookDeliveries;
  const maxAttempts = (deps.schedule ?? DEFAULT_RETRY_SCHEDULE_MS).length;

  async function assertSafeUrl(url: string): Promise<void> {
    const verdict = await checkWebhookUrl(url, urlPolicy);
    if (!verdict.ok) {
      throw new ValidationError([
        { in: 'body', path: 'url', message: `URL ${verdict.reason}`, code: 'unsafe_url' },
      ]);
    }
  }

  async function assertOwnStores(tenantId: string, storeIds: readonly string[] | null | undefined) {
    if (!storeIds) return;
    const errors: FieldError[] = [];
    for (const [index, storeId] of storeIds.entries()) {
      if (!(await repositories.stores.getStore(tenantId, storeId))) {
        errors.push({
          in: 'body',
          path: `storeIds.${index}`,
          message: `no store ${storeId}`,
          code: 'not_found',
        });
      }
    }
    if (errors.length > 0) throw new ValidationError(errors);
  }

  async function get(tenantId: string, endpointId: string): Promise<WebhookEndpointRecord> {
    const endpoint = await endpoints.getEndpoint(tenantId, endpointId);
    if (!endpoint) throw new NotFoundError(`No webhook endpoint ${endpointId}.`);
    return endpoint;
  }

  async function enabled(tenantId: string, endpointId: string): Promise<WebhookEndpointRecord> {
    const endpoint = await get(tenantId, endpointId);
    if (!endpoint.enabled) {
      throw new ProblemError('conflict', {
        detail: `Webhook endpoint ${endpointId} is disabled (${endpoint.disabledReason}); enable it first.`,
      });
    }
    return endpoint;
  }

  async function getDelivery(tenantId: string, deliveryId: string): Promise<DeliveryWithAttempts> {
    const delivery = await deliveries.getDelivery(tenantId, deliveryId);
    if (!delivery) throw new NotFoundError(`No delivery ${deliveryId}.`);
    return delivery;
  }

  return {
    async create(tenantId, input) {
      await assertSafeUrl(input.url);
      await assertOwnStores(tenantId, input.storeIds);
      return endpoints.createEndpoint({
        tenantId,
        url: input.url,
        eventTypes: [...input.eventTypes],
        storeIds: input.storeIds ? [...input.storeIds] : null,
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
      });
    },

    async list(tenantId, { limit, after }) {
      const rows = await endpoints.listEndpoints({ tenantId, limit: limit + 1, ...(after ? { after } : {}) });
      return { items: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    get,

    async update(tenantId, endpointId, input) {
      await get(tenantId, endpointId);
      if (input.url !== undefined) await assertSafeUrl(input.url);
      await assertOwnStores(tenantId, input.storeIds);
      return endpoints.updateEndpoint(tenantId, endpointId, {
        ...(input.url === undefined ? {} : { url: input.url }),
        ...(input.eventTypes === undefined ? {} : { eventTypes: [...input.eventTypes] }),
        ...(input.storeIds === undefined ? {} : { storeIds: input.storeIds ? [...input.storeIds] : null }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
      });
    },

    async remove(tenantId, endpointId) {
      if (!(await endpoints.deleteEndpoint(tenantId, endpointId))) {
        throw new NotFoundError(`No webhook endpoint ${endpointId}.`);
      }
    },

    async rotateSecret(tenantId, endpointId, overlapSeconds) {
      await get(tenantId, endpointId);
      return endpoints.rotateSecret(tenantId, endpointId, { overlapMs: overlapSeconds * 1000 });
    },

    async sendTest(tenantId, endpointId) {
      const endpoint = await enabled(tenantId, endpointId);
      // webhook.test is about a store: the endpoint's first filtered store, else the tenant's first.
      const storeId = endpoint.storeIds?.[0] ?? (await repositories.stores.listStores(tenantId))[0]?.id;
      if (storeId === undefined) {
        throw new ProblemError('conflict', {
          detail: 'Connect a store first: every event, including webhook.test, belongs to a store.',
        });
      }
      const at = clock.now().toISOString();
      const eventId = newId(ID_PREFIX.event);
      await repositories.events.appendEvents([
        {
          id: eventId,
          type: 'webhook.test',
          tenantId,
          storeId,
          occurredAt: at,
          receivedAt: at,
          source: 'api',
          entityType: 'store',
          entityId: storeId,
          data: { message: `Test delivery to webhook endpoint ${endpointId}.` },
        },
      ]);
      const [delivery] = await deliveries.scheduleDeliveries(tenantId, endpointId, [eventId], {
        queue: WEBHOOK_DELIVERY_QUEUE,
        maxAttempts,
      });
      if (!delivery) throw new NotFoundError(`No webhook endpoint ${endpointId}.`);
      return { ...delivery, attempts: [] };
    },

    async listDeliveries(tenantId, endpointId, { limit, before, status }) {
      await get(tenantId, endpointId);
      const rows = await deliveries.listDeliveries({
        tenantId,
        endpointId,
        limit: limit + 1,
        ...(before ? { before } : {}),
        ...(status ? { status } : {}),
      });
      return { items: rows.slice(0, limit), hasMore: rows.length > limit };
    },

    getDelivery,

    async retryDelivery(tenantId, deliveryId) {
      const delivery = await getDelivery(tenantId, deliveryId);
      await enabled(tenantId, delivery.endpointId);
      await deliveries.scheduleDeliveries(tenantId, delivery.endpointId, [delivery.eventId], {
        queue: WEBHOOK_DELIVERY_QUEUE,
        maxAttempts: 1,
      });
      return getDelivery(tenantId, deliveryId);
    },

    async replay(tenantId, endpointId, since) {
      const endpoint = await enabled(tenantId, endpointId);
      let afterSeq = 0;
      let scheduled = 0;
      for (;;) {
        const page = await deliveries.listMatchingEventIds(endpoint, { since, afterSeq, limit: REPLAY_PAGE });
        const done = await deliveries.scheduleDeliveries(tenantId, endpointId, page.ids, {
          queue: WEBHOOK_DELIVERY_QUEUE,
          maxAttempts,
          priority: REPLAY_PRIORITY,
        });
        scheduled += done.length;
        if (page.lastSeq === afterSeq) return scheduled;
        afterSeq = page.lastSeq;
      }
    },
  };
}
