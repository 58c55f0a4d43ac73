import { readFileSync } from 'node:fs';
import { type DocumentNode, Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CHUNK_PAGE_INFO } from './bulk-chunks';
import { flattenBulkResult } from './bulk-jsonl';
import { BulkOperationRegistry } from './bulk-operations';
import { gid } from './gid';
import { createTestEmulator, pathOf, TEST_CLIENT_SECRET } from './test-store';
import { verifyShopifyWebhookHmac } from './webhook-signature';

const PRODUCTS_WITH_VARIANTS =
  '{ products { edges { node { id variants { edges { node { id title } } } } } } }';
const RUN = `mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { field message code } } }`;
const POLL =
  '{ currentBulkOperation { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt } }';

interface JsonLine {
  id: string;
  __parentId?: string;
}

function checkParentsFirst(lines: JsonLine[]): void {
  const seen = new Set<string>();
  for (const line of lines) {
    if (line.__parentId !== undefined) expect(seen.has(line.__parentId)).toBe(true);
    seen.add(line.id);
  }
}

describe('bulk operations', () => {
  it('flattens nested connections into JSONL exactly as the fixture does', () => {
    const fixtureLines = readFileSync(
      new URL('./fixtures/bulk-operation-result.products-variants.jsonl', import.meta.url),
      'utf8',
    )
      .trim()
      .split('\n');
    const nested: Record<string, { id: string; variants: { edges: { node: Record<string, string> }[] } }> =
      {};
    for (const line of fixtureLines.map((text) => JSON.parse(text) as JsonLine & { title?: string })) {
      if (line.__parentId === undefined) nested[line.id] = { id: line.id, variants: { edges: [] } };
      else nested[line.__parentId]?.variants.edges.push({ node: { id: line.id, title: line.title ?? '' } });
    }
    const result = flattenBulkResult({
      products: { edges: Object.values(nested).map((node) => ({ node })) },
    });
    expect(result.lines).toEqual(fixtureLines);
    expect(result.rootObjectCount).toBe(5);
    expect(result.objectCount).toBe(11);
  });

  it('runs CREATED → RUNNING → COMPLETED with the clock and serves the JSONL result', async () => {
    const { graphql, clock, app, store, deliveries } = createTestEmulator();
    const started = await graphql(RUN, { q: PRODUCTS_WITH_VARIANTS });
    expect(pathOf(started.json.data, 'bulkOperationRunQuery')).toMatchObject({
      bulkOperation: { status: 'CREATED' },
      userErrors: [],
    });
    const id = pathOf(started.json.data, 'bulkOperationRunQuery.bulkOperation.id');

    expect(pathOf((await graphql(POLL)).json.data, 'currentBulkOperation')).toMatchObject({
      id,
      status: 'CREATED',
      objectCount: '0',
      url: null,
    });
    clock.advance(200);
    expect(pathOf((await graphql(POLL)).json.data, 'currentBulkOperation.status')).toBe('RUNNING');
    clock.advance(10_000);
    const done = pathOf((await graphql(POLL)).json.data, 'currentBulkOperation') as Record<
      string,
      string | null
    >;
    const variants = store.listVariants();
    expect(done).toMatchObject({
      status: 'COMPLETED',
      errorCode: null,
      objectCount: String(store.listProducts().length + variants.length),
      rootObjectCount: String(store.listProducts().length),
      partialDataUrl: null,
    });
    expect(done.url).toMatch(/^https:\/\/emulator-test\.myshopify\.com\/bulk\/\d+\.jsonl$/);

    const file = await app.request(done.url ?? '');
    expect(file.headers.get('content-type')).toBe('application/jsonl');
    const text = await file.text();
    expect(String(Buffer.byteLength(text))).toBe(done.fileSize);
    const lines = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as JsonLine);
    expect(lines).toHaveLength(Number(done.objectCount));
    checkParentsFirst(lines);
    expect(lines.filter((line) => line.__parentId === undefined).map((line) => line.id)).toEqual(
      store.listProducts().map((product) => gid('Product', product.id)),
    );
    expect(lines.find((line) => line.id === gid('ProductVariant', variants[0]?.id ?? 0))).toMatchObject({
      title: variants[0]?.title,
      __parentId: gid('Product', variants[0]?.productId ?? 0),
    });

    // The optional bulk_operations/finish webhook fires once the completion has been observed.
    const finish = deliveries().filter((delivery) => delivery.topic === 'bulk_operations/finish');
    expect(finish).toHaveLength(1);
    expect(JSON.parse(finish[0]?.body ?? '{}')).toMatchObject({
      admin_graphql_api_id: id,
      status: 'completed',
      type: 'query',
    });
    expect(
      verifyShopifyWebhookHmac(
        finish[0]?.body ?? '',
        finish[0]?.headers['X-Shopify-Hmac-Sha256'] ?? '',
        TEST_CLIENT_SECRET,
      ),
    ).toBe(true);
  });

  it('allows five concurrent operations from 2026-01 and one before', async () => {
    const modern = createTestEmulator({ apiVersion: '2026-01' });
    for (let index = 0; index < 5; index += 1) {
      const reply = await modern.graphql(RUN, { q: PRODUCTS_WITH_VARIANTS });
      expect(pathOf(reply.json.data, 'bulkOperationRunQuery.userErrors')).toEqual([]);
    }
    const sixth = await modern.graphql(RUN, { q: PRODUCTS_WITH_VARIANTS });
    expect(pathOf(sixth.json.data, 'bulkOperationRunQuery')).toMatchObject({
      bulkOperation: null,
      userErrors: [{ code: 'OPERATION_IN_PROGRESS' }],
    });

    const legacy = createTestEmulator({ apiVersion: '2025-10' });
    await legacy.graphql(RUN, { q: PRODUCTS_WITH_VARIANTS }, '2025-10');
    const second = await legacy.graphql(RUN, { q: PRODUCTS_WITH_VARIANTS }, '2025-10');
    expect(pathOf(second.json.data, 'bulkOperationRunQuery.userErrors.0.message')).toMatch(
      /^A bulk query operation for this app and shop is already in progress: gid:\/\/shopify\/BulkOperation\/\d+\.$/,
    );
    legacy.clock.advance(60_000);
    const afterwards = await legacy.graphql(RUN, { q: PRODUCTS_WITH_VARIANTS }, '2025-10');
    expect(pathOf(afterwards.json.data, 'bulkOperationRunQuery.userErrors')).toEqual([]);
  });

  it('rejects queries without connections or nested too deep, and finds operations by id', async () => {
    const { graphql } = createTestEmulator();
    const noConnection = await graphql(RUN, { q: '{ shop { name } }' });
    expect(pathOf(noConnection.json.data, 'bulkOperationRunQuery.userErrors.0')).toMatchObject({
      field: ['query'],
      code: 'INVALID',
    });
    const tooDeep = await graphql(RUN, {
      q: '{ customers { edges { node { orders { edges { node { lineItems { edges { node { id } } } } } } } } } }',
    });
    expect(pathOf(tooDeep.json.data, 'bulkOperationRunQuery.userErrors.0.message')).toMatch(/nesting depth/);
    const started = await graphql(RUN, { q: PRODUCTS_WITH_VARIANTS });
    const id = pathOf(started.json.data, 'bulkOperationRunQuery.bulkOperation.id');
    const byNode = await graphql(
      'query($id: ID!) { node(id: $id) { ... on BulkOperation { id status } } bulkOperation(id: $id) { id } }',
      { id },
    );
    expect(byNode.json.data).toEqual({ node: { id, status: 'CREATED' }, bulkOperation: { id } });
  });
});

