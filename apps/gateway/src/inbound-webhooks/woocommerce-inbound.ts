import { wooCommerceConnector } from '@cartwire/connectors/woocommerce';
import type { Order } from '@cartwire/model';
import { streamsForEntity } from '../sync/platform-connectors';
import type { InboundChange, InboundPlatform } from './inbound-change';

export const wooCommerceInbound: InboundPlatform = {
  connector: wooCommerceConnector,
  webhookSecret: (credentials) =>
    typeof credentials.webhookSecret === 'string' && credentials.webhookSecret !== ''
      ? credentials.webhookSecret
      : null,
  async interpret(outcome): Promise<InboundChange> {
    if (outcome.kind === 'ignored') return { kind: 'ignored' };
    const refetch = () =>
      ({ kind: 'refetch', streams: streamsForEntity(wooCommerceConnector, outcome.entity) }) as const;
    if (outcome.action === 'delete') {
      return outcome.externalId === null
        ? { kind: 'ignored' }
        : { kind: 'delete', entity: outcome.entity, externalId: outcome.externalId };
    }
    // Product bodies lack variations and currency (the mapper refuses them): re-read the product.
    if (outcome.recordErrors.length > 0 || outcome.entities.length === 0) return refetch();
    // An order body has refund totals but not the refunds themselves; the orders stream reads them,
    // and storing the thinner version first would announce the same change twice.
    const withRefunds = outcome.entities.some(
      (entity) => entity.id.startsWith('ord_') && (entity as Order).refunds.length > 0,
    );
    if (withRefunds) return refetch();
    return { kind: 'upsert', entities: outcome.entities, refetch: [] };
  },
};
