import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GatewayRepositories } from './repositories';

export const DEV_TENANT_NAME = 'Development';

export type DevApiKey =
  | { readonly status: 'created'; readonly path: string; readonly tenantId: string; readonly secret: string }
  | { readonly status: 'existing'; readonly path: string; readonly tenantId: string };

async function readSecret(file: string): Promise<string | null> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Written to a temp file then renamed, so a crash never leaves a half-written key behind. */
async function writeSecret(file: string, secret: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${secret}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, file);
}

/**
 * First run of the embedded default: a "Development" tenant and a `cw_test_` key, saved to `file`
 * (mode 0600) so later runs point there instead of minting another. A saved key that no longer
 * verifies (database wiped, key revoked) is replaced.
 */
export async function ensureDevApiKey(
  file: string,
  repositories: Pick<GatewayRepositories, 'tenants' | 'apiKeys'>,
): Promise<DevApiKey> {
  const saved = await readSecret(file);
  if (saved !== null && saved !== '') {
    const verified = await repositories.apiKeys.verifyApiKey(saved);
    if (verified !== null) return { status: 'existing', path: file, tenantId: verified.tenant.id };
  }
  const tenant = await repositories.tenants.createTenant({ name: DEV_TENANT_NAME });
  const { secret } = await repositories.apiKeys.createApiKey({
    tenantId: tenant.id,
    mode: 'test',
    name: 'Development key (created by npm start)',
  });
  await writeSecret(file, secret);
  return { status: 'created', path: file, tenantId: tenant.id, secret };
}
