import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database';
import { StorageInputError } from '../errors';
import { type TestDatabase, testDatabases } from '../testing';
import { createJobQueue, type JobQueue } from './job-queue';

describe.each(testDatabases())('job queue on $name', ({ create }) => {
  let database: TestDatabase;
  let peer: Database;
  let clock: Date;
  let queueCount = 0;
  const now = () => clock;
  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  /** A queue name no other test uses, so tests share one database without seeing each other's jobs. */
  const freshQueue = () => `test-${++queueCount}`;

  beforeAll(async () => {
    database = await create();
    peer = await database.openPeer();
  });
  afterAll(async () => {
    await database?.close();
  });

  function queues(): { a: JobQueue; b: JobQueue } {
    clock = new Date('2026-03-01T10:00:00.000Z');
    return { a: createJobQueue(database.db, { now }), b: createJobQueue(peer.db, { now }) };
  }

  it('claims the lowest priority value first, then the oldest run-at', async () => {
    const { a } = queues();
    const queue = freshQueue();
    await a.enqueue([
      { queue, payload: { name: 'late-urgent' }, priority: 0, runAt: new Date(clock.getTime() - 1000) },
      { queue, payload: { name: 'background' }, priority: 10, runAt: new Date(clock.getTime() - 60_000) },
      { queue, payload: { name: 'early-urgent' }, priority: 0, runAt: new Date(clock.getTime() - 5000) },
      { queue, payload: { name: 'future' }, priority: -5, runAt: new Date(clock.getTime() + 60_000) },
    ]);
    const first = await a.claim({ queues: [queue], workerId: 'w1', leaseMs: 30_000, limit: 1 });
    expect(first.map((job) => job.payload.name)).toEqual(['early-urgent']);
    const rest = await a.claim({ queues: [queue], workerId: 'w1', leaseMs: 30_000, limit: 10 });
    expect(rest.map((job) => job.payload.name)).toEqual(['late-urgent', 'background']);
  });

  it('keeps one unfinished job per dedupe key, and frees the key when the job finishes', async () => {
    const { a } = queues();
    const queue = freshQueue();
    const first = await a.enqueue({ queue, payload: { storeId: 'sto_1' }, dedupeKey: `${queue}:sto_1` });
    const [again, sameBatch, other] = await a.enqueue([
      { queue, payload: { storeId: 'sto_1' }, dedupeKey: `${queue}:sto_1` },
      { queue, payload: { storeId: 'sto_1' }, dedupeKey: `${queue}:sto_1` },
      { queue, payload: { storeId: 'sto_2' }, dedupeKey: `${queue}:sto_2` },
    ]);
    expect(first.deduplicated).toBe(false);
    expect(again).toEqual({ job: first.job, deduplicated: true });
    expect(sameBatch?.job.id).toBe(first.job.id);
    expect(other?.deduplicated).toBe(false);

    const claimed = await a.claim({ queues: [queue], workerId: 'w1', leaseMs: 30_000, limit: 10 });
    expect(claimed).toHaveLength(2);
    // Still running: the key is still taken.
    expect((await a.enqueue({ queue, dedupeKey: `${queue}:sto_1` })).deduplicated).toBe(true);
    for (const job of claimed) expect(await a.complete(job.id, 'w1')).toBe(true);
    const next = await a.enqueue({ queue, payload: { storeId: 'sto_1' }, dedupeKey: `${queue}:sto_1` });
    expect(next.deduplicated).toBe(false);
    expect(next.job.id).not.toBe(first.job.id);
  });

  it('never gives one job to two concurrent workers', async () => {
    const { a, b } = queues();
    const queue = freshQueue();
    const total = 60;
    await a.enqueue(Array.from({ length: total }, (_, i) => ({ queue, payload: { n: i } })));
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    async function work(jobQueue: JobQueue, workerId: string): Promise<number> {
      let done = 0;
      for (;;) {
        const batch = await jobQueue.claim({ queues: [queue], workerId, leaseMs: 60_000, limit: 7 });
        if (batch.length === 0) return done;
        for (const job of batch) {
          if (seen.has(job.id)) duplicates.push(job.id);
          seen.set(job.id, workerId);
          expect(await jobQueue.complete(job.id, workerId)).toBe(true);
          done++;
        }
      }
    }
    const [byA, byB] = await Promise.all([work(a, 'worker-a'), work(b, 'worker-b')]);
    expect(duplicates).toEqual([]);
    expect(seen.size).toBe(total);
    expect(byA + byB).toBe(total);
    for (const id of seen.keys()) expect((await a.get(id))?.state).toBe('succeeded');
  });

  it("reclaims a dead worker's job once its lease expires, and the old owner can no longer finish it", async () => {
    const { a, b } = queues();
    const queue = freshQueue();
    const { job } = await a.enqueue({ queue, payload: { storeId: 'sto_1' } });
    const [held] = await a.claim({ queues: [queue], workerId: 'worker-a', leaseMs: 30_000 });
    expect(held).toMatchObject({ id: job.id, attempts: 1, leaseOwner: 'worker-a', state: 'running' });

    advance(29_000);
    expect(await b.claim({ queues: [queue], workerId: 'worker-b', leaseMs: 30_000 })).toEqual([]);

    advance(2_000);
    const [reclaimed] = await b.claim({ queues: [queue], workerId: 'worker-b', leaseMs: 30_000 });
    expect(reclaimed).toMatchObject({ id: job.id, attempts: 2, leaseOwner: 'worker-b' });

    expect(await a.complete(job.id, 'worker-a')).toBe(false);
    expect(await a.fail(job.id, 'worker-a', new Error('late'))).toBe(false);
    expect(await a.extendLease(job.id, 'worker-a', 30_000)).toBe(false);
    expect(await b.complete(job.id, 'worker-b')).toBe(true);
    expect(await a.get(job.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
  });

  it('keeps a job whose lease was extended away from other workers', async () => {
    const { a, b } = queues();
    const queue = freshQueue();
    await a.enqueue({ queue });
    const [held] = await a.claim({ queues: [queue], workerId: 'worker-a', leaseMs: 10_000 });
    advance(8_000);
    expect(await a.extendLease(held!.id, 'worker-a', 10_000)).toBe(true);
    advance(8_000);
    expect(await b.claim({ queues: [queue], workerId: 'worker-b', leaseMs: 10_000 })).toEqual([]);
  });

  it('schedules a retry after a failure with backoff, and buries the job after max attempts', async () => {
    clock = new Date('2026-03-01T10:00:00.000Z');
    const jobs = createJobQueue(database.db, { now, backoff: { baseMs: 10_000, maxMs: 60_000 } });
    const queue = freshQueue();
    const { job } = await jobs.enqueue({ queue, payload: { storeId: 'sto_1' }, maxAttempts: 2 });
    await jobs.claim({ queues: [queue], workerId: 'w1', leaseMs: 30_000 });
    expect(await jobs.fail(job.id, 'w1', new Error('HTTP 503 from platform'))).toBe(true);

    const failed = await jobs.get(job.id);
    expect(failed).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'Error: HTTP 503 from platform',
    });
    const delay = failed!.runAt.getTime() - clock.getTime();
    // First retry: 10 s exponential delay with equal jitter, so between 5 s and 10 s.
    expect(delay).toBeGreaterThanOrEqual(5_000);
    expect(delay).toBeLessThanOrEqual(10_000);

    expect(await jobs.claim({ queues: [queue], workerId: 'w1', leaseMs: 30_000 })).toEqual([]);
    advance(delay);
    const [retried] = await jobs.claim({ queues: [queue], workerId: 'w2', leaseMs: 30_000 });
    expect(retried).toMatchObject({ id: job.id, attempts: 2 });

    expect(await jobs.fail(job.id, 'w2', 'still down')).toBe(true);
    expect(await jobs.get(job.id)).toMatchObject({ state: 'dead', attempts: 2, lastError: 'still down' });
    advance(3_600_000);
    expect(await jobs.claim({ queues: [queue], workerId: 'w2', leaseMs: 30_000 })).toEqual([]);
  });

  it('honours an explicit retry time and permanent failures', async () => {
    const { a } = queues();
    const queue = freshQueue();
    const [first, second] = await a.enqueue([{ queue }, { queue }]);
    await a.claim({ queues: [queue], workerId: 'w1', leaseMs: 30_000, limit: 2 });
    const retryAt = new Date(clock.getTime() + 120_000);
    await a.fail(first!.job.id, 'w1', new Error('rate limited'), { retryAt });
    await a.fail(second!.job.id, 'w1', new Error('credentials revoked'), { permanent: true });
    expect(await a.get(first!.job.id)).toMatchObject({ state: 'failed', runAt: retryAt });
    expect(await a.get(second!.job.id)).toMatchObject({ state: 'dead', attempts: 1 });
  });

  it('buries a job whose worker died on its final attempt instead of running it again', async () => {
    const { a, b } = queues();
    const queue = freshQueue();
    const { job } = await a.enqueue({ queue, maxAttempts: 1 });
    await a.claim({ queues: [queue], workerId: 'worker-a', leaseMs: 1_000 });
    advance(5_000);
    expect(await b.claim({ queues: [queue], workerId: 'worker-b', leaseMs: 1_000 })).toEqual([]);
    expect(await a.get(job.id)).toMatchObject({
      state: 'dead',
      lastError: 'lease expired on the final attempt',
    });
  });

  it("puts a stopping worker's jobs back without costing an attempt", async () => {
    const { a, b } = queues();
    const queue = freshQueue();
    await a.enqueue([{ queue }, { queue }, { queue }]);
    const mine = await a.claim({ queues: [queue], workerId: 'stopping', leaseMs: 60_000, limit: 2 });
    const theirs = await b.claim({ queues: [queue], workerId: 'other', leaseMs: 60_000, limit: 2 });
    expect(theirs).toHaveLength(1);
    expect(await a.releaseAll('stopping')).toBe(2);
    const again = await b.claim({ queues: [queue], workerId: 'other', leaseMs: 60_000, limit: 5 });
    expect(again.map((job) => job.id).sort()).toEqual(mine.map((job) => job.id).sort());
    expect(again.every((job) => job.attempts === 1)).toBe(true);
    expect(await a.get(theirs[0]!.id)).toMatchObject({ state: 'running', leaseOwner: 'other' });
  });

  it('only claims from the queues asked for', async () => {
    const { a } = queues();
    const [wanted, other] = [freshQueue(), freshQueue()];
    await a.enqueue([{ queue: other }, { queue: wanted }]);
    const claimed = await a.claim({ queues: [wanted], workerId: 'w', leaseMs: 1_000, limit: 5 });
    expect(claimed.map((job) => job.queue)).toEqual([wanted]);
  });

  it('refuses secrets and whole entities in payloads', async () => {
    const { a } = queues();
    await expect(a.enqueue({ queue: freshQueue(), payload: { accessToken: 'shpat_123' } })).rejects.toThrow(
      StorageInputError,
    );
    await expect(a.enqueue({ queue: freshQueue(), payload: { consumer_secret: 'cs_1' } })).rejects.toThrow(
      StorageInputError,
    );
    expect(
      (await a.enqueue({ queue: freshQueue(), payload: { cartToken: 'c1', storeId: 'sto_1' } })).job.payload,
    ).toEqual({ cartToken: 'c1', storeId: 'sto_1' });
    await expect(a.enqueue({ queue: freshQueue(), payload: { order: 'x'.repeat(5000) } })).rejects.toThrow(
      /carry ids/,
    );
  });
});
