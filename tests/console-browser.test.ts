import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  branch,
  defineWorkflow,
  field,
  runArmOf,
  send,
  split,
  variant,
  welcomeWorkflow,
  when,
} from '@cartwire/automation-sdk';
import { type Customer, entityId, type Order } from '@cartwire/model';
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
import {
  type SmtpTestServer,
  startSmtpTestServer,
} from '../packages/automation-sdk/src/channels/email/smtp-test-server';
import { order as orderFixture } from '../packages/automation-sdk/src/test-fixtures';
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

/** Half held out, the rest split between two subject lines: what the experiment chart compares. */
const subjectTest = defineWorkflow({
  key: 'welcome-subjects',
  name: 'Welcome subject test',
  trigger: { event: 'customer.created', reentry: { policy: 'once' } },
  holdout: { share: 0.5 },
  steps: [
    split(
      [
        variant('a', 1, [send({ id: 'hello-a', channel: 'email', template: 'hello-a' })]),
        variant('b', 1, [send({ id: 'hello-b', channel: 'email', template: 'hello-b' })]),
      ],
      { id: 'subject' },
    ),
  ],
});

/** Never triggered in the test: the empty states. Its name is markup, which must show as text. */
const idle = defineWorkflow({
  key: 'idle',
  name: '<img src=x> Idle',
  trigger: { event: 'cart.abandoned' },
  steps: [send({ id: 'nudge', channel: 'email', template: 'hello-a' })],
});

interface Money {
  amount: string;
  currency: string;
}

interface Interval {
  low: number;
  high: number;
}

interface Experiment {
  experiments: {
    key: string;
    arms: {
      key: string;
      recipients: number;
      conversions: number;
      conversionRate: number;
      conversionRateInterval: Interval;
    }[];
    comparisons: { key: string; verdict: string; note: string | null; lift: number | null }[];
  }[];
}

interface ReportRow {
  key: string;
  entries: number;
  holdoutEntries: number;
  sends: number;
  heldOut: number;
  suppressions: Record<string, number>;
  conversions: number;
  revenue: Money[];
  incrementalRevenue: Money[] | null;
  attributedOrders: number;
  attributedRevenue: Money[];
}

interface Report {
  totals: ReportRow;
  groups: ReportRow[];
}

