import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../data-dir-lock';
import { EXIT } from './cli-errors';
import { runCli } from './run-cli';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cw-cli-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(argv, {
    env: { CARTWIRE_DATA_DIR: dataDir },
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

describe('npm run cartwire', () => {
  it('creates a tenant and keys, lists them without secrets, and revokes one', async () => {
    const tenant = await cli('tenants:create', '--name', 'Acme Retail', '--json');
    expect(tenant).toMatchObject({ code: EXIT.ok, stderr: '' });
    const { id: tenantId, name } = JSON.parse(tenant.stdout);
    expect(tenantId).toMatch(/^ten_/);
    expect(name).toBe('Acme Retail');

    const created = await cli('keys:create', '--tenant', tenantId, '--mode', 'live', '--name', 'CI');
    expect(created.code).toBe(EXIT.ok);
    const secret = /cw_live_\w+/.exec(created.stdout)?.[0];
    expect(secret).toBeDefined();
    expect(created.stdout).toContain('shown only now');
    const keyId = /key_\w+/.exec(created.stdout)?.[0];

    const testKey = JSON.parse((await cli('keys:create', '--tenant', tenantId, '--json')).stdout);
    expect(testKey).toMatchObject({ mode: 'test', tenantId, status: 'active' });
    expect(testKey.secret).toMatch(/^cw_test_/);

    expect(await cli('keys:revoke', String(keyId), '--tenant', tenantId)).toMatchObject({
      code: EXIT.ok,
      stdout: `Revoked ${keyId}.`,
    });
    const listed = await cli('keys:list', '--tenant', tenantId);
    expect(listed.code).toBe(EXIT.ok);
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+MODE\s+KEY\s+NAME\s+CREATED\s+LAST USED\s+STATUS$/);
    expect(lines.find((line) => line.startsWith(String(keyId)))).toMatch(/live .* CI .* revoked \d{4}-/);
    expect(lines.find((line) => line.startsWith(testKey.id))).toMatch(/test .* active$/);
    expect(listed.stdout).not.toContain(secret);
    expect(listed.stdout).toContain(`${secret?.slice(0, 12)}…${secret?.slice(-4)}`);

    const twice = await cli('keys:revoke', String(keyId), '--tenant', tenantId);
    expect(twice).toMatchObject({
      code: EXIT.failure,
      stderr: `Tenant ${tenantId} has no active key ${keyId}.`,
    });
  }, 90_000);

  it('explains usage errors with exit code 2', async () => {
    const unknown = await cli('tenants:delete');
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain('Unknown command "tenants:delete"');
    expect(unknown.stderr).toContain('keys:create --tenant');

    // All of these are refused before any database is opened.
    expect(await cli('tenants:create')).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining('--name is required'),
    });
    expect(await cli('keys:create', '--tenant', 'ten_x', '--mode', 'prod')).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining('--mode must be test or live'),
    });
    expect(await cli('keys:list', '--tenant', 'ten_x', '--colour')).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining("Unknown option '--colour'"),
    });
  });

  it('fails with exit code 1 for a tenant that does not exist', async () => {
    expect(await cli('keys:create', '--tenant', 'ten_missing')).toMatchObject({
      code: EXIT.failure,
      stderr: 'No tenant ten_missing.',
    });
  });

  it('refuses to open the embedded database while a gateway holds it', async () => {
    const lock = await acquireDataDirLock(dataDir);
    try {
      const result = await cli('tenants:create', '--name', 'Acme');
      expect(result.code).toBe(EXIT.failure);
      expect(result.stderr).toContain('is in use by process');
      expect(result.stderr).toContain('DATABASE_URL');
    } finally {
      await lock.release();
    }
  });

  it('prints help', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(EXIT.ok);
    for (const command of ['tenants:create', 'keys:create', 'keys:list', 'keys:revoke']) {
      expect(help.stdout).toContain(command);
    }
  });

  it('imports and exports the global suppression list from a CSV file, all or nothing', async () => {
    const good = path.join(dataDir, 'global.csv');
    const bad = path.join(dataDir, 'bad.csv');
    await writeFile(
      good,
      'kind,value,reason\nemail,Complaint@Example.com,spam complaint\nphone,+1 415 555 0100,\n',
    );
    await writeFile(bad, 'kind,value,reason\nemail,ok@example.com,\nfax,123,\n');
    expect(await cli('suppressions:import', '--file', good, '--global')).toMatchObject({
      code: EXIT.ok,
      stdout: 'Added 2 entries to the global list.',
    });
    const refused = await cli('suppressions:import', '--file', bad, '--global');
    expect(refused.code).not.toBe(EXIT.ok);
    expect(refused.stderr).toContain(`Nothing imported from ${bad}`);
    const exported = await cli('suppressions:export', '--global');
    expect(exported.stdout.split('\n')).toEqual([
      'kind,value,reason',
      'email,complaint@example.com,spam complaint',
      'phone,+14155550100,',
    ]);
    expect((await cli('suppressions:export')).code).toBe(EXIT.usage);
    expect((await cli('suppressions:export', '--global', '--tenant', 'ten_x')).code).toBe(EXIT.usage);
    expect((await cli('suppressions:export', '--tenant', 'ten_missing')).code).not.toBe(EXIT.ok);
  });

  it('reports configuration errors with exit code 78 before touching a database', async () => {
    const stderr: string[] = [];
    const code = await runCli(['tenants:create', '--name', 'x'], {
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' },
      stdout: () => {},
      stderr: (text) => stderr.push(text),
    });
    expect(code).toBe(EXIT.config);
    expect(stderr.join('\n')).toContain('CARTWIRE_ENCRYPTION_KEY: is required when DATABASE_URL is set');
  });

  it('runs as a process with real exit codes (npm run cartwire -- …)', async () => {
    const gatewayDir = path.resolve(import.meta.dirname, '../..');
    const tsx = path.resolve(gatewayDir, '../../node_modules/.bin/tsx');
    const run = (...args: string[]) =>
      promisify(execFile)(tsx, ['src/cli.ts', ...args], {
        cwd: gatewayDir,
        env: { PATH: process.env.PATH, CARTWIRE_DATA_DIR: dataDir },
      });
    // No database here: a cold tsx start plus an on-disk PGlite is too slow for a unit suite, and the
    // commands' database work is covered in-process above.
    const { stdout } = await run('--help');
    expect(stdout).toContain('Usage: npm run cartwire -- <command>');
    await expect(run('keys:list')).rejects.toMatchObject({ code: EXIT.usage });
  }, 60_000);
});
