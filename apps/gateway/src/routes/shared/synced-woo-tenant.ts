// Test support (not a test): a tenant whose WooCommerce store (the emulator) was synced for some streams.
import { createConnectorEngine, createInMemoryCheckpointStore, runStream } from '@cartwire/connectors';
import { wooCommerceConnector } from '@cartwire/connectors/woocommerce';
import type { AnyEntity, EntityOf } from '@cartwire/model';
import type { StoredEntityType } from '@cartwire/storage';
import type { TestDatabase } from '@cartwire/storage/testing';
import { buildTestApp } from '../../testing/test-gateway';
import type { WooSandbox } from './woo-sandbox';

type WooStream = keyof typeof wooCommerceConnector.streams;

export async function syncedWooTenant(
  database: TestDatabase,
  woo: WooSandbox,
  streams: readonly WooStream[],
) {
  const built = await buildTestApp(database);
  const settings = { currency: woo.store.shop.currency };
  const store = await built.repositories.stores.createStore({
    tenantId: built.tenant.id,
    platform: 'woocommerce',
    name: 'Synced Woo',
    credentials: woo.credentials,
    settings,
  });
  const engine = createConnectorEngine();
  /** Distinct ids stored per stream: the ground truth list and count routes must reproduce. */
  const stored = new Map<WooStream, Set<string>>();
  try {
    for (const stream of streams) {
      await runStream({
        engine,
        connector: wooCommerceConnector,
        store: { id: store.id, credentials: woo.credentials, settings },
        stream,
        mode: 'backfill',
        checkpoints: createInMemoryCheckpointStore(),
        async onPage(entities: AnyEntity[]) {
          const type = wooCommerceConnector.streams[stream].entity as StoredEntityType;
          const ids = stored.get(stream) ?? new Set<string>();
          for (const entity of entities) ids.add(entity.id);
          stored.set(stream, ids);
          await built.repositories.entities.upsertEntities(
            type,
            entities.map((entity) => ({
              tenantId: built.tenant.id,
              entity: entity as EntityOf<typeof type>,
            })),
          );
        },
      });
    }
  } finally {
    await engine.close();
  }
  return { ...built, store, stored };
}
