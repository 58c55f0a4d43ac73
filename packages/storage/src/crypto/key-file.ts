import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KeyFileError } from '../errors';

const KEY_BYTES = 32;

/**
 * Reads the 32-byte credentials key kept at `path` (base64 text), creating it with mode 0600 the
 * first time. This is the embedded default's key; deployments pass their own key from configuration.
 * Two processes starting together agree on one key: the key is written to a private temporary file
 * and hard-linked into place, which fails if the file exists, so nobody ever reads a half-written key.
 */
export async function loadOrCreateKeyFile(path: string): Promise<Buffer> {
  const existing = await readKey(path);
  if (existing) return existing;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    // The umask can strip bits from `mode` but never add any; chmod makes 0600 exact regardless.
    await chmod(temporary, 0o600);
    await link(temporary, path);
    return key;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) {
      const raced = await readKey(path);
      if (raced) return raced;
    }
    throw new KeyFileError(`Could not create the key file at ${path}`, { cause: error });
  } finally {
    // The temporary file is gone already when writing it failed; nothing else can go wrong here.
    await unlink(temporary).catch(() => undefined);
  }
}

async function readKey(path: string): Promise<Buffer | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw new KeyFileError(`Could not read the key file at ${path}`, { cause: error });
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new KeyFileError(`The key file at ${path} does not hold a base64 ${KEY_BYTES}-byte key`);
  }
  return key;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
