import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../apps/gateway/src/config/env';
import { type RunningSandbox, startSandbox } from '../apps/gateway/src/sandbox/start-sandbox';
import { type RunningGateway, startGateway } from '../apps/gateway/src/server';
import { silentLogger } from './sync/sync-harness';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The shell blocks between the tour markers of README.md, in order. */
function tourBlocks(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- tour:start -->');
  const end = readme.indexOf('<!-- tour:end -->');
  if (start === -1 || end < start) throw new Error('README.md has no tour markers');
  return [...readme.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function runShell(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('the README tour', () => {
  let dataDir: string;
  let gateway: RunningGateway;
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartwire-tour-'));
    const config = loadConfig({
      PORT: '0',
      CARTWIRE_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'development',
      API_RATE_LIMIT_PER_SECOND: '0',
      // As the tour asks: the listener of step 3 is on loopback.
      CARTWIRE_ALLOW_PRIVATE_WEBHOOK_URLS: '1',
    });
    gateway = await startGateway(config, { logger: silentLogger });
    if (gateway.devApiKey === null) throw new Error('the embedded gateway made no development key');
    sandbox = await startSandbox({
      gatewayUrl: gateway.url,
      tenantId: gateway.devApiKey.tenantId,
      repositories: gateway.repositories,
      sync: gateway.sync,
      logger: silentLogger,
      dataDir: path.join(dataDir, 'sandbox'),
      size: 'tiny',
      activityIntervalMs: null,
    });
    // The tour reads synced orders: wait for every store's first order sync.
    const deadline = Date.now() + 120_000;
    for (const shop of sandbox.shops) {
      for (;;) {
        const status = await gateway.sync.getSyncStatus(gateway.devApiKey.tenantId, shop.storeId);
        const orders = status.find((stream) => stream.stream === 'orders');
        if (orders?.lastSuccessAt) break;
        if (Date.now() > deadline) throw new Error(`${shop.platform} orders never synced`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }, 180_000);
  afterAll(async () => {
    await sandbox?.stop();
    await gateway?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('runs every command as written, against a fresh gateway with sandbox stores', async () => {
    const blocks = tourBlocks();
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const listenerPort = await freePort();
    // One shell for the whole tour, as a reader's terminal: later steps use earlier variables.
    const script = blocks
      .join('\necho\n')
      .replaceAll('http://127.0.0.1:8787', gateway.url)
      .replaceAll('4000', String(listenerPort));
    const { code, output } = await runShell(script, { CARTWIRE_DATA_DIR: dataDir });
    expect(code, output).toBe(0);
    expect(output).toContain('"object":"list"');
    expect(output).toMatch(/"object":"count","count":[1-9]/);
    expect(output).toMatch(/"data":\{"orders":\{"nodes":\[\{"name":/);
    expect(output).toMatch(/verified webhook\.test \S+/);
    expect(output).toMatch(/activated welcome-tour v1 \(wf_[0-9a-z]+\)/);
    expect(output).toContain('"key":"welcome-tour"');
  }, 120_000);
});