describe('bulk JSONL for connections inside lists', () => {
  it('hangs a refund’s line items off the refund, after the order line', async () => {
    const { graphql, clock, app, ids } = createTestEmulator();
    const query = `{ orders(query: "financial_status:partially_refunded") { edges { node { id
      refunds { id refundLineItems { edges { node { quantity lineItem { id } } } } }
      lineItems { edges { node { id } } } } } } }`;
    await graphql(RUN, { q: query });
    clock.advance(10_000);
    const url = pathOf((await graphql(POLL)).json.data, 'currentBulkOperation.url') as string;
    const lines = (await (await app.request(url)).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const orderGid = gid('Order', ids.refundedOrder);
    const refundGid = pathOf(lines[0], 'refunds.0.id');
    expect(lines[0]).toEqual({ id: orderGid, refunds: [{ id: refundGid }] });
    expect(lines.slice(1)).toEqual([
      {
        quantity: 1,
        lineItem: { id: expect.stringMatching(/^gid:\/\/shopify\/LineItem\//) },
        __parentId: refundGid,
      },
      { id: expect.stringMatching(/^gid:\/\/shopify\/LineItem\//), __parentId: orderGid },
    ]);
  });
});

describe('bulk operations over more roots than one chunk', () => {
  it('reads the first chunk before answering and the rest in the background', async () => {
    let now = 0;
    const registry = new BulkOperationRegistry({
      clock: { now: () => now },
      timing: { startDelayMs: 0, objectsPerSecond: 1e9 },
      maxConcurrent: 5,
    });
    const roots = Array.from({ length: 600 }, (_, index) => ({ id: `gid://shopify/Order/${index + 1}` }));
    const afters: (string | null)[] = [];
    const run = async (document: DocumentNode) => {
      const root =
        document.definitions[0]?.kind === Kind.OPERATION_DEFINITION
          ? document.definitions[0].selectionSet.selections[0]
          : undefined;
      const args = root?.kind === Kind.FIELD ? (root.arguments ?? []) : [];
      const after = args.find((argument) => argument.name.value === 'after')?.value;
      const start = after?.kind === Kind.STRING ? Number(after.value) : 0;
      afters.push(after?.kind === Kind.STRING ? after.value : null);
      const page = roots.slice(start, start + 250);
      const end = start + page.length;
      return {
        orders: {
          edges: page.map((node) => ({ node })),
          [CHUNK_PAGE_INFO]: { hasNextPage: end < roots.length, endCursor: String(end) },
        },
      };
    };
    const { operation } = await registry.start('{ orders { edges { node { id } } } }', 'https://shop', run);
    now = 1;
    expect(afters).toEqual([null]);
    expect(registry.viewByGid(operation?.id ?? '')).toMatchObject({
      status: 'RUNNING',
      objectCount: '250',
    });
    await registry.settled();
    expect(afters).toEqual([null, '250', '500']);
    expect(registry.current()).toMatchObject({
      status: 'COMPLETED',
      objectCount: '600',
      rootObjectCount: '600',
    });
  });

  it('serves every root of a store larger than one chunk', async () => {
    const { graphql, clock, app, store } = createTestEmulator({ orderCount: 600 });
    const orderCount = store.listOrders().length;
    expect(orderCount).toBeGreaterThan(500);
    await graphql(RUN, { q: '{ orders { edges { node { id name } } } }' });
    await app.shopify.settleBulkOperations();
    clock.advance(60_000);
    const done = pathOf((await graphql(POLL)).json.data, 'currentBulkOperation') as Record<string, string>;
    expect(done).toMatchObject({
      status: 'COMPLETED',
      objectCount: String(orderCount),
      rootObjectCount: String(orderCount),
    });
    const lines = (await (await app.request(done.url ?? '')).text()).trim().split('\n');
    expect(new Set(lines.map((line) => (JSON.parse(line) as JsonLine).id)).size).toBe(orderCount);
  });
});
