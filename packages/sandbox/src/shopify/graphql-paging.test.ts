import { describe, expect, it } from 'vitest';
import { gid } from './gid';
import { createTestEmulator, pathOf } from './test-store';
import { graphqlTime } from './time-format';

interface Page {
  ids: string[];
  updatedAt: string[];
  endCursor: string | null;
  hasNextPage: boolean;
}

async function pageThrough(
  graphql: ReturnType<typeof createTestEmulator>['graphql'],
  search: string,
  pageSize: number,
): Promise<{ ids: string[]; updatedAt: string[]; pages: number }> {
  const ids: string[] = [];
  const updatedAt: string[] = [];
  let after: string | null = null;
  for (let pages = 1; pages < 1000; pages += 1) {
    const reply = await graphql(
      `query($after: String, $query: String, $first: Int!) {
        orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
          edges { node { id updatedAt } } pageInfo { hasNextPage endCursor }
        }
      }`,
      { after, query: search, first: pageSize },
    );
    expect(reply.json.errors).toBeUndefined();
    const edges = pathOf(reply.json.data, 'orders.edges') as { node: { id: string; updatedAt: string } }[];
    const page: Page = {
      ids: edges.map((edge) => edge.node.id),
      updatedAt: edges.map((edge) => edge.node.updatedAt),
      endCursor: pathOf(reply.json.data, 'orders.pageInfo.endCursor') as string | null,
      hasNextPage: pathOf(reply.json.data, 'orders.pageInfo.hasNextPage') as boolean,
    };
    ids.push(...page.ids);
    updatedAt.push(...page.updatedAt);
    if (!page.hasNextPage) return { ids, updatedAt, pages };
    after = page.endCursor;
  }
  throw new Error('paging did not end');
}

describe('orders paging with the updated_at filter', () => {
  it('pages to exhaustion with no gaps or duplicates, across records sharing a second', async () => {
    const { graphql, store } = createTestEmulator({ orderCount: 60 });
    const watermark = '2026-01-05T10:10:00Z';
    const expected = store
      .listOrders()
      .filter((order) => Date.parse(graphqlTime(order.updatedAt)) >= Date.parse(watermark))
      .map((order) => gid('Order', order.id));
    // The boundary case: several orders share one second, and pages cut through those groups.
    const seconds = store.listOrders().map((order) => graphqlTime(order.updatedAt));
    expect(new Set(seconds).size).toBeLessThan(seconds.length);

    const result = await pageThrough(graphql, `updated_at:>='${watermark}'`, 7);
    expect(result.pages).toBeGreaterThan(5);
    expect(new Set(result.ids).size).toBe(result.ids.length);
    expect([...result.ids].sort()).toEqual([...expected].sort());
    expect(result.updatedAt).toEqual([...result.updatedAt].sort());
  });

  it('an incremental run after changes returns exactly the changed orders', async () => {
    const { graphql, store, clock, ids } = createTestEmulator({ orderCount: 30 });
    const full = await pageThrough(graphql, '', 50);
    const watermark = full.updatedAt.at(-1) ?? '';
    clock.advance(5_000);
    store.updateOrder(ids.guestOrder, { note: 'gift wrap' });
    store.markPaid(
      store.placeOrder({
        email: 'new@example.com',
        lines: [{ variantId: ids.variant, quantity: 1 }],
        financialState: 'pending',
      }).id,
    );
    const incremental = await pageThrough(graphql, `updated_at:>'${watermark}'`, 1);
    const newest = store.listOrders().at(-1);
    expect(incremental.ids.sort()).toEqual(
      [gid('Order', ids.guestOrder), gid('Order', newest?.id ?? 0)].sort(),
    );
  });

  it('filters by status, financial_status, email and id, AND-joined', async () => {
    const { graphql, ids, store } = createTestEmulator();
    const select = async (query: string) => {
      const reply = await graphql('query($q: String) { orders(first: 250, query: $q) { nodes { id } } }', {
        q: query,
      });
      return (pathOf(reply.json.data, 'orders.nodes') as { id: string }[]).map((node) => node.id);
    };
    expect(await select('status:cancelled')).toEqual([gid('Order', ids.cancelledOrder)]);
    expect(await select('financial_status:partially_refunded')).toEqual([gid('Order', ids.refundedOrder)]);
    expect(await select('email:guest@example.com')).toEqual([gid('Order', ids.guestOrder)]);
    const afterEur = await select(`id:>${gid('Order', ids.eurOrder).split('/').pop()} AND status:open`);
    expect(afterEur).toEqual(
      store
        .listOrders()
        .filter((order) => order.id > ids.eurOrder && !order.cancelledAt && !order.closedAt)
        .map((order) => gid('Order', order.id)),
    );
  });

  it('sorts by PROCESSED_AT by default and honours reverse', async () => {
    const { graphql, store } = createTestEmulator();
    const reply = await graphql(
      '{ a: orders(first: 5) { nodes { id } } b: orders(first: 5, reverse: true) { nodes { id } } }',
    );
    const byProcessed = [...store.listOrders()].sort(
      (x, y) =>
        Date.parse(graphqlTime(x.processedAt)) - Date.parse(graphqlTime(y.processedAt)) || x.id - y.id,
    );
    expect((pathOf(reply.json.data, 'a.nodes') as { id: string }[]).map((n) => n.id)).toEqual(
      byProcessed.slice(0, 5).map((order) => gid('Order', order.id)),
    );
    expect((pathOf(reply.json.data, 'b.nodes') as { id: string }[]).map((n) => n.id)).toEqual(
      byProcessed
        .reverse()
        .slice(0, 5)
        .map((order) => gid('Order', order.id)),
    );
  });
});
