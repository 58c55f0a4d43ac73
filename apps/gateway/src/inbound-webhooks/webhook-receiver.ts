import { randomUUID } from 'node:crypto';
import { processWebhook } from '@cartwire/connectors';
import { Platform } from '@cartwire/model';
import {
  createJobQueue,
  createWebhookReceiptRepository,
  type Database,
  findStoreTenant,
  type Repositories,
} from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { amazonInbound } from './amazon-inbound';
import type { InboundPlatform } from './inbound-change';
import { inboundDeliveryJob } from './inbound-delivery-job';
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
  | { status: 200; outcome: 'ping' | 'ignored' | 'duplicate' | 'accepted' }
  | { status: 400; outcome: 'malformed_body' }
  | { status: 401; outcome: 'unknown_store' | 'missing_secret' | 'missing_signature' | 'signature_mismatch' }
  | { status: 404; outcome: 'unknown_platform' };

export interface WebhookReceiverOptions {
  database: Database;
  repositories: Pick<Repositories, 'stores'>;
  logger: Logger;
  /** The job queue's clock: the apply job is due now by the same clock the workers claim with. */
  clock: Clock;
  platforms?: Partial<Record<Platform, InboundPlatform>>;
}

/**
 * Inbound platform webhooks: the store is resolved, the signature checked on the raw bytes (the
 * connector's constant-time compare) before the body is parsed, and the change the delivery asks for is
 * stored once per delivery id together with an urgent job that applies it, all before the platform gets
 * its 200. Nothing slow (entity upserts, events, platform reads) happens while the platform waits, and a
 * crash after the answer loses nothing: the job runs again once its lease expires.
 */
export function createWebhookReceiver(options: WebhookReceiverOptions) {
  const platforms = options.platforms ?? DEFAULT_INBOUND_PLATFORMS;
  const { database, repositories, logger, clock } = options;

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

    // Deliveries without an id cannot be recognized when redelivered; each is applied on its own.
    const deliveryId = outcome.deliveryId ?? `unidentified:${randomUUID()}`;
    const queued = await database.transaction(async (tx) => {
      const receiptId = await createWebhookReceiptRepository(tx).acceptDelivery({
        tenantId,
        platform: platform.data,
        storeId: store.id,
        deliveryId,
        topic: outcome.topic,
        change,
      });
      if (receiptId === null) return false;
      await createJobQueue(tx, { now: () => clock.now() }).enqueue(inboundDeliveryJob(tenantId, receiptId));
      return true;
    });
    return queued ? { status: 200, outcome: 'accepted' } : { status: 200, outcome: 'duplicate' };
  };
}

export type WebhookReceiver = ReturnType<typeof createWebhookReceiver>;
