import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  branch,
  defineWorkflow,
  field,
  send,
  split,
  variant,
  welcomeWorkflow,
  when,
} from '@cartwire/automation-sdk';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installSandboxEmail } from '../apps/gateway/src/sandbox/sandbox-email';
import { type SandboxInbox, startSandboxInbox } from '../apps/gateway/src/sandbox/sandbox-inbox';
import { type RunningSandbox, startSandbox } from '../apps/gateway/src/sandbox/start-sandbox';
import {
  startWebhookInspector,
  subscribeWebhookInspector,
  type WebhookInspector,
} from '../apps/gateway/src/sandbox/webhook-inspector';
import type { Workers } from '../apps/gateway/src/workers/worker-pool';
import { type EmbeddedGateway, startEmbeddedGateway, until } from './embedded-gateway';
import { type FullGatewayUnderTest, startFullGatewayUnderTest } from './sync/gateway-under-test';
import { createTestClock, silentLogger } from './sync/sync-harness';

// Debian's chromium, which .ci/run installs; the flags keep it off the (closed) network.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A branch, a split and sends: what the workflow graph and its per-node counts are checked on. */
const routedWelcome = defineWorkflow({
  key: 'welcome-routed',
  name: 'Welcome, routed',
  trigger: { event: 'customer.created', reentry: { policy: 'always' } },
  flowFilter: field('customer.email').exists(),
  steps: [
    branch(
      [when('has_email', field('customer.email').exists(), [])],
      [send({ id: 'ask-for-email', channel: 'email', template: 'welcome' })],
      { id: 'route' },
    ),
    split([variant('a', 50, []), variant('b', 50, [])], { id: 'arm' }),
    send({ id: 'tips', channel: 'email', template: 'welcome-tips' }),
  ],
});

const unsubscribed = {
  email: { state: 'unsubscribed' as const, source: null, updatedAt: null },
  sms: { state: 'unknown' as const, source: null, updatedAt: null },
};

