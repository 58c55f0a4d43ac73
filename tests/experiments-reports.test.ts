import { defineWorkflow, runArmOf, send, split } from '@cartwire/automation-sdk';
import { type Customer, entityId, type Order } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SmtpTestServer,
  startSmtpTestServer,
} from '../packages/automation-sdk/src/channels/email/smtp-test-server';
import { order as orderFixture } from '../packages/automation-sdk/src/test-fixtures';
import { type EmbeddedGateway, startEmbeddedGateway } from './embedded-gateway';

const PUBLIC_URL = 'https://cartwire.acme.example';

const welcome = defineWorkflow({
  key: 'welcome-ab',
  name: 'Welcome subject test',
  trigger: { event: 'customer.created', reentry: { policy: 'once' } },
  holdout: { share: 0.5 },
  steps: [
    split(
      [
        { key: 'a', weight: 1, steps: [send({ id: 'hello-a', channel: 'email', template: 'hello-a' })] },
        { key: 'b', weight: 1, steps: [send({ id: 'hello-b', channel: 'email', template: 'hello-b' })] },
      ],
      { id: 'subject' },
    ),
  ],
});

interface ReportRow {
  key: string;
  entries: number;
  holdoutEntries: number;
  sends: number;
  heldOut: number;
  suppressions: Record<string, number>;
  sendEligibilityRate: number | null;
  conversions: number;
  revenue: { amount: string; currency: string }[];
  incrementalRevenue: { amount: string; currency: string }[] | null;
  attributedOrders: number;
  attributedRevenue: { amount: string; currency: string }[];
}

