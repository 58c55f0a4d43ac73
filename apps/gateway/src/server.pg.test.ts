import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config/env';
import { DataDirLockedError } from './data-dir-lock';
import { type RunningGateway, type StartGatewayOptions, startGateway } from './server';
import { capturedLogger } from './testing/test-gateway';

let dataDir: string;
const running: RunningGateway[] = [];

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'cw-gateway-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.stop()));
  await rm(dataDir, { recursive: true, force: true });
});

async function start(extra: Record<string, string> = {}, options: StartGatewayOptions = {}) {
  const config = loadConfig({ PORT: '0', CARTWIRE_DATA_DIR: dataDir, SHUTDOWN_TIMEOUT_MS: '5000', ...extra });
  const gateway = await startGateway(config, { logger: capturedLogger().logger, ...options });
  running.push(gateway);
  return gateway;
}

function whoami(gateway: RunningGateway, secret: string) {
  return fetch(`${gateway.url}/v1/tenant`, { headers: { authorization: `Bearer ${secret}` } });
}

// Each start opens a PGlite database on disk, so the lifecycle is exercised in few, longer tests.
describe('startGateway (embedded database)', () => {
  it('boots, serves over real HTTP, keeps its dev key across restarts and drains on stop', async () => {
    const first = await start();
    expect(first.database.driver).toBe('pglite');
    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });

    // First run: a development tenant and key, saved privately.
    const keyFile = path.join(dataDir, 'dev-api-key');
    const secret = (await readFile(keyFile, 'utf8')).trim();
    expect(secret).toMatch(/^cw_test_/);
    expect(first.devApiKey).toMatchObject({ status: 'created', secret, path: keyFile });
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dataDir, 'encryption.key'))).mode & 0o777).toBe(0o600);
    const tenant = (await (await whoami(first, secret)).json()) as { tenant: { name: string } };
    expect(tenant.tenant.name).toBe('Development');

    // The embedded database admits one process; a second gateway is refused with a clear error.
    await expect(start()).rejects.toBeInstanceOf(DataDirLockedError);
    await first.stop();

    // Next run: the same key, not a new one.
    let entered!: () => void;
    const slowEntered = new Promise<void>((resolve) => (entered = resolve));
    const second = await start(
      {},
      {
        extendApp: (app) =>
          app.get('/test/slow', async (c) => {
            entered();
            await new Promise((resolve) => setTimeout(resolve, 300));
            return c.json({ finished: true });
          }),
      },
    );
    expect(second.devApiKey).toEqual({
      status: 'existing',
      path: keyFile,
      tenantId: first.devApiKey?.tenantId,
    });
    expect((await readFile(keyFile, 'utf8')).trim()).toBe(secret);
    expect((await whoami(second, secret)).status).toBe(200);

    // Stop while a request is in flight: it completes, then the server and database are closed.
    const slow = fetch(`${second.url}/test/slow`);
    await slowEntered;
    const stopped = second.stop();
    const response = await slow;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ finished: true });
    await stopped;
    await expect(fetch(`${second.url}/healthz`)).rejects.toThrow();
    await expect(second.database.ping()).rejects.toThrow();
  }, 120_000);

  it('creates no development key in production', async () => {
    const gateway = await start({ NODE_ENV: 'production' });
    expect(gateway.devApiKey).toBeNull();
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
