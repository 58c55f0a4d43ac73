import { entityId, type Variant } from '@cartwire/model';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StepFailedError } from '../../errors';
import { pauseAdsOutOfStockWorkflow } from '../../examples/seed-workflows';
import { createGovernanceGate } from '../../governance/gate';
import { createGovernedChannel } from '../../governance/governed-channel';
import type { ActionTarget } from '../../runtime/channels';
import { createMemoryLiveData } from '../../runtime/live-data';
import { event, storeId, T0, tenantId, variant } from '../../test-fixtures';
import { createHarness, ensureTenant } from '../../test-harness';
import { ProviderError } from '../errors';
import { json, outbound, type Reply, startLoopbackServer } from '../test-support';
import { createAdsAudiences } from './ads-audiences';
import { createAdsCatalogItems } from './catalog-items';
import { createHttpAdsCatalogProvider } from './http-catalog-provider';

const CATALOG = '1234567890';

interface BatchBody {
  item_type: string;
  allow_upsert: boolean;
  requests: { method: string; data: Record<string, string> }[];
}

/**
 * Meta's Catalog Batch API (`POST /{catalogId}/items_batch`) on loopback: the items of one catalogue with
 * their fields. UPDATE without upsert refuses unknown items in `validation_status`, as Meta does.
 */
