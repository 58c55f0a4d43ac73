// Test support (not a test): the behaviour every read-only resource shares, run against synced emulator data.
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncedWooTenant } from './synced-woo-tenant';
import { startWooSandbox, type WooSandbox } from './woo-sandbox';

interface Listed {
  object: string;
  data: { id: string; storeId: string; externalId: string }[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface ResourceContract {
  /** Path segment, e.g. `products`. */
  readonly path: string;
  readonly stream: Parameters<typeof syncedWooTenant>[2][number];
  /** A filter that matches a known subset: query string and the expected count. */
  readonly filter?: (woo: WooSandbox) => { query: string; count: number };
}

export function describeResourceRoutes(contract: ResourceContract): void {
  describe.each(testDatabases())(`/v1/${contract.path} on $name`, ({ create }) => {
    let database: TestDatabase;
    let woo: WooSandbox;
    let tenant: Awaited<ReturnType<typeof syncedWooTenant>>;
    beforeAll(async () => {
      database = await create();
      woo = await startWooSandbox(5);
      tenant = await syncedWooTenant(database, woo, [contract.stream]);
    }, 120_000);
    afterAll(async () => {
      await woo?.close();
      await database?.close();
    });

    const get = async (path: string) => {
      const response = await tenant.app.request(path, { headers: tenant.authorization });
      expect([path, response.status]).toEqual([path, 200]);
      return response.json();
    };

    it('lists every synced record across pages, counts them, and gets each by id', async () => {
      const synced = [...(tenant.stored.get(contract.stream) ?? [])];
      const expected = synced.length;
      expect(expected).toBeGreaterThan(0);
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (await get(
          `/v1/stores/${tenant.store.id}/${contract.path}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        )) as Listed;
        ids.push(...page.data.map((record) => record.id));
        cursor = page.next_cursor;
      } while (cursor !== null);
      expect(ids).toHaveLength(expected);
      expect(new Set(ids)).toEqual(new Set(synced));
      expect(await get(`/v1/${contract.path}/count`)).toEqual({ object: 'count', count: expected });
      const one = (await get(`/v1/${contract.path}/${ids[0]}?include=raw`)) as { id: string };
      expect(one.id).toBe(ids[0]);
      expect(one).toHaveProperty('raw');
      expect(await get(`/v1/${contract.path}/${ids[0]}`)).not.toHaveProperty('raw');
    });

    if (contract.filter) {
      const filter = contract.filter;
      it('filters', async () => {
        const { query, count } = filter(woo);
        expect(await get(`/v1/${contract.path}/count?${query}`)).toEqual({ object: 'count', count });
        const page = (await get(`/v1/${contract.path}?${query}&limit=250`)) as Listed;
        expect(page.data).toHaveLength(count);
      });
    }

    it('answers 401 without a key and 404 to another tenant', async () => {
      const page = (await get(`/v1/${contract.path}?limit=1`)) as Listed;
      const other = await tenant.repositories.tenants.createTenant({ name: 'Other' });
      const { secret } = await tenant.repositories.apiKeys.createApiKey({ tenantId: other.id, mode: 'test' });
      const headers = { authorization: `Bearer ${secret}` };
      const record = await tenant.app.request(`/v1/${contract.path}/${page.data[0]?.id}`, { headers });
      expect(record.status).toBe(404);
      const store = await tenant.app.request(`/v1/stores/${tenant.store.id}/${contract.path}`, { headers });
      expect(store.status).toBe(404);
      const theirs = (await (await tenant.app.request(`/v1/${contract.path}`, { headers })).json()) as Listed;
      expect(theirs.data).toEqual([]);
      expect((await tenant.app.request(`/v1/${contract.path}`)).status).toBe(401);
    });
  });
}
