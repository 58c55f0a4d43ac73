import { pauseAdsOutOfStockWorkflow } from '@cartwire/automation-sdk';
import { entityId, type InventoryLevel, type Variant } from '@cartwire/model';
import { sampleVariant } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeRecorder } from '../apps/gateway/src/sync/change-recorder';
import { StoreSyncSettings } from '../apps/gateway/src/sync/store-sync-settings';
import { json, startLoopbackServer } from '../packages/automation-sdk/src/channels/test-support';
import { type EmbeddedGateway, startEmbeddedGateway, until } from './embedded-gateway';

const CATALOG = '1234567890123456';

interface BatchBody {
  item_type: string;
  allow_upsert: boolean;
  requests: { method: string; data: { id: string } & Record<string, string> }[];
}

/** Meta's Catalog Batch API on loopback: each items_batch call and the custom labels items hold. */
async function startFakeCatalog() {
  const batches: BatchBody[] = [];
  const labels = new Map<string, string>();
  const server = await startLoopbackServer((request) => {
    if (request.method !== 'POST' || request.path !== `/v21.0/${CATALOG}/items_batch`) {
      return json(404, { error: { message: 'Unsupported post request', code: 100 } });
    }
    if (request.headers.authorization !== 'Bearer graph-token') {
      return json(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
    }
    const body = JSON.parse(request.body) as BatchBody;
    batches.push(body);
    for (const { data } of body.requests) labels.set(data.id, data.custom_label_4 ?? '');
    return json(200, { handles: [`handle-${batches.length}`], validation_status: [] });
  });
  return { server, batches, labels };
}

describe('pausing ads for out-of-stock SKUs through the gateway', () => {
  let embedded: EmbeddedGateway;
  let catalog: Awaited<ReturnType<typeof startFakeCatalog>>;

  beforeAll(async () => {
    catalog = await startFakeCatalog();
    // The fake Graph API listens on loopback: the SSRF guard lets it through only when told to.
    embedded = await startEmbeddedGateway({ CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS: '1' });
  }, 120_000);
  afterAll(async () => {
    await embedded?.stop();
    await catalog?.server.close();
  });

  it('a variant that sells out is paused in the Meta catalogue and resumed once restocked', async () => {
    const { call, gateway, tenantId, storeId } = embedded;
    const saved = await call('PUT', '/v1/messaging-settings/ads', {
      endpointUrl: `${catalog.server.url}/v21.0`,
      accessToken: 'graph-token',
      catalog: { catalogId: CATALOG },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const workflowId = await embedded.activate(
      pauseAdsOutOfStockWorkflow({ audience: 'catalog-retargeting' }),
    );

    // What applying the platform's inventory and product webhooks records (the inbound worker's path).
    const recorder = createChangeRecorder(gateway.database, { now: () => new Date() });
    const settings = StoreSyncSettings.parse(undefined);
    let minute = 0;
    const stock = async (available: number, mode: 'backfill' | 'live' = 'live') => {
      const updatedAt = new Date(Date.now() + ++minute * 60_000).toISOString();
      const mug: Variant = sampleVariant(storeId, 'mug', { inventoryQuantity: available, updatedAt });
      const level: InventoryLevel = {
        id: entityId('inventory_level', storeId, 'mug-wh'),
        storeId,
        platform: 'shopify',
        externalId: 'mug-wh',
        createdAt: null,
        updatedAt,
        variantId: mug.id,
        locationId: entityId('location', storeId, 'wh'),
        available,
      };
      await recorder.recordEntities({
        tenantId,
        storeId,
        entities: [mug, level],
        source: 'webhook',
        mode,
        settings,
      });
      await gateway.workflows?.settle();
    };

    await stock(4, 'backfill');
    expect(catalog.batches).toHaveLength(0);

    await stock(0);
    await until('the pause batch', () => (catalog.batches.length >= 1 ? true : undefined));
    expect(catalog.batches[0]).toEqual({
      item_type: 'PRODUCT_ITEM',
      allow_upsert: false,
      requests: [{ method: 'UPDATE', data: { id: 'SKU-mug', custom_label_4: 'cartwire_paused' } }],
    });
    expect(catalog.labels.get('SKU-mug')).toBe('cartwire_paused');

    await stock(9);
    await until('the resume batch', () => (catalog.batches.length >= 2 ? true : undefined));
    expect(catalog.batches[1]?.requests).toEqual([
      { method: 'UPDATE', data: { id: 'SKU-mug', custom_label_4: '' } },
    ]);

    const runs = await call('GET', `/v1/workflows/${workflowId}/runs`);
    const [run] = (runs.body as { data: { id: string; status: string }[] }).data;
    expect(run?.status).toBe('completed');
    const detail = await call('GET', `/v1/workflows/${workflowId}/runs/${run?.id}`);
    const steps = (detail.body as { steps: { nodeId: string | null; outcome: string }[] }).steps;
    expect(steps.filter((s) => s.outcome === 'acted').map((s) => s.nodeId)).toEqual([
      'pause-ads',
      'resume-ads',
    ]);
    expect(catalog.batches).toHaveLength(2);
  }, 60_000);

  it('parks the run with where to configure the catalogue when the ads provider has none', async () => {
    const { call, gateway, tenantId, storeId } = embedded;
    expect(
      (
        await call('PUT', '/v1/messaging-settings/ads', {
          endpointUrl: `${catalog.server.url}/v21.0`,
          catalog: null,
        })
      ).status,
    ).toBe(200);
    const recorder = createChangeRecorder(gateway.database, { now: () => new Date() });
    const settings = StoreSyncSettings.parse(undefined);
    const at = (minutes: number) => new Date(Date.now() + (60 + minutes) * 60_000).toISOString();
    const vase = (available: number, minutes: number) => {
      const variant = sampleVariant(storeId, 'vase', {
        inventoryQuantity: available,
        updatedAt: at(minutes),
      });
      const level: InventoryLevel = {
        id: entityId('inventory_level', storeId, 'vase-wh'),
        storeId,
        platform: 'shopify',
        externalId: 'vase-wh',
        createdAt: null,
        updatedAt: at(minutes),
        variantId: variant.id,
        locationId: entityId('location', storeId, 'wh'),
        available,
      };
      return [variant, level];
    };
    const record = (entities: ReturnType<typeof vase>, mode: 'backfill' | 'live') =>
      recorder.recordEntities({ tenantId, storeId, entities, source: 'webhook', mode, settings });
    await record(vase(2, 0), 'backfill');
    await record(vase(0, 1), 'live');
    await gateway.workflows?.settle();

    const workflows = await call('GET', '/v1/workflows');
    const workflowId = (workflows.body as { data: { id: string; key: string }[] }).data.find(
      (w) => w.key === 'pause-ads-out-of-stock',
    )?.id;
    const parked = await until('the parked run', async () => {
      const runs = await call('GET', `/v1/workflows/${workflowId}/runs?status=parked`);
      return (runs.body as { data: { endReason: string | null }[] }).data[0];
    });
    expect(parked.endReason).toMatch(/no ads catalogue is configured.*PUT \/v1\/messaging-settings\/ads/);
    expect(catalog.batches).toHaveLength(2);
  }, 60_000);
});
