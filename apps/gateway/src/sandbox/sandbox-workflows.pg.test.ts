import { createWorkflowStore } from '@cartwire/automation-sdk';
import { createTenantRepository } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleWorkflows, installExampleWorkflows } from './sandbox-workflows';

describe.each(testDatabases())('sandbox example workflows on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('installs every example active once, and leaves them as the user left them on restart', async () => {
    const tenant = await createTenantRepository(database.db).createTenant({ name: 'Dev' });
    const keys = exampleWorkflows().map((definition) => definition.key);
    expect(keys).toEqual(expect.arrayContaining(['welcome', 'abandoned-cart', 'post-purchase', 'win-back']));

    expect(await installExampleWorkflows(database.db, tenant.id)).toEqual(keys);
    const store = createWorkflowStore(database.db);
    const installed = await store.list(tenant.id);
    expect(
      installed.map((workflow) => [workflow.key, workflow.status, workflow.activeVersion]).sort(),
    ).toEqual(keys.map((key) => [key, 'active', 1]).sort());

    const welcome = installed.find((workflow) => workflow.key === 'welcome');
    if (!welcome) throw new Error('welcome missing');
    await store.pause(tenant.id, welcome.id);
    expect(await installExampleWorkflows(database.db, tenant.id)).toEqual([]);
    expect((await store.get(tenant.id, welcome.id))?.status).toBe('paused');
    expect(await store.list(tenant.id)).toHaveLength(keys.length);
  });
});
