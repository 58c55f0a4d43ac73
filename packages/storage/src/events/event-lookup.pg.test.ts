import { randomBytes } from 'node:crypto';
import { ID_PREFIX, newId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { sampleOrder } from '../entities/sample-entities';
import { createStoreRepository } from '../tenancy/store-repository';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createEventLog } from './event-log';
import { createEventLookup } from './event-lookup';

describe.each(testDatabases())('event lookup on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('finds an event by id for its own tenant only', async () => {
    const tenants = createTenantRepository(database.db);
    const stores = createStoreRepository(database.db, { cipher: createCredentialCipher(randomBytes(32)) });
    const tenantId = (await tenants.createTenant({ name: 'Acme' })).id;
    const otherTenantId = (await tenants.createTenant({ name: 'Other' })).id;
    const storeId = (await stores.createStore({ tenantId, platform: 'shopify', name: 'S', credentials: {} }))
      .id;
    const order = sampleOrder(storeId, '1');
    const event = {
      id: newId(ID_PREFIX.event),
      type: 'order.created' as const,
      tenantId,
      storeId,
      occurredAt: order.updatedAt,
      receivedAt: order.updatedAt,
      source: 'webhook' as const,
      entityType: 'order' as const,
      entityId: order.id,
      data: order,
    };
    const [appended] = await createEventLog(database.db).appendEvents([event]);
    const lookup = createEventLookup(database.db);
    expect(await lookup.getEvent(tenantId, event.id)).toMatchObject({ id: event.id, seq: appended?.seq });
    expect(await lookup.getEvent(otherTenantId, event.id)).toBeNull();
    expect(await lookup.getEvent(tenantId, 'evt_unknown')).toBeNull();
  });
});
