import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from './data-dir-lock';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('acquireDataDirLock', () => {
  it('writes the pid and frees the lock on release', async () => {
    const lock = await acquireDataDirLock(dir);
    expect(await readFile(path.join(dir, 'pgdata.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
    await (await acquireDataDirLock(dir)).release();
  });

  it('refuses while another live process holds it, naming that process', async () => {
    // pid 1 always exists.
    await writeFile(path.join(dir, 'pgdata.lock'), '1\n');
    const attempt = acquireDataDirLock(dir);
    await expect(attempt).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(attempt).rejects.toThrow(/in use by process 1/);
  });

  it('refuses a second holder inside the same process', async () => {
    const lock = await acquireDataDirLock(dir);
    await expect(acquireDataDirLock(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await lock.release();
  });

  it('takes over a lock left by a process that died', async () => {
    await writeFile(path.join(dir, 'pgdata.lock'), '2147483646\n');
    const lock = await acquireDataDirLock(dir);
    expect(await readFile(path.join(dir, 'pgdata.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });
});
