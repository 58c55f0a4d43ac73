import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCredentialCipher } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevApiKey } from './dev-api-key';
import { createGatewayRepositories } from './repositories';
import { manualClock } from './testing/test-gateway';

describe.each(testDatabases())('ensureDevApiKey on $name', ({ create }) => {
  let database: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    database = await create();
    dir = await mkdtemp(path.join(tmpdir(), 'cw-devkey-'));
  });
  afterAll(async () => {
    await database.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a Development tenant and key once, then reuses the saved key', async () => {
    const repositories = createGatewayRepositories(database, {
      clock: manualClock(),
      cipher: createCredentialCipher(randomBytes(32)),
    });
    const file = path.join(dir, 'first', 'dev-api-key');
    const created = await ensureDevApiKey(file, repositories);
    if (created.status !== 'created') throw new Error('expected a new key');
    expect(created.secret).toMatch(/^cw_test_/);
    expect(await readFile(file, 'utf8')).toBe(`${created.secret}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await repositories.tenants.getTenant(created.tenantId))?.name).toBe('Development');

    expect(await ensureDevApiKey(file, repositories)).toEqual({
      status: 'existing',
      path: file,
      tenantId: created.tenantId,
    });
  });

  it('replaces a saved key that no longer works (revoked, or the database was reset)', async () => {
    const repositories = createGatewayRepositories(database, {
      clock: manualClock(),
      cipher: createCredentialCipher(randomBytes(32)),
    });
    const file = path.join(dir, 'revoked-key');
    const first = await ensureDevApiKey(file, repositories);
    const verified = await repositories.apiKeys.verifyApiKey((await readFile(file, 'utf8')).trim());
    await repositories.apiKeys.revokeApiKey(first.tenantId, verified?.apiKey.id ?? '');
    const second = await ensureDevApiKey(file, repositories);
    expect(second.status).toBe('created');
    expect(await repositories.apiKeys.verifyApiKey((await readFile(file, 'utf8')).trim())).not.toBeNull();

    await writeFile(file, 'cw_test_from_another_database_000000000000000000\n');
    expect((await ensureDevApiKey(file, repositories)).status).toBe('created');
  });
});