// Skipped where Chromium is not installed, unless CARTWIRE_BROWSER_TESTS=1 (.ci/run) demands it.
describe.runIf(existsSync(CHROMIUM) || process.env.CARTWIRE_BROWSER_TESTS === '1')(
  'the web console in headless Chromium',
  () => {
    let database: TestDatabase;
    let gateway: FullGatewayUnderTest;
    let workers: Workers;
    let sandbox: RunningSandbox;
    let dataDir: string;
    let browser: Browser;
    let page: Page;
    let secret: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(path.join(tmpdir(), 'cartwire-console-'));
      const pglite = testDatabases()[0];
      if (!pglite) throw new Error('no test database');
      database = await pglite.create();
      gateway = await startFullGatewayUnderTest({ database, clock: createTestClock(), logger: silentLogger });
      secret = (gateway.authorization.authorization ?? '').replace(/^Bearer /, '');
      workers = gateway.runtime.startWorkers({ concurrency: 2, leaseMs: 30_000, idleDelayMs: 20 });
      sandbox = await startSandbox({
        gatewayUrl: gateway.url,
        tenantId: gateway.tenantId,
        repositories: gateway.repositories,
        sync: gateway.runtime.sync,
        logger: silentLogger,
        dataDir,
        size: 'tiny',
        activityIntervalMs: null,
      });
      await workers.whenIdle();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await mkdir(SCREENSHOTS, { recursive: true });
    }, 180_000);
    afterAll(async () => {
      await browser?.close();
      await sandbox?.stop();
      await workers?.stop();
      await gateway?.close();
      await database?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('refuses a wrong key and says so', async () => {
      await page.goto(`${gateway.url}/console`);
      await page.fill('#api-key', 'cw_test_not-a-real-key');
      await page.click('button[type=submit]');
      await expect.poll(() => page.textContent('#key-error')).toContain('not accepted');
      expect(await page.isHidden('#console')).toBe(true);
    });

    it('shows every sandbox store with its synced counts and sync state', async () => {
      await page.fill('#api-key', secret);
      await page.click('button[type=submit]');
      await page.waitForSelector('#stores tbody tr[data-platform]');
      await expect.poll(() => page.locator('#stores tbody tr').count()).toBe(4);
      for (const shop of sandbox.shops) {
        const cells = page.locator(`#stores tbody tr[data-store-id="${shop.storeId}"] td`);
        // Products, customers, orders as the API counts them after the backfill.
        expect(Number(await cells.nth(5).textContent())).toBe(shop.store.listOrders().length);
      }
      expect(await page.textContent('#tenant')).toContain(gateway.tenantId);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-stores.png'), fullPage: true });
    });

    it('streams new events as the sandbox changes', async () => {
      await page.waitForSelector('#events tbody tr');
      const before = await page.textContent('#events-count');
      for (let i = 0; i < 8; i++) sandbox.tick();
      await sandbox.flushWebhooks();
      await workers.whenIdle();
      await expect.poll(() => page.textContent('#events-count'), { timeout: 15_000 }).not.toBe(before);
      const sources = await page.locator('#events tbody tr td:nth-child(5)').allTextContents();
      expect(sources).toContain('webhook');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'console-events.png'), fullPage: true });
    });

    it('serves the page with a strict content security policy', async () => {
      const response = await fetch(`${gateway.url}/console`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    describe('workflows, messages, the inbox and the webhook inspector of an npm start gateway', () => {
      let inbox: SandboxInbox;
      let inspector: WebhookInspector;
      let embedded: EmbeddedGateway;
      let consolePage: Page;
      let routedId: string;

      beforeAll(async () => {
        // As `npm start` runs it with the sandbox on and no SMTP_URL: email goes to the local inbox.
        inbox = await startSandboxInbox({ logger: silentLogger });
        inspector = await startWebhookInspector({ logger: silentLogger });
        embedded = await startEmbeddedGateway({}, { sandboxInbox: inbox, webhookInspector: inspector });
        await subscribeWebhookInspector({
          inspector,
          endpoints: embedded.gateway.webhookEndpoints,
          signingSecrets: (tenant, endpoint, at) =>
            embedded.gateway.repositories.webhookEndpoints.getSigningSecrets(tenant, endpoint, at),
          tenantId: embedded.tenantId,
        });
        await installSandboxEmail(embedded.gateway.database.db, embedded.tenantId);
        await embedded.activate(welcomeWorkflow({ channel: 'email' }));
        routedId = await embedded.activate(routedWelcome);
        await embedded.signUp('1', { email: 'ada@example.com' });
        await embedded.signUp('2', { email: 'bob@example.com', marketingConsent: unsubscribed });
        await embedded.signUp('3', { email: null });
        // Enough sends for a second page of messages (25 a page). Each customer gets one email: smart sending
        // refuses the routed workflow's, which went second.
        for (let n = 4; n <= 15; n++) await embedded.signUp(String(n), { email: `c${n}@example.com` });
        await until('the emails in the inbox', () => (inbox.list().length >= 13 ? true : undefined));
        consolePage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await consolePage.goto(`${embedded.gateway.url}/console`);
        const devKey = embedded.gateway.devApiKey;
        if (devKey?.status !== 'created') throw new Error('a fresh gateway creates a development key');
        await consolePage.fill('#api-key', devKey.secret);
        await consolePage.click('button[type=submit]');
        await consolePage.waitForSelector('#tabs:not([hidden])');
      }, 180_000);
      afterAll(async () => {
        await consolePage?.close();
        await embedded?.stop();
        await inbox?.close();
        await inspector?.close();
      });

      it('draws a workflow as a graph with the per-node counts of its stats', async () => {
        await consolePage.click('#tabs [data-tab=workflows]');
        await consolePage.click(`#workflows tbody tr[data-workflow-id="${routedId}"]`);
        await consolePage.waitForSelector('#workflow-graph g.node[data-node-id="route"]');
        const stats = (await embedded.call('GET', `/v1/workflows/${routedId}/stats`)).body as {
          nodes: { id: string; reached: number }[];
          edges: { from: string; to: string; key: string | null; count: number | null }[];
        };
        expect(stats.nodes.find((n) => n.id === 'route')?.reached).toBe(15);
        await expect
          .poll(() => consolePage.locator('#workflow-graph g.node').count())
          .toBe(stats.nodes.length);
        for (const node of stats.nodes) {
          const box = consolePage.locator(`#workflow-graph g.node[data-node-id="${node.id}"]`);
          expect(await box.getAttribute('data-reached')).toBe(String(node.reached));
        }
        // 14 customers with an address took has_email; the one without took otherwise and was blocked.
        const hasEmail = stats.edges.find((e) => e.from === 'route' && e.key === 'has_email');
        expect(hasEmail?.count).toBe(14);
        expect(await consolePage.textContent(`#workflow-graph [data-edge="route->${hasEmail?.to}"]`)).toBe(
          'has_email · 14',
        );
        expect(
          await consolePage.textContent('#workflow-graph g.node[data-node-id="ask-for-email"]'),
        ).toContain('blocked 1');
        expect(await consolePage.textContent('#workflow-runs')).toContain('15 runs of v1');
        await consolePage.screenshot({
          path: path.join(SCREENSHOTS, 'console-workflows.png'),
          fullPage: true,
        });
      });

      it('lists sent and refused messages with their reasons, filtered and paged', async () => {
        const all = (await embedded.call('GET', '/v1/messages?limit=250')).body as {
          data: { id: string; status: string; reason: string | null; workflowKey: string | null }[];
        };
        const refused = all.data.filter((m) => m.status === 'refused');
        // Bob's two (no consent), and the routed workflow's second email to everyone else (smart sending).
        expect(refused.length).toBe(15);
        const consentRefusal = refused.find((m) => m.workflowKey === 'welcome');
        expect(consentRefusal?.reason).toMatch(/^(no_consent|unsubscribed)$/);
        expect(refused.filter((m) => m.reason === 'smart_sending')).toHaveLength(13);
        expect(all.data.length).toBe(28);

        await consolePage.click('#tabs [data-tab=messages]');
        await expect.poll(() => consolePage.locator('#messages tbody tr').count()).toBe(25);
        expect(await consolePage.locator('#messages tbody tr[data-status="sent"]').count()).toBeGreaterThan(
          0,
        );
        await consolePage.click('#messages-next');
        await expect.poll(() => consolePage.locator('#messages tbody tr').count()).toBe(all.data.length - 25);
        await consolePage.click('#messages-first');
        await expect.poll(() => consolePage.locator('#messages tbody tr').count()).toBe(25);

        await consolePage.selectOption('#message-status', 'refused');
        await expect.poll(() => consolePage.locator('#messages tbody tr').count()).toBe(refused.length);
        for (const message of refused) {
          const cells = consolePage.locator(`#messages tbody tr[data-message-id="${message.id}"] td`);
          expect(await cells.nth(1).textContent()).toBe('refused');
          expect(await cells.nth(2).textContent()).toBe(message.reason);
        }
        await consolePage.selectOption('#message-workflow', 'welcome');
        await expect.poll(() => consolePage.locator('#messages tbody tr').count()).toBe(1);
        expect(await consolePage.textContent('#messages tbody tr td:nth-child(3)')).toBe(
          consentRefusal?.reason,
        );
        await consolePage.screenshot({
          path: path.join(SCREENSHOTS, 'console-messages.png'),
          fullPage: true,
        });
      });

      it('shows the captured emails, the HTML in a sandboxed frame', async () => {
        await consolePage.click('#tabs [data-tab=inbox]');
        const emails = (await embedded.call('GET', '/v1/sandbox/emails?limit=200')).body as {
          data: { id: string; to: string; subject: string; message: { workflowKey: string } }[];
        };
        await expect.poll(() => consolePage.locator('#emails tbody tr').count()).toBe(emails.data.length);
        const welcome = emails.data.find(
          (e) => e.to === 'ada@example.com' && e.message.workflowKey === 'welcome',
        );
        expect(welcome?.subject).toBe('Welcome to Cartwire Sandbox Shop, Ada');
        await consolePage.click(`#emails tbody tr[data-email-id="${welcome?.id}"]`);
        await expect.poll(() => consolePage.textContent('#email-subject')).toBe(welcome?.subject);
        expect(await consolePage.getAttribute('#email-html', 'sandbox')).toBe('');
        const frame = consolePage.frameLocator('#email-html');
        await expect.poll(() => frame.locator('h1').textContent()).toBe('Hi Ada');
        expect(await consolePage.textContent('#email-headers')).toContain('List-Unsubscribe');
        // The frame is painted in its own process: it must be on screen to appear in the screenshot.
        await consolePage.locator('#email-html').scrollIntoViewIfNeeded();
        await consolePage.screenshot({ path: path.join(SCREENSHOTS, 'console-inbox.png'), fullPage: true });
        await consolePage.click('#email-detail [data-view=text]');
        expect(await consolePage.isVisible('#email-text')).toBe(true);
        expect(await consolePage.textContent('#email-text')).toContain('Thanks for signing up.');
      });

      it('lists the deliveries the webhook inspector received, verified or not, with the selected body', async () => {
        // One forged delivery beside the gateway's signed ones: the list shows both verdicts.
        const forged = JSON.stringify({ id: 'evt_forged', type: 'order.paid', data: {} });
        const seconds = String(Math.floor(Date.now() / 1000));
        const refused = await fetch(inspector.url, {
          method: 'POST',
          headers: {
            'webhook-id': 'evt_forged',
            'webhook-timestamp': seconds,
            'webhook-signature': 'v1,Zm9yZ2Vk',
          },
          body: forged,
        });
        expect(refused.status).toBe(401);
        const received = await until('customer.created deliveries in the inspector', async () => {
          const body = (await embedded.call('GET', '/v1/sandbox/webhooks?limit=200')).body as {
            data: { id: string; type: string; webhookId: string; verified: boolean }[];
          };
          return body.data.filter((entry) => entry.type === 'customer.created').length >= 15
            ? body.data
            : undefined;
        });
        await consolePage.click('#tabs [data-tab=webhooks]');
        // The panel shows the API's first page (50), as it stands at each refresh.
        await expect
          .poll(async () => {
            const page = (await embedded.call('GET', '/v1/sandbox/webhooks?limit=50')).body as {
              data: unknown[];
            };
            return (await consolePage.locator('#received-webhooks tbody tr').count()) === page.data.length;
          })
          .toBe(true);
        expect(await consolePage.locator('#received-webhooks tbody tr[data-verified="false"]').count()).toBe(
          1,
        );
        expect(
          await consolePage.textContent('#received-webhooks tbody tr[data-verified="false"] td:nth-child(3)'),
        ).toContain('not verified');
        const signed = received.find((entry) => entry.type === 'customer.created' && entry.verified);
        await consolePage.click(`#received-webhooks tbody tr[data-delivery-id="${signed?.id}"]`);
        await expect.poll(() => consolePage.textContent('#received-type')).toBe('customer.created');
        const body = JSON.parse((await consolePage.textContent('#received-body')) ?? 'null') as {
          id: string;
        };
        expect(body.id).toBe(signed?.webhookId);
        expect(await consolePage.textContent('#received-headers')).toContain('webhook-signature');
        await consolePage.screenshot({
          path: path.join(SCREENSHOTS, 'console-webhooks.png'),
          fullPage: true,
        });
      });
    });
  },
);
