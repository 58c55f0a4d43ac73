import { randomBytes } from 'node:crypto';
import { ID_PREFIX, newId } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../crypto/credential-cipher';
import { sampleOrder } from '../entities/sample-entities';
import { createEventLog } from '../events/event-log';
import { createJobQueue } from '../jobs/job-queue';
import { createStoreRepository } from '../tenancy/store-repository';
import { createTenantRepository } from '../tenancy/tenant-repository';
import { type TestDatabase, testDatabases } from '../testing';
import { createWebhookDeliveryRepository } from './delivery-repository';
import { createWebhookEndpointRepository, WEBHOOK_SECRET_PATTERN } from './endpoint-repository';

const QUEUE = 'webhook-delivery-test';
const JOB = { queue: QUEUE, maxAttempts: 3 };

describe.each(testDatabases())('outbound webhook storage on $name', ({ create }) => {
  let database: TestDatabase;
  let clockMs = Date.parse('2026-03-01T00:00:00Z');
  const now = () => new Date(clockMs);
  const cipher = createCredentialCipher(randomBytes(32));

  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  const endpoints = () => createWebhookEndpointRepository(database.db, { cipher, now });
  const deliveries = () => createWebhookDeliveryRepository(database.db, { cipher, now });

  async function newTenant() {
    const tenant = await createTenantRepository(database.db).createTenant({ name: 'Acme' });
    const stores = createStoreRepository(database.db, { cipher });
    const store = await stores.createStore({
      tenantId: tenant.id,
      platform: 'shopify',
      name: 'S',
      credentials: {},
    });
    const other = await stores.createStore({
      tenantId: tenant.id,
      platform: 'shopify',
      name: 'T',
      credentials: {},
    });
    return { tenantId: tenant.id, storeId: store.id, otherStoreId: other.id };
  }

  async function append(ids: { tenantId: string; storeId: string }, type: 'order.created' | 'order.paid') {
    const order = sampleOrder(ids.storeId, String(Math.random()).slice(2, 10));
    const id = newId(ID_PREFIX.event);
    await createEventLog(database.db).appendEvents([
      {
        id,
        type,
        tenantId: ids.tenantId,
        storeId: ids.storeId,
        occurredAt: order.updatedAt,
        receivedAt: now().toISOString(),
        source: 'poll',
        entityType: 'order',
        entityId: order.id,
        data: order,
      },
    ]);
    return id;
  }

  /** Fans out until the log is drained (other tests' events included). */
  async function drain(queue = QUEUE) {
    let total = 0;
    for (;;) {
      const result = await deliveries().fanOut({ ...JOB, queue, limit: 50 });
      total += result.deliveries;
      if (!result.more) return total;
    }
  }

  it('creates endpoints with a whsec_ secret shown once, encrypted at rest, isolated per tenant', async () => {
    const a = await newTenant();
    const b = await newTenant();
    const { endpoint, secret } = await endpoints().createEndpoint({
      tenantId: a.tenantId,
      url: 'https://hooks.example.com/cartwire',
      eventTypes: ['order.*'],
    });
    expect(secret).toMatch(WEBHOOK_SECRET_PATTERN);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(endpoint).toMatchObject({ enabled: true, storeIds: null, description: '', disabledReason: null });
    const raw = await database.db.execute(
      `select secret::text as s from webhook_endpoints where id = '${endpoint.id}'`,
    );
    expect(JSON.stringify(raw)).not.toContain(secret.slice(6));
    expect(await endpoints().getSigningSecrets(a.tenantId, endpoint.id, now())).toEqual([secret]);
    expect(await endpoints().getEndpoint(b.tenantId, endpoint.id)).toBeNull();
    await expect(endpoints().updateEndpoint(b.tenantId, endpoint.id, { description: 'x' })).rejects.toThrow(
      /not found/,
    );
    expect(await endpoints().deleteEndpoint(b.tenantId, endpoint.id)).toBe(false);
    expect((await endpoints().listEndpoints({ tenantId: b.tenantId })).map((e) => e.id)).toEqual([]);
    expect((await endpoints().listEndpoints({ tenantId: a.tenantId })).map((e) => e.id)).toEqual([
      endpoint.id,
    ]);
  });

  it('refuses event type patterns that match nothing', async () => {
    const a = await newTenant();
    await expect(
      endpoints().createEndpoint({
        tenantId: a.tenantId,
        url: 'https://x.example',
        eventTypes: ['order.payed'],
      }),
    ).rejects.toThrow(/pattern matches no event type/);
  });

  it('signs with both secrets during the rotation overlap, then only with the new one', async () => {
    const a = await newTenant();
    const { endpoint, secret: first } = await endpoints().createEndpoint({
      tenantId: a.tenantId,
      url: 'https://hooks.example.com/a',
      eventTypes: ['*'],
    });
    const rotated = await endpoints().rotateSecret(a.tenantId, endpoint.id, { overlapMs: 60_000 });
    expect(rotated.secret).not.toBe(first);
    expect(rotated.endpoint.previousSecretExpiresAt?.getTime()).toBe(clockMs + 60_000);
    expect(await endpoints().getSigningSecrets(a.tenantId, endpoint.id, now())).toEqual([
      rotated.secret,
      first,
    ]);
    expect(await endpoints().getSigningSecrets(a.tenantId, endpoint.id, new Date(clockMs + 60_000))).toEqual([
      rotated.secret,
    ]);
    const immediate = await endpoints().rotateSecret(a.tenantId, endpoint.id, { overlapMs: 0 });
    expect(await endpoints().getSigningSecrets(a.tenantId, endpoint.id, now())).toEqual([immediate.secret]);
  });

  it('disables an endpoint once it has failed for the configured period; a success resets it', async () => {
    const a = await newTenant();
    const { endpoint } = await endpoints().createEndpoint({
      tenantId: a.tenantId,
      url: 'https://hooks.example.com/b',
      eventTypes: ['*'],
    });
    const at = (ms: number) => new Date(clockMs + ms);
    const outcome = (ms: number, succeeded: boolean) =>
      endpoints().recordOutcome(a.tenantId, endpoint.id, { succeeded, at: at(ms), disableAfterMs: 1000 });
    expect(await outcome(0, false)).toBe(false);
    expect(await outcome(999, false)).toBe(false);
    expect(await outcome(1000, true)).toBe(false);
    expect((await endpoints().getEndpoint(a.tenantId, endpoint.id))?.failingSince).toBeNull();
    expect(await outcome(2000, false)).toBe(false);
    expect(await outcome(3000, false)).toBe(true);
    expect(await endpoints().getEndpoint(a.tenantId, endpoint.id)).toMatchObject({
      enabled: false,
      disabledReason: 'failing',
    });
    const enabled = await endpoints().updateEndpoint(a.tenantId, endpoint.id, { enabled: true });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });

  it('fans out each new event once to every enabled endpoint whose type and store filters match', async () => {
    await drain();
    const a = await newTenant();
    const b = await newTenant();
    const early = await append(a, 'order.created');
    const all = await endpoints().createEndpoint({
      tenantId: a.tenantId,
      url: 'https://h.example/1',
      eventTypes: ['*'],
    });
    const paid = await endpoints().createEndpoint({
      tenantId: a.tenantId,
      url: 'https://h.example/2',
      eventTypes: ['order.paid'],
      storeIds: [a.storeId],
    });
    const off = await endpoints().createEndpoint({
      tenantId: a.tenantId,
      url: 'https://h.example/3',
      eventTypes: ['*'],
      enabled: false,
    });
    const created = await append(a, 'order.created');
    const paidHere = await append(a, 'order.paid');
    const paidThere = await append({ tenantId: a.tenantId, storeId: a.otherStoreId }, 'order.paid');
    await append(b, 'order.paid');
    expect(await drain()).toBe(4);
    expect(await drain()).toBe(0);
    const eventsOf = async (endpointId: string) =>
      (await deliveries().listDeliveries({ tenantId: a.tenantId, endpointId }))
        .map((delivery) => delivery.eventId)
        .sort();
    expect(await eventsOf(all.endpoint.id)).toEqual([created, paidHere, paidThere].sort());
    expect(await eventsOf(paid.endpoint.id)).toEqual([paidHere]);
    expect(await eventsOf(off.endpoint.id)).toEqual([]);
    expect((await eventsOf(all.endpoint.id)).includes(early)).toBe(false);
    // Nothing of tenant A is visible to tenant B.
    expect(await deliveries().listDeliveries({ tenantId: b.tenantId, endpointId: all.endpoint.id })).toEqual(
      [],
    );
  });

  it('replays matching events onto the same delivery rows and keeps one job per delivery', async () => {
    await drain();
    const a = await newTenant();
    const { endpoint } = await endpoints().createEndpoint({
      tenantId: a.tenantId,
      url: 'https://h.example/r',
      eventTypes: ['order.paid'],
    });
    const first = await append(a, 'order.paid');
    await append(a, 'order.created');
    await drain();
    const { ids } = await deliveries().listMatchingEventIds(endpoint, {
      since: new Date(0),
      afterSeq: 0,
      limit: 100,
    });
    expect(ids).toEqual([first]);
    const again = await deliveries().scheduleDeliveries(a.tenantId, endpoint.id, ids, JOB);
    expect(again).toHaveLength(1);
    const listed = await deliveries().listDeliveries({ tenantId: a.tenantId, endpointId: endpoint.id });
    expect(listed).toHaveLength(1);
    expect(listed[0]?.id).toBe(again[0]?.id);
    // Another tenant cannot schedule onto this endpoint.
    const b = await newTenant();
    expect(await deliveries().scheduleDeliveries(b.tenantId, endpoint.id, ids, JOB)).toEqual([]);
  });

  it('claims at most maxPerEndpoint running jobs per endpoint, leaving room for other endpoints', async () => {
    await drain();
    const a = await newTenant();
    const slow = await endpoints().createEndpoint({
      tenantId: a.tenantId,
      url: 'https://h.example/s',
      eventTypes: ['order.created'],
    });
    const fast = await endpoints().createEndpoint({
      tenantId: a.tenantId,
      url: 'https://h.example/f',
      eventTypes: ['order.paid'],
    });
    for (let i = 0; i < 6; i++) await append(a, 'order.created');
    for (let i = 0; i < 2; i++) await append(a, 'order.paid');
    await drain('claim-test');
    const claim = (workerId: string) =>
      deliveries().claimDeliveryJobs({
        queue: 'claim-test',
        workerId,
        leaseMs: 60_000,
        limit: 10,
        maxPerEndpoint: 2,
      });
    const byEndpoint = (jobs: { payload: Record<string, unknown> }[]) =>
      jobs.reduce<Record<string, number>>((counts, job) => {
        const key = String(job.payload.endpointId);
        counts[key] = (counts[key] ?? 0) + 1;
        return counts;
      }, {});
    const firstClaim = await claim('w1');
    expect(byEndpoint(firstClaim)).toEqual({ [slow.endpoint.id]: 2, [fast.endpoint.id]: 2 });
    expect(await claim('w2')).toEqual([]);
    const queue = createJobQueue(database.db, { now });
    for (const job of firstClaim.filter((j) => j.payload.endpointId === slow.endpoint.id).slice(0, 1)) {
      await queue.complete(job.id, 'w1');
    }
    expect(byEndpoint(await claim('w2'))).toEqual({ [slow.endpoint.id]: 1 });
    // An expired lease frees its slot (the worker died) and the job is claimed again.
    clockMs += 61_000;
    const afterExpiry = await claim('w3');
    expect(byEndpoint(afterExpiry)[slow.endpoint.id]).toBe(2);
  });
});