describe('experiments, tracking, attribution and reports through the gateway', () => {
  let embedded: EmbeddedGateway;
  let smtp: SmtpTestServer;
  let workflowId: string;
  const treated: Customer[] = [];
  const holdout: Customer[] = [];
  let refused: Customer;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    embedded = await startEmbeddedGateway({ SMTP_URL: smtp.url, CARTWIRE_PUBLIC_URL: PUBLIC_URL });
    const { call } = embedded;
    expect(
      (
        await call('PUT', '/v1/messaging-settings/email', {
          from: 'Acme Shop <news@acme.example>',
          unsubscribeMailto: 'unsubscribe@acme.example',
          unsubscribeUrl: 'https://mail.acme.example/unsubscribe/{token}',
          shopName: 'Acme',
        })
      ).status,
    ).toBe(200);
    for (const key of ['hello-a', 'hello-b']) {
      const template = await call('POST', '/v1/templates', {
        key,
        name: key,
        context: 'customer',
        subject: key === 'hello-a' ? 'Welcome!' : 'A gift for you, {{ customer.first_name }}',
        html: '<p>Hi {{ customer.first_name }}</p><a href="https://acme.example/new">New arrivals</a>',
      });
      expect(template.status, JSON.stringify(template.body)).toBe(201);
    }
    workflowId = await embedded.activate(welcome);

    // Arms are deterministic per (workflow key, customer id): pick sign-ups so both arms have customers.
    for (let i = 0; treated.length < 3 || holdout.length < 2; i++) {
      const id = entityId('customer', embedded.storeId, `x${i}`);
      const list = runArmOf(welcome, id) === 'holdout' ? holdout : treated;
      if ((list === holdout && holdout.length < 2) || (list === treated && treated.length < 3))
        list.push(await embedded.signUp(`x${i}`, { email: `x${i}@example.com` }));
    }
    // A customer without email consent: the gate refuses the send, whichever arm.
    refused = await embedded.signUp('nope', {
      email: 'nope@example.com',
      marketingConsent: {
        email: { state: 'unsubscribed', source: null, updatedAt: null },
        sms: { state: 'unknown', source: null, updatedAt: null },
      },
    });
  }, 180_000);

  afterAll(async () => {
    await embedded?.stop();
    await smtp?.close();
  });

  const mailTo = (who: Customer) =>
    smtp.received.find((received) => received.envelope.to.includes(who.email as string));

  async function placeOrder(externalId: string, who: Customer, total: string) {
    const at = new Date().toISOString();
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
    await embedded.gateway.repositories.entities.upsertEntities('order', [
      { tenantId: embedded.tenantId, entity: order, raw: {} },
    ]);
  }

  it('delivers to treated customers only and records the holdout’s sends as held_out', async () => {
    const { call } = embedded;
    for (const who of treated) expect(mailTo(who), who.email ?? '').toBeDefined();
    for (const who of [...holdout, refused]) expect(mailTo(who)).toBeUndefined();

    const heldOut = (await call('GET', `/v1/messages?status=held_out&workflow_key=welcome-ab`)).body as {
      data: { customerKey: string; arm: string; decision: string; variants: Record<string, string> }[];
    };
    expect(heldOut.data.map((m) => m.customerKey).sort()).toEqual(holdout.map((c) => c.id).sort());
    for (const m of heldOut.data) {
      expect(m).toMatchObject({ arm: 'holdout', decision: 'allow' });
      expect(['a', 'b']).toContain(m.variants.subject);
    }
    const runs = (await call('GET', `/v1/workflows/${workflowId}/runs`)).body as {
      data: { id: string; customerKey: string; arm: string }[];
    };
    const holdoutRun = runs.data.find((r) => r.customerKey === holdout[0]?.id);
    expect(holdoutRun?.arm).toBe('holdout');
    const history = (await call('GET', `/v1/workflows/${workflowId}/runs/${holdoutRun?.id}`)).body as {
      steps: { nodeType: string | null; outcome: string; reason: string | null }[];
    };
    expect(history.steps.find((s) => s.nodeType === 'send')).toMatchObject({
      outcome: 'held_out',
      reason: 'holdout',
    });
  }, 60_000);

  it('tracks a click through the signed redirect, an open through the pixel, and a push open over the API', async () => {
    const { call, gateway } = embedded;
    const mail = mailTo(treated[0] as Customer);
    const html = mail?.parsed.html || '';
    // Opened first, then clicked: the click is the latest touch.
    const pixel = /https:\/\/cartwire\.acme\.example(\/t\/o\/[^"]+\.gif)"/.exec(html)?.[1];
    const open = await fetch(`${gateway.url}${pixel}`);
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toBe('image/gif');

    const click = /https:\/\/cartwire\.acme\.example(\/t\/c\/[^"]+)"/.exec(html)?.[1];
    expect(click).toBeDefined();
    const redirect = await fetch(`${gateway.url}${click}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    // The UTM tags stay, the split arm in utm_content.
    expect(location).toMatch(/^https:\/\/acme\.example\/new\?utm_source=cartwire&utm_medium=email/);
    expect(location).toMatch(/utm_content=hello-[ab]-[ab]/);
    // The target comes from the signed token only: a query parameter cannot redirect elsewhere.
    const hijack = await fetch(`${gateway.url}${click}?url=https://evil.example/`, { redirect: 'manual' });
    expect(hijack.headers.get('location')).toBe(location);
    const forged = await fetch(`${gateway.url}${click?.slice(0, -2)}xx`, { redirect: 'manual' });
    expect(forged.status).toBe(404);

    const sent = (await call('GET', '/v1/messages?status=sent&workflow_key=welcome-ab&limit=100')).body as {
      data: { id: string; customerKey: string }[];
    };
    const second = sent.data.find((m) => m.customerKey === treated[1]?.id);
    const reported = await call('POST', `/v1/messages/${second?.id}/interactions`, { type: 'opened' });
    expect(reported.status).toBe(201);
    expect(reported.body).toMatchObject({ object: 'message_interaction', type: 'opened', source: 'api' });
    // A provider retrying with the same Idempotency-Key records the open once.
    const devKey = gateway.devApiKey;
    const openedAt = new Date(Date.now() - 1000).toISOString();
    const retry = () =>
      fetch(`${gateway.url}/v1/messages/${second?.id}/interactions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${devKey?.status === 'created' ? devKey.secret : ''}`,
          'content-type': 'application/json',
          'idempotency-key': 'push-open-1',
        },
        body: JSON.stringify({ type: 'opened', at: openedAt }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } }));
    const [once, again] = [await retry(), await retry()];
    expect(once.status).toBe(201);
    expect(again).toEqual(once);

    const heldOut = (await call('GET', '/v1/messages?status=held_out&limit=1')).body as {
      data: { id: string }[];
    };
    const conflict = await call('POST', `/v1/messages/${heldOut.data[0]?.id}/interactions`, {
      type: 'clicked',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ code: 'conflict', messageStatus: 'held_out' });
    expect((await call('POST', '/v1/messages/msg_unknown/interactions', { type: 'opened' })).status).toBe(
      404,
    );
    expect((await call('POST', `/v1/messages/${second?.id}/interactions`, { type: 'read' })).status).toBe(
      400,
    );
  }, 60_000);

  it('reports entries, sends, suppressions, conversions and incremental revenue; experiment and attributions agree', async () => {
    const { call } = embedded;
    await placeOrder('o1', treated[0] as Customer, '80.00');
    await placeOrder('o2', treated[1] as Customer, '40.00');
    await placeOrder('o3', holdout[0] as Customer, '20.00');

    const report = await call('GET', `/v1/workflows/${workflowId}/report?group_by=arm`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const body = report.body as { totals: ReportRow; groups: ReportRow[]; conversionWindow: string };
    expect(body.conversionWindow).toBe('P7D');
    const total = treated.length + holdout.length + 1;
    expect(body.totals).toMatchObject({
      entries: total,
      sends: treated.length,
      heldOut: holdout.length,
      suppressions: { no_consent: 1 },
      sendEligibilityRate: (total - 1) / total,
      conversions: 3,
      revenue: [{ amount: '140.00', currency: 'EUR' }],
      // Last touch credits the clicked (o1) and the opened (o2) message; the holdout's order has none.
      attributedOrders: 2,
      attributedRevenue: [{ amount: '120.00', currency: 'EUR' }],
    });
    const refusedArm = runArmOf(welcome, refused.id);
    const treatedRuns = treated.length + (refusedArm === 'treatment' ? 1 : 0);
    const holdoutRuns = holdout.length + (refusedArm === 'holdout' ? 1 : 0);
    const treatedRow = body.groups.find((g) => g.key === 'treatment');
    expect(treatedRow).toMatchObject({ entries: treatedRuns, conversions: 2 });
    expect(treatedRow?.incrementalRevenue).toEqual([
      { amount: (120 - (20 / holdoutRuns) * treatedRuns).toFixed(2), currency: 'EUR' },
    ]);

    const experiment = await call('GET', `/v1/workflows/${workflowId}/experiment`);
    expect(experiment.status).toBe(200);
    const result = experiment.body as {
      holdoutShare: number;
      currency: string;
      experiments: {
        key: string;
        arms: { key: string; recipients: number; conversions: number; revenuePerRecipient: number }[];
        comparisons: { key: string; verdict: string; note: string | null; lift: number | null }[];
      }[];
    };
    expect(result).toMatchObject({ holdoutShare: 0.5, currency: 'EUR' });
    const main = result.experiments.find((e) => e.key === 'holdout');
    expect(main?.arms).toEqual([
      expect.objectContaining({ key: 'holdout', recipients: holdoutRuns, conversions: 1 }),
      expect.objectContaining({ key: 'treatment', recipients: treatedRuns, conversions: 2 }),
    ]);
    expect(main?.comparisons[0]).toMatchObject({ key: 'treatment', verdict: 'too_small' });
    expect(main?.comparisons[0]?.note).toMatch(/Too small to conclude/);
    expect(result.experiments.map((e) => e.key)).toContain('split:subject');

    // Last touch: the click credits o1, the reported open o2; the holdout's order has no touch at all.
    const attributions = await call('GET', `/v1/attributions?workflow_id=${workflowId}`);
    expect(attributions.status).toBe(200);
    const credited = (
      attributions.body as {
        data: { orderId: string; interaction: string; message: { channelKind: string; arm: string } }[];
      }
    ).data;
    const byOrder = new Map(credited.map((a) => [a.orderId, a]));
    expect(byOrder.get(entityId('order', embedded.storeId, 'o1'))).toMatchObject({
      interaction: 'clicked',
      message: { channelKind: 'email', arm: 'treatment' },
    });
    expect(byOrder.get(entityId('order', embedded.storeId, 'o2'))?.interaction).toBe('opened');
    expect(byOrder.has(entityId('order', embedded.storeId, 'o3'))).toBe(false);
  }, 60_000);

  it('validates report queries and attribution settings, and 404s another workflow', async () => {
    const { call } = embedded;
    expect((await call('GET', '/v1/workflows/wf_doesnotexist00/report')).status).toBe(404);
    expect((await call('GET', `/v1/workflows/${workflowId}/report?group_by=color`)).status).toBe(400);
    expect((await call('GET', `/v1/workflows/${workflowId}/report?conversion_window=P1Y`)).status).toBe(400);
    expect(
      (
        await call(
          'GET',
          `/v1/workflows/${workflowId}/report?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
        )
      ).status,
    ).toBe(400);

    const defaults = await call('GET', '/v1/messaging-settings/attribution');
    expect(defaults.body).toMatchObject({
      isDefault: true,
      windows: { email: { opened: 'P5D', clicked: 'P5D' }, push: { opened: 'PT24H' } },
    });
    const bad = await call('PUT', '/v1/messaging-settings/attribution', {
      windows: { email: { opened: 'P1Y' }, fax: { opened: 'P1D' } },
    });
    expect(bad.status).toBe(400);
    // Every problem at once: the too-long window and the unknown channel kind.
    expect((bad.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'windows',
      'windows.email.opened',
    ]);
    const put = await call('PUT', '/v1/messaging-settings/attribution', {
      windows: { email: { clicked: 'P2D' }, sms: { clicked: 'P1D' } },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ isDefault: false, windows: { email: { clicked: 'P2D' } } });
    // Opens no longer credit: o2 (credited to an open) drops out.
    const after = (await call('GET', `/v1/attributions?workflow_id=${workflowId}`)).body as {
      data: { orderId: string }[];
    };
    expect(after.data.map((a) => a.orderId)).toEqual([entityId('order', embedded.storeId, 'o1')]);
  }, 60_000);
});
