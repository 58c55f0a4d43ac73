import { ID_PREFIX, newId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createEventLog } from './event-log';
import { findLinkedCustomer } from './shopper-identity';

describe.each(testDatabases())('findLinkedCustomer on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('resolves an anonymous id to the customer it was last seen with, per tenant and store', async () => {
    const tenantId = (await createTenantRepository(database.db).createTenant({ name: 'Acme' })).id;
    const storeId = newId(ID_PREFIX.store);
    const customerId = newId(ID_PREFIX.customer);
    const viewed = (shopper: Record<string, string>) => ({
      id: newId(ID_PREFIX.event),
      type: 'search.performed',
      tenantId,
      storeId,
      occurredAt: '2026-02-01T00:00:00Z',
      receivedAt: '2026-02-01T00:00:00Z',
      source: 'track',
      entityType: 'behavior',
      entityId: null,
      data: { shopper, query: 'tea' },
    });
    const log = createEventLog(database.db);
    await log.appendEvents([viewed({ anonymousId: 'anon-1' })]);
    const lookup = { tenantId, storeId, anonymousId: 'anon-1' };
    expect(await findLinkedCustomer(database.db, lookup)).toBeNull();
    await log.appendEvents([viewed({ anonymousId: 'anon-1', customerId })]);
    expect(await findLinkedCustomer(database.db, lookup)).toBe(customerId);
    expect(await findLinkedCustomer(database.db, { ...lookup, storeId: newId(ID_PREFIX.store) })).toBeNull();
  });
});