interface Attributions {
  data: {
    orderId: string;
    interaction: string;
    total: Money;
    message: { channel: string; nodeId: string | null };
  }[];
  next_cursor: string | null;
}

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

    describe('a workflow’s experiment, report and attributed orders', () => {
      let smtp: SmtpTestServer;
      let embedded: EmbeddedGateway;
      let reportsPage: Page;
      let workflowId: string;
      let idleId: string;
      const treated: Customer[] = [];
      const holdout: Customer[] = [];
      let refused: Customer;

      const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
      const moneyList = (values: Money[]) =>
        values.length === 0 ? '—' : values.map((m) => `${m.amount} ${m.currency}`).join(', ');

      async function placeOrders(who: Customer, orders: { externalId: string; total: string }[]) {
        const at = new Date().toISOString();
        await embedded.gateway.repositories.entities.upsertEntities(
          'order',
          orders.map(({ externalId, total }) => {
            const order: Order = {
              ...orderFixture(externalId, []),
              id: entityId('order', embedded.storeId, externalId),
              storeId: embedded.storeId,
              customerId: who.id,
              email: who.email,
              total: { amount: total, currency: 'EUR' },
              createdAt: at,
              updatedAt: at,
              processedAt: at,
            };
            return { tenantId: embedded.tenantId, entity: order, raw: {} };
          }),
        );
      }

      beforeAll(async () => {
        smtp = await startSmtpTestServer();
        embedded = await startEmbeddedGateway({ SMTP_URL: smtp.url });
        const { call } = embedded;
        const settings = await call('PUT', '/v1/messaging-settings/email', {
          from: 'Acme Shop <news@acme.example>',
          unsubscribeMailto: 'unsubscribe@acme.example',
          unsubscribeUrl: 'https://mail.acme.example/unsubscribe/{token}',
          shopName: 'Acme',
        });
        expect(settings.status).toBe(200);
        for (const key of ['hello-a', 'hello-b']) {
          const template = await call('POST', '/v1/templates', {
            key,
            name: key,
            context: 'customer',
            subject: `Welcome (${key})`,
            html: '<p>Hi {{ customer.first_name }}</p>',
          });
          expect(template.status, JSON.stringify(template.body)).toBe(201);
        }
        workflowId = await embedded.activate(subjectTest);
        idleId = await embedded.activate(idle);
        // Arms are deterministic per (workflow key, customer id): sign up until both arms have customers.
        for (let i = 0; treated.length < 4 || holdout.length < 3; i++) {
          const id = entityId('customer', embedded.storeId, `r${i}`);
          const arm = runArmOf(subjectTest, id) === 'holdout' ? holdout : treated;
          if (arm.length < (arm === holdout ? 3 : 4))
            arm.push(await embedded.signUp(`r${i}`, { email: `r${i}@example.com` }));
        }
        // The gate refuses a customer without email consent, whichever arm: a suppression by reason.
        refused = await embedded.signUp('nope', {
          email: 'nope@example.com',
          marketingConsent: unsubscribed,
        });
        // Opened, then ordered: last touch credits the message. One customer orders often enough for a second
        // page of attributed orders (25 a page); a holdout customer orders with no message to credit.
        const sent = (await call('GET', '/v1/messages?status=sent&workflow_key=welcome-subjects&limit=100'))
          .body as { data: { id: string; customerKey: string }[] };
        for (const who of treated.slice(0, 2)) {
          const message = sent.data.find((m) => m.customerKey === who.id);
          const opened = await call('POST', `/v1/messages/${message?.id}/interactions`, { type: 'opened' });
          expect(opened.status).toBe(201);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
        await placeOrders(
          treated[0] as Customer,
          Array.from({ length: 26 }, (_, n) => ({ externalId: `t0-${n}`, total: '10.05' })),
        );
        await placeOrders(treated[1] as Customer, [{ externalId: 't1', total: '40.10' }]);
        await placeOrders(holdout[0] as Customer, [{ externalId: 'h0', total: '20.00' }]);

        reportsPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await reportsPage.goto(`${embedded.gateway.url}/console`);
        const devKey = embedded.gateway.devApiKey;
        if (devKey?.status !== 'created') throw new Error('a fresh gateway creates a development key');
        await reportsPage.fill('#api-key', devKey.secret);
        await reportsPage.click('button[type=submit]');
        await reportsPage.waitForSelector('#tabs:not([hidden])');
      }, 180_000);
      afterAll(async () => {
        await reportsPage?.close();
        await embedded?.stop();
        await smtp?.close();
      });

      it('charts each arm’s conversion rate with its interval, the lift, verdict and note as the API gives them', async () => {
        const result = (await embedded.call('GET', `/v1/workflows/${workflowId}/experiment`))
          .body as Experiment;
        expect(result.experiments.map((e) => e.key).sort()).toEqual(['holdout', 'split:subject']);
        await reportsPage.click('#tabs [data-tab=reports]');
        await reportsPage.selectOption('#report-workflow', workflowId);
        await reportsPage.waitForSelector('[data-experiment="holdout"] g.bar-row');
        for (const experiment of result.experiments) {
          const block = `#experiment-charts [data-experiment="${experiment.key}"]`;
          expect(await reportsPage.locator(`${block} g.bar-row`).count()).toBe(experiment.arms.length);
          for (const arm of experiment.arms) {
            const bar = reportsPage.locator(`${block} g.bar-row[data-arm="${arm.key}"]`);
            expect(await bar.getAttribute('data-recipients')).toBe(String(arm.recipients));
            expect(await bar.getAttribute('data-conversions')).toBe(String(arm.conversions));
            // One whisker line and two caps: the 95 % interval.
            expect(await bar.locator('line.whisker').count()).toBe(3);
            expect(await bar.locator('text.bar-text').textContent()).toContain(
              `${percent(arm.conversionRate)} (95 % CI ${percent(arm.conversionRateInterval.low)} – ` +
                `${percent(arm.conversionRateInterval.high)}) · ${arm.conversions} of ${arm.recipients}`,
            );
          }
          for (const comparison of experiment.comparisons) {
            const cells = reportsPage.locator(
              `${block} table.comparisons tr[data-arm="${comparison.key}"] td`,
            );
            expect(await cells.nth(5).textContent()).toBe(comparison.verdict);
            expect(await cells.nth(6).textContent()).toBe(comparison.note ?? '');
            if (comparison.lift !== null)
              expect(await cells.nth(2).textContent()).toContain(
                `${comparison.lift > 0 ? '+' : ''}${percent(comparison.lift)}`,
              );
          }
        }
        const main = result.experiments.find((e) => e.key === 'holdout');
        const refusedHeldOut = runArmOf(subjectTest, refused.id) === 'holdout' ? 1 : 0;
        expect(main?.arms.map((a) => [a.key, a.recipients, a.conversions])).toEqual([
          ['holdout', holdout.length + refusedHeldOut, 1],
          ['treatment', treated.length + 1 - refusedHeldOut, 2],
        ]);
        expect(main?.comparisons[0]?.verdict).toBe('too_small');
        expect(main?.comparisons[0]?.note).toMatch(/Too small to conclude/);
        expect(await reportsPage.textContent('#experiment-summary')).toContain('holdout share 50.0 %');
      });

      it('tables and charts the report by the chosen grouping with the API’s numbers and money strings', async () => {
        for (const groupBy of ['arm', 'variant'] as const) {
          const report = (
            await embedded.call('GET', `/v1/workflows/${workflowId}/report?group_by=${groupBy}`)
          ).body as Report;
          expect(report.groups.length).toBeGreaterThan(1);
          await reportsPage.selectOption('#report-group-by', groupBy);
          await expect
            .poll(() =>
              reportsPage
                .locator('#report-table tbody tr')
                .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key'))),
            )
            .toEqual(report.groups.map((g) => g.key));
          for (const [selector, entry] of [
            ...report.groups.map((g) => [`#report-table tbody tr[data-key="${g.key}"] td`, g] as const),
            ['#report-table tfoot tr td', report.totals] as const,
          ]) {
            const cells = await reportsPage.locator(selector).allTextContents();
            expect(cells.slice(1, 5)).toEqual(
              [entry.entries, entry.holdoutEntries, entry.sends, entry.heldOut].map(String),
            );
            const suppressed = Object.entries(entry.suppressions).map(([reason, n]) => `${reason} ${n}`);
            expect(cells[5]).toBe(suppressed.length === 0 ? '—' : suppressed.join(', '));
            expect(cells[7]?.startsWith(String(entry.conversions))).toBe(true);
            expect(cells[8]).toBe(moneyList(entry.revenue));
            expect(cells[10]).toBe(
              entry.incrementalRevenue === null ? 'no holdout' : moneyList(entry.incrementalRevenue),
            );
            expect(cells[11]).toBe(`${entry.attributedOrders} · ${moneyList(entry.attributedRevenue)}`);
          }
          for (const group of report.groups) {
            for (const measure of ['entries', 'sends', 'conversions'] as const) {
              const bar = reportsPage.locator(
                `#report-chart g.bar-row[data-key="${group.key}"][data-measure="${measure}"]`,
              );
              expect(await bar.getAttribute('data-value')).toBe(String(group[measure]));
            }
            const revenue = group.revenue.find((m) => m.currency === 'EUR');
            expect(
              await reportsPage
                .locator(`#revenue-chart g.bar-row[data-key="${group.key}"]`)
                .getAttribute('data-amount'),
            ).toBe(revenue?.amount ?? '0');
          }
          if (groupBy === 'arm') {
            // 26 × 10.05 + 40.10 treated, 20.00 held out: exact decimals, as the API sums them.
            expect(report.totals.revenue).toEqual([{ amount: '321.40', currency: 'EUR' }]);
            expect(report.totals.suppressions).toEqual({ no_consent: 1 });
            expect(await reportsPage.textContent('#report-legend')).toContain('suppressed: no_consent');
            await reportsPage.screenshot({
              path: path.join(SCREENSHOTS, 'console-reports.png'),
              fullPage: true,
            });
          }
        }
      });

      it('lists the attributed orders with message, channel, interaction and lag, paged by next_cursor', async () => {
        const first = (await embedded.call('GET', `/v1/attributions?workflow_id=${workflowId}&limit=25`))
          .body as Attributions;
        const second = (
          await embedded.call(
            'GET',
            `/v1/attributions?workflow_id=${workflowId}&limit=25&cursor=${first.next_cursor}`,
          )
        ).body as Attributions;
        expect(first.data.length + second.data.length).toBe(27);
        const ids = await reportsPage
          .locator('#attributions tbody tr')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id')));
        expect(ids).toEqual(first.data.map((a) => a.orderId));
        const t1 = first.data.find((a) => a.orderId === entityId('order', embedded.storeId, 't1'));
        expect(t1).toMatchObject({ interaction: 'opened', total: { amount: '40.10', currency: 'EUR' } });
        const cells = await reportsPage
          .locator(`#attributions tbody tr[data-order-id="${t1?.orderId}"] td`)
          .allTextContents();
        expect(cells[2]).toBe('40.10 EUR');
        expect(cells[3]).toContain(`welcome-subjects · ${t1?.message.nodeId} · treatment`);
        expect(cells[4]).toBe(`email · ${t1?.message.channel}`);
        expect(cells[5]).toBe('opened');
        expect(await reportsPage.isDisabled('#attributions-first')).toBe(true);
        await reportsPage.click('#attributions-next');
        await expect
          .poll(() =>
            reportsPage
              .locator('#attributions tbody tr')
              .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-order-id'))),
          )
          .toEqual(second.data.map((a) => a.orderId));
        expect(await reportsPage.isDisabled('#attributions-next')).toBe(true);
        await reportsPage.click('#attributions-first');
        await expect.poll(() => reportsPage.locator('#attributions tbody tr').count()).toBe(25);
        // The holdout's order had no message to credit.
        expect(
          await reportsPage
            .locator(`#attributions [data-order-id="${entityId('order', embedded.storeId, 'h0')}"]`)
            .count(),
        ).toBe(0);
      });

      it('says when a workflow has no runs yet, shows a name as text, and shows a failing read’s problem detail', async () => {
        const names = await reportsPage.locator('#report-workflow option').allTextContents();
        expect(names).toContain('<img src=x> Idle');
        await reportsPage.selectOption('#report-workflow', idleId);
        await expect.poll(() => reportsPage.isVisible('#report-empty')).toBe(true);
        expect(await reportsPage.textContent('#report-empty')).toBe('No runs yet in this period.');
        expect(await reportsPage.isVisible('#experiment-empty')).toBe(true);
        expect(await reportsPage.isVisible('#attributions-empty')).toBe(true);
        expect(await reportsPage.isHidden('#report-table')).toBe(true);

        // A period the API refuses (from after to) comes back as problem+json: its detail is shown.
        const isReport = (url: URL) => url.pathname.endsWith('/report');
        await reportsPage.route(isReport, (route) => {
          const url = new URL(route.request().url());
          url.searchParams.set('from', '2030-01-02T00:00:00Z');
          url.searchParams.set('to', '2030-01-01T00:00:00Z');
          return route.continue({ url: url.toString() });
        });
        const refused = await embedded.call(
          'GET',
          `/v1/workflows/${idleId}/report?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z`,
        );
        expect(refused.status).toBe(400);
        await reportsPage.selectOption('#report-group-by', 'node');
        await expect.poll(() => reportsPage.isVisible('#report-error')).toBe(true);
        const problem = refused.body as { detail: string; errors: { path: string; message: string }[] };
        expect(problem.errors).toHaveLength(1);
        expect(await reportsPage.textContent('#report-error')).toBe(
          `${problem.detail} ${problem.errors[0]?.path}: ${problem.errors[0]?.message}`,
        );
        await reportsPage.unroute(isReport);
        await reportsPage.selectOption('#report-group-by', 'version');
        await expect.poll(() => reportsPage.isHidden('#report-error')).toBe(true);
      });
    });
  },
);
