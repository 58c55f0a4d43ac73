import { processWebhook } from '@cartwire/connectors';
import { Platform } from '@cartwire/model';
import {
  createWebhookReceiptRepository,
  type Database,
  type Db,
  findStoreTenant,
  type Repositories,
} from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { readSyncSettings } from '../sync/store-sync-settings';
import type { SyncService } from '../sync/sync-service';
import { amazonInbound } from './amazon-inbound';
import type { InboundPlatform } from './inbound-change';
import { shopifyInbound } from './shopify-inbound';
import { wooCommerceInbound } from './woocommerce-inbound';

export const DEFAULT_INBOUND_PLATFORMS: Partial<Record<Platform, InboundPlatform>> = {
  shopify: shopifyInbound,
  woocommerce: wooCommerceInbound,
  amazon: amazonInbound,
};

export interface ReceiveInput {
  platform: string;
  storeId: string;
  rawBody: Uint8Array;
  headers: Headers;
}

/** The answer to a delivery, decided before anything slow happens. */
export type ReceiveResult =
  | { status: 200; outcome: 'ping' | 'ignored' | 'duplicate' | 'accepted' | 'refetch' }
  | { status: 400; outcome: 'malformed_body' }
  | { status: 401; outcome: 'unknown_store' | 'missing_secret' | 'missing_signature' | 'signature_mismatch' }
  | { status: 404; outcome: 'unknown_platform' };

export interface WebhookReceiverOptions {
  database: Database;
  repositories: Pick<Repositories, 'stores'>;
  sync: SyncService;
  logger: Logger;
  clock: Clock;
  platforms?: Partial<Record<Platform, InboundPlatform>>;
}

/**
 * Inbound platform webhooks: the store is resolved, the signature checked on the raw bytes (the
 * connector's constant-time compare) before the body is parsed, the delivery id recorded once, and the
 * change stored with its events in the same transaction as the receipt. Anything that needs the
 * platform API (partial payloads) becomes an urgent job, so the platform gets its answer fast.
 */
export function createWebhookReceiver(options: WebhookReceiverOptions) {
  const platforms = options.platforms ?? DEFAULT_INBOUND_PLATFORMS;
  const { database, repositories, sync, logger, clock } = options;

  return async function receive(input: ReceiveInput): Promise<ReceiveResult> {
    const platform = Platform.safeParse(input.platform);
    const inbound = platform.success ? platforms[platform.data] : undefined;
    if (!platform.success || !inbound) return { status: 404, outcome: 'unknown_platform' };
    const log = logger.child({
      platform: platform.data,
      storeId: input.storeId,
      bytes: input.rawBody.length,
    });
    const owner = await findStoreTenant(database.db, { platform: platform.data, storeId: input.storeId });
    if (!owner) {
      log.warn({ reason: 'unknown_store' }, 'inbound webhook refused');
      return { status: 401, outcome: 'unknown_store' };
    }
    const { tenantId } = owner;
    const store = await repositories.stores.getStore(tenantId, input.storeId);
    if (!store) return { status: 401, outcome: 'unknown_store' };
    const secret = inbound.webhookSecret(await repositories.stores.getStoreCredentials(tenantId, store.id));
    if (secret === null) {
      log.warn({ reason: 'missing_secret' }, 'inbound webhook refused: the store has no webhook secret');
      return { status: 401, outcome: 'missing_secret' };
    }
    const outcome = processWebhook(inbound.connector, {
      storeId: store.id,
      secret,
      rawBody: input.rawBody,
      headers: input.headers,
    });
    if (outcome.kind === 'ping') return { status: 200, outcome: 'ping' };
    if (outcome.kind === 'rejected') {
      log.warn({ reason: outcome.reason }, 'inbound webhook refused');
      return outcome.reason === 'malformed_body'
        ? { status: 400, outcome: 'malformed_body' }
        : { status: 401, outcome: outcome.reason };
    }
    const change = await inbound.interpret(outcome, input, store);
    if (change.kind === 'ignored') return { status: 200, outcome: 'ignored' };

    const deliveryId = outcome.deliveryId;
    const topic = outcome.topic;
    const guard =
      deliveryId === null
        ? undefined
        : (tx: Db) =>
            createWebhookReceiptRepository(tx).recordReceipt({
              tenantId,
              platform: platform.data,
              storeId: store.id,
              deliveryId,
              topic,
            });
    const settings = readSyncSettings(store.settings);
    if (change.kind === 'refetch') {
      // Recorded first so a redelivery does not queue the same fetch again; the fetch job itself is
      // deduplicated per (store, stream) while pending.
      if (deliveryId !== null) {
        const first = await createWebhookReceiptRepository(database.db).recordReceipt({
          tenantId,
          platform: platform.data,
          storeId: store.id,
          deliveryId,
          topic,
        });
        if (!first) return { status: 200, outcome: 'duplicate' };
      }
      await sync.requestFetch(tenantId, store.id, change.streams, 'webhook');
      return { status: 200, outcome: 'refetch' };
    }
    if (change.kind === 'delete') {
      const result = await sync.recorder.recordDeletion({
        tenantId,
        storeId: store.id,
        entity: change.entity,
        externalId: change.externalId,
        at: clock.now(),
        source: 'webhook',
        ...(guard ? { guard } : {}),
      });
      return { status: 200, outcome: result.skipped ? 'duplicate' : 'accepted' };
    }
    const result = await sync.recorder.recordEntities({
      tenantId,
      storeId: store.id,
      entities: change.entities,
      source: 'webhook',
      mode: 'live',
      settings,
      ...(guard ? { guard } : {}),
    });
    if (result.skipped) return { status: 200, outcome: 'duplicate' };
    if (change.refetch.length > 0) await sync.requestFetch(tenantId, store.id, change.refetch, 'webhook');
    return { status: 200, outcome: 'accepted' };
  };
}

export type WebhookReceiver = ReturnType<typeof createWebhookReceiver>;
