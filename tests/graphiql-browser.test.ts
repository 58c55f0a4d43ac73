import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../apps/gateway/src/config/env';
import { type RunningGateway, startGateway } from '../apps/gateway/src/server';
import { silentLogger } from './sync/sync-harness';

// Debian's chromium, which .ci/run installs; the flags keep it off the (closed) network.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');

async function startEmbeddedGateway(dataDir: string, nodeEnv: 'development' | 'production') {
  const config = loadConfig({
    PORT: '0',
    CARTWIRE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    NODE_ENV: nodeEnv,
    API_RATE_LIMIT_PER_SECOND: '0',
  });
  return startGateway(config, { logger: silentLogger, workers: false });
}

// Skipped where Chromium is not installed, unless CARTWIRE_BROWSER_TESTS=1 (.ci/run) demands it.
describe.runIf(existsSync(CHROMIUM) || process.env.CARTWIRE_BROWSER_TESTS === '1')(
  'GraphiQL in headless Chromium',
  () => {
    let dataDir: string;
    let gateway: RunningGateway;
    let browser: Browser;
    let page: Page;
    let secret: string;
    const problems: string[] = [];

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'cartwire-graphiql-'));
      gateway = await startEmbeddedGateway(dataDir, 'development');
      if (gateway.devApiKey?.status !== 'created') throw new Error('the gateway made no development key');
      secret = gateway.devApiKey.secret;
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      // A blocked script, worker or request under the page's CSP, or anything fetched off this origin.
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(gateway.url) && !url.startsWith('blob:') && !url.startsWith('data:')) {
          problems.push(`request off this origin: ${url}`);
        }
      });
      await mkdir(SCREENSHOTS, { recursive: true });
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await gateway?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('runs a query with the key typed into its headers, with nothing blocked or fetched elsewhere', async () => {
      await page.goto(`${gateway.url}/graphql`);
      await page.waitForSelector('.graphiql-container .monaco-editor', { timeout: 60_000 });
      // The headers tab holds a placeholder for the key, never the key itself.
      await page
        .getByRole('button', { name: /headers/i })
        .first()
        .click();
      const headersEditor = page.locator('.graphiql-editor-tool .monaco-editor').last();
      await expect.poll(() => headersEditor.textContent()).toContain('dev-api-key');
      await headersEditor.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${secret}` }));
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.graphiql-response');
      await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('"orders"');
      expect(await result.textContent()).toContain('"pageInfo"');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql.png') });
      expect(problems).toEqual([]);
    }, 120_000);

    it('is not served in production', async () => {
      const productionDir = await mkdtemp(path.join(tmpdir(), 'cartwire-graphiql-prod-'));
      const production = await startEmbeddedGateway(productionDir, 'production');
      try {
        const response = await fetch(`${production.url}/graphql`, { headers: { accept: 'text/html' } });
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      } finally {
        await production.stop();
        await rm(productionDir, { recursive: true, force: true });
      }
    }, 60_000);
  },
);
