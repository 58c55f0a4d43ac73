import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyFileError } from '../errors';
import { loadOrCreateKeyFile } from './key-file';

describe('loadOrCreateKeyFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cartwire-key-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a 32-byte key readable only by its owner, and returns the same key afterwards', async () => {
    const path = join(dir, 'nested', 'credentials.key');
    const created = await loadOrCreateKeyFile(path);
    expect(created).toHaveLength(32);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateKeyFile(path)).equals(created)).toBe(true);
  });

  it('gives concurrent first starts one and the same key', async () => {
    const path = join(dir, 'credentials.key');
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(path)));
    const onDisk = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    for (const key of keys) expect(key.equals(onDisk)).toBe(true);
  });

  it('refuses a file that does not hold a 32-byte key', async () => {
    const path = join(dir, 'credentials.key');
    await writeFile(path, 'not-a-key');
    await expect(loadOrCreateKeyFile(path)).rejects.toThrow(KeyFileError);
  });
});