async function startFakeCatalog() {
  const items = new Map<string, Record<string, string>>();
  const batches: BatchBody[] = [];
  const script: Reply[] = [];
  let handle = 0;
  const server = await startLoopbackServer((request) => {
    const match = /^\/v21\.0\/([^/]+)\/items_batch$/.exec(request.path);
    if (request.method !== 'POST' || match?.[1] !== CATALOG) {
      return json(404, { error: { message: 'Unsupported post request', code: 100 } });
    }
    if (request.headers.authorization !== 'Bearer graph-token') {
      return json(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
    }
    const scripted = script.shift();
    if (scripted) return scripted;
    const body = JSON.parse(request.body) as BatchBody;
    if (body.item_type !== 'PRODUCT_ITEM') return json(400, { error: { message: 'item_type', code: 100 } });
    batches.push(body);
    const validation: { retailer_id: string; errors: { message: string }[] }[] = [];
    for (const { method, data } of body.requests) {
      const { id, ...fields } = data;
      const item = id ? items.get(id) : undefined;
      if (method !== 'UPDATE' || !id || (!item && !body.allow_upsert)) {
        validation.push({ retailer_id: id ?? '', errors: [{ message: 'Item does not exist' }] });
        continue;
      }
      items.set(id, { ...item, ...fields });
    }
    handle++;
    return json(200, { handles: [`handle-${handle}`], validation_status: validation });
  });
  return {
    server,
    items,
    batches,
    script,
    label: (sku: string) => items.get(sku)?.custom_label_4,
    reset() {
      items.clear();
      batches.length = 0;
      script.length = 0;
      handle = 0;
      for (const sku of ['SKU-mug', 'SKU-lamp', 'SKU-vase']) items.set(sku, { availability: 'in stock' });
    },
  };
}

const provider = (url: string) =>
  createHttpAdsCatalogProvider({ baseUrl: `${url}/v21.0`, accessToken: 'graph-token' });

describe('Meta catalogue batch adapter', () => {
  let fake: Awaited<ReturnType<typeof startFakeCatalog>>;
  beforeAll(async () => {
    fake = await startFakeCatalog();
  });
  afterAll(async () => {
    await fake.server.close();
  });
  beforeEach(() => fake.reset());

  it('marks and clears a custom label with UPDATE requests that never create items', async () => {
    const meta = provider(fake.server.url);
    const paused = await meta.pauseItems(CATALOG, ['SKU-mug', 'SKU-mug', 'SKU-ghost']);
    expect(paused).toEqual({
      handles: ['handle-1'],
      rejected: [{ sku: 'SKU-ghost', message: 'Item does not exist' }],
    });
    expect(fake.batches[0]).toEqual({
      item_type: 'PRODUCT_ITEM',
      allow_upsert: false,
      requests: [
        { method: 'UPDATE', data: { id: 'SKU-mug', custom_label_4: 'cartwire_paused' } },
        { method: 'UPDATE', data: { id: 'SKU-ghost', custom_label_4: 'cartwire_paused' } },
      ],
    });
    expect(fake.items.get('SKU-mug')).toEqual({
      availability: 'in stock',
      custom_label_4: 'cartwire_paused',
    });
    expect(fake.items.has('SKU-ghost')).toBe(false);
    await meta.resumeItems(CATALOG, ['SKU-mug']);
    expect(fake.label('SKU-mug')).toBe('');

    const custom = createHttpAdsCatalogProvider({
      baseUrl: `${fake.server.url}/v21.0/`,
      accessToken: 'graph-token',
      pauseLabel: 'custom_label_1',
      pausedValue: 'no-ads',
    });
    await custom.pauseItems(CATALOG, ['SKU-lamp']);
    expect(fake.items.get('SKU-lamp')).toEqual({ availability: 'in stock', custom_label_1: 'no-ads' });
    expect(() =>
      createHttpAdsCatalogProvider({ baseUrl: 'x', accessToken: 't', pausedValue: 'x'.repeat(101) }),
    ).toThrow(/pausedValue/);
  });

  it('sends at most 3,000 items per batch', async () => {
    const skus = Array.from({ length: 3_001 }, (_, i) => `SKU-${i}`);
    for (const sku of skus) fake.items.set(sku, {});
    const result = await provider(fake.server.url).pauseItems(CATALOG, skus);
    expect(fake.batches.map((b) => b.requests.length)).toEqual([3_000, 1]);
    expect(result).toEqual({ handles: ['handle-1', 'handle-2'], rejected: [] });
  });

  it('classifies Graph errors: catalogue rate limits and 5xx retry, refusals do not', async () => {
    const meta = provider(fake.server.url);
    const failure = (reply: Reply) => {
      fake.script.push(reply);
      return meta.pauseItems(CATALOG, ['SKU-mug']).catch((e: unknown) => e);
    };
    expect(
      await failure(json(400, { error: { message: 'Too many calls to this catalog', code: 80014 } })),
    ).toMatchObject({ retryable: true, providerCode: '80014' });
    expect(await failure(json(503, { error: { message: 'Service unavailable', code: 2 } }))).toMatchObject({
      retryable: true,
    });
    const refused = await failure(json(400, { error: { message: 'Unsupported post request', code: 100 } }));
    expect(refused).toBeInstanceOf(ProviderError);
    expect(refused).toMatchObject({ retryable: false, status: 400 });
    expect(await failure({ status: 200, body: 'not json' })).toMatchObject({ retryable: true });
    expect(
      await createHttpAdsCatalogProvider({ baseUrl: `${fake.server.url}/v21.0`, accessToken: 'wrong-token' })
        .pauseItems(CATALOG, ['SKU-mug'])
        .catch((e: unknown) => e),
    ).toMatchObject({ retryable: false, status: 401, providerCode: '190' });
  });
});

describe.each(testDatabases())('catalogue item audiences on $name', ({ create }) => {
  let database: TestDatabase;
  let fake: Awaited<ReturnType<typeof startFakeCatalog>>;
  const live = createMemoryLiveData();
  const mug = variant('mug', '12.00', '4.00', 0);
  const lamp = variant('lamp', '80.00', '30.00', 0);
  const bare = variant('bare', '5.00', null, 0, { sku: null });
  live.put(tenantId, mug, lamp, bare);

  beforeAll(async () => {
    fake = await startFakeCatalog();
  });
  afterAll(async () => {
    await fake.server.close();
  });
  beforeEach(async () => {
    fake.reset();
    database = await create();
    await ensureTenant(database);
  });
  afterEach(async () => {
    await database?.close();
  });

  const catalogItems = () =>
    createAdsCatalogItems({
      db: database.db,
      provider: provider(fake.server.url),
      catalogId: CATALOG,
      variants: live,
      now: () => new Date(T0),
    });

  /** The seed workflow's audience actions through `createAdsAudiences`, as the gateway wires them. */
  function harness(withCatalog: boolean) {
    const gate = createGovernanceGate({ db: database.db, customers: live, now: () => new Date(T0) });
    const ads = createAdsAudiences({
      db: database.db,
      gate,
      customers: live,
      provider: {
        platform: 'meta',
        name: 'unused-customer-lists',
        addMembers: () => Promise.reject(new Error('no customer list is involved')),
        removeMembers: () => Promise.reject(new Error('no customer list is involved')),
      },
      ...(withCatalog ? { items: catalogItems() } : {}),
    });
    const governed = createGovernedChannel({ gate, channel: ads.channel, kind: 'ads' });
    const h = createHarness(database, {
      liveData: live,
      actions: { audience: ads.actionHandler(governed) },
      retry: { maxAttempts: 3, baseMs: 60_000 },
    });
    return h;
  }

  const soldOut = (v: Variant) => {
    const locationId = entityId('location', storeId, 'wh');
    const level = {
      id: entityId('inventory_level', storeId, `${v.externalId}-wh`),
      storeId,
      platform: 'shopify' as const,
      externalId: `${v.externalId}-wh`,
      createdAt: null,
      updatedAt: T0,
      variantId: v.id,
      locationId,
      available: 0,
    };
    return event(
      'inventory.changed',
      { inventoryLevel: level, variantId: v.id, locationId, available: 0, previousAvailable: 4 },
      { entityId: level.id },
    );
  };
  const restocked = (v: Variant) =>
    event('product.back_in_stock', {
      productId: v.productId,
      variant: { ...v, inventoryQuantity: 9 },
      available: 9,
      threshold: 1,
    });

  it('pauses a SKU that sells out and resumes it when it is restocked', async () => {
    const h = harness(true);
    await h.deploy(pauseAdsOutOfStockWorkflow({ audience: 'catalog-retargeting' }));
    await h.feed(soldOut(mug));
    expect(fake.label('SKU-mug')).toBe('cartwire_paused');
    expect(fake.label('SKU-lamp')).toBeUndefined();
    const items = catalogItems();
    expect(await items.items(tenantId)).toMatchObject([
      {
        sku: 'SKU-mug',
        variantId: mug.id,
        status: 'paused',
        audience: 'catalog-retargeting',
        catalogId: CATALOG,
        batchHandle: 'handle-1',
      },
    ]);

    await h.feed(restocked(mug));
    expect(fake.label('SKU-mug')).toBe('');
    expect(await items.items(tenantId)).toMatchObject([{ sku: 'SKU-mug', status: 'resumed' }]);
    const [run] = await h.runtime.listRuns(tenantId, (await h.runtime.store.list(tenantId))[0]?.id ?? '');
    expect(run).toMatchObject({ status: 'completed' });
    const steps = (await h.runtime.getRun(tenantId, run?.id ?? ''))?.steps ?? [];
    expect(steps.filter((s) => s.outcome === 'acted').map((s) => s.nodeId)).toEqual([
      'pause-ads',
      'resume-ads',
    ]);
  });

  it('resumes only SKUs Cartwire paused, once per step', async () => {
    const items = catalogItems();
    const handler = items.actionHandler();
    const target = (variantIds: string[]): ActionTarget => ({
      customerId: null,
      email: null,
      variantIds,
      cartId: null,
      orderId: null,
    });
    const origin = (key: string) => ({
      ...outbound('ads', { id: 'x', email: null, phone: null }).origin,
      idempotencyKey: key,
    });
    const pause = {
      kind: 'audience',
      operation: 'remove',
      audience: 'catalog-retargeting',
      subject: 'items',
    } as const;
    const resume = { ...pause, operation: 'add' } as const;

    // The merchant excluded the lamp themselves; Cartwire pauses only the mug (the bare variant has no SKU).
    fake.items.set('SKU-lamp', { custom_label_4: 'cartwire_paused' });
    await handler(pause, target([mug.id, bare.id]), origin('step-1'));
    await handler(pause, target([mug.id, bare.id]), origin('step-1')); // the same step, retried
    expect(fake.batches).toHaveLength(1);

    await handler(resume, target([mug.id, lamp.id]), origin('step-2'));
    expect(fake.batches.at(-1)?.requests).toEqual([
      { method: 'UPDATE', data: { id: 'SKU-mug', custom_label_4: '' } },
    ]);
    expect(fake.label('SKU-lamp')).toBe('cartwire_paused');
    await handler(resume, target([mug.id, lamp.id]), origin('step-2'));
    await handler(resume, target([lamp.id]), origin('step-3'));
    expect(fake.batches).toHaveLength(2);

    // Nothing to match on, or nothing the platform accepted: a permanent failure that says why.
    const noSku = await handler(pause, target([bare.id]), origin('step-4')).catch((e: unknown) => e);
    expect(noSku).toBeInstanceOf(StepFailedError);
    expect(noSku).toMatchObject({ retryable: false, message: expect.stringMatching(/has a SKU/) });
    live.put(tenantId, variant('ghost', '1.00', null, 0));
    const ghost = await handler(
      pause,
      target([entityId('variant', storeId, 'ghost')]),
      origin('step-5'),
    ).catch((e: unknown) => e);
    expect(ghost).toMatchObject({
      retryable: false,
      message: expect.stringMatching(/SKU-ghost: Item does not exist/),
    });
    expect((await items.items(tenantId)).map((r) => [r.sku, r.status])).toEqual([['SKU-mug', 'resumed']]);
  });

  it('retries a throttled pause and goes on', async () => {
    const h = harness(true);
    await h.deploy(pauseAdsOutOfStockWorkflow({ audience: 'catalog-retargeting' }));
    fake.script.push(json(400, { error: { message: 'Too many calls to this catalog', code: 80014 } }));
    await h.feed(soldOut(mug));
    expect(fake.label('SKU-mug')).toBeUndefined();
    const workflowId = (await h.runtime.store.list(tenantId))[0]?.id ?? '';
    const [run] = await h.runtime.listRuns(tenantId, workflowId);
    const history = async () => (await h.runtime.getRun(tenantId, run?.id ?? ''))?.steps ?? [];
    expect((await history()).at(-1)).toMatchObject({
      outcome: 'failed',
      nodeId: 'pause-ads',
      reason: expect.stringMatching(/Too many calls/),
    });

    await h.advance(60_000);
    expect(fake.label('SKU-mug')).toBe('cartwire_paused');
    expect((await history()).map((s) => s.outcome)).toEqual([
      'entered',
      'passed',
      'failed',
      'acted',
      'waiting',
    ]);
  });

  it('parks the run with a clear reason when no catalogue is configured', async () => {
    const h = harness(false);
    await h.deploy(pauseAdsOutOfStockWorkflow({ audience: 'catalog-retargeting' }));
    await h.feed(soldOut(mug));
    const workflowId = (await h.runtime.store.list(tenantId))[0]?.id ?? '';
    const [run] = await h.runtime.listRuns(tenantId, workflowId);
    expect(run).toMatchObject({
      status: 'parked',
      endReason: expect.stringMatching(/no ads catalogue is configured/),
    });
    expect(fake.batches).toHaveLength(0);
  });
});
