import { AmazonSettings, amazonConnector, parseOrderChangeNotification } from '@cartwire/connectors/amazon';
import type { EntityType } from '@cartwire/model';
import { streamsForEntity } from '../sync/platform-connectors';
import { readSyncSettings } from '../sync/store-sync-settings';
import type { InboundChange, InboundPlatform } from './inbound-change';

/**
 * What an order change can touch: the order itself, its packages, and its buyer (a new order may
 * bring a new customer). Re-read, since a notification names the order but carries none of it.
 */
const CHANGED_BY_ORDER: readonly EntityType[] = ['order', 'shipment', 'customer'];

/**
 * Amazon ORDER_CHANGE notifications, forwarded from the seller's SQS queue by a relay that signs
 * each message body with the store's `notificationSecret` (see `amazonRelayHeaders`). Each one becomes
 * an urgent re-read of the order streams the store syncs; a notification for another seller (a relay
 * pointed at the wrong store) is acknowledged and ignored.
 */
export const amazonInbound: InboundPlatform = {
  connector: amazonConnector,
  webhookSecret: (credentials) =>
    typeof credentials.notificationSecret === 'string' && credentials.notificationSecret !== ''
      ? credentials.notificationSecret
      : null,
  async interpret(outcome, input, store): Promise<InboundChange> {
    if (outcome.kind === 'ignored') return { kind: 'ignored' };
    const parsed = parseOrderChangeNotification(JSON.parse(new TextDecoder().decode(input.rawBody)));
    const settings = AmazonSettings.safeParse(store.settings);
    if (!parsed.ok || !settings.success || parsed.change.sellerId !== settings.data.sellerId) {
      return { kind: 'ignored' };
    }
    const synced = readSyncSettings(store.settings).streams;
    const streams = CHANGED_BY_ORDER.flatMap((entity) => streamsForEntity(amazonConnector, entity)).filter(
      (stream) => synced === undefined || synced.includes(stream),
    );
    return streams.length === 0 ? { kind: 'ignored' } : { kind: 'refetch', streams };
  },
};
