import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

/** The embedded database is single-process: a second process opening it would corrupt it. */
export class DataDirLockedError extends Error {
  readonly _tag = 'DataDirLockedError';
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${path.dirname(lockPath)} is in use by process ${pid} ` +
        '(PGlite allows one process at a time). Stop that process first, or point every process at ' +
        'one PostgreSQL server with DATABASE_URL.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** Locks this process holds: the pid in the file cannot tell two holders inside one process apart. */
const heldHere = new Set<string>();

export interface DataDirLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<dir>/<name>.lock` holding this process's pid. A lock left by a process that no longer
 * exists (a crash, kill -9) is taken over.
 */
export async function acquireDataDirLock(dir: string, name = 'pgdata'): Promise<DataDirLock> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const lockPath = path.join(dir, `${name}.lock`);
  if (heldHere.has(lockPath)) throw new DataDirLockedError(lockPath, process.pid);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      heldHere.add(lockPath);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          heldHere.delete(lockPath);
          await unlink(lockPath).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'ENOENT') throw error;
          });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(lockPath, holder);
      }
      // Stale (holder gone, or our own pid left by an earlier run — pid 1 in every container start),
      // or unreadable: remove and try once more.
      await unlink(lockPath).catch(() => undefined);
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}
