import { createJobQueue, type Job } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedLogger, manualClock } from '../testing/test-gateway';
import { startScheduledQueue, UnrunnableJobError } from './scheduled-queue';

describe.each(testDatabases())('scheduled queue on $name', ({ create }) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('schedules due work once, runs each job, retries a failure and gives up on an unrunnable job', async () => {
    const clock = manualClock();
    const jobs = createJobQueue(database.db, { now: () => clock.now(), random: () => 0 });
    const { logger, lines } = capturedLogger();
    const ran: string[] = [];
    let failNext = true;
    let schedules = 0;
    // What is due, as a real schedule would read it from its own records (a store's last fit, …).
    const due = new Set(['a', 'b', 'broken']);
    const jobIds = new Map<string, string>();
    const queue = startScheduledQueue({
      name: 'test chore',
      queue: 'test.chore',
      repositories: { jobs },
      clock,
      logger,
      workerId: 'test-worker',
      scheduleIntervalMs: 60_000,
      idleDelayMs: 10,
      async schedule() {
        schedules++;
        // Deduplicated: scheduling again while a job is pending adds nothing.
        const keys = [...due];
        const results = await jobs.enqueue(
          keys.map((key) => ({
            queue: 'test.chore',
            payload: { key },
            dedupeKey: `test.chore:${key}`,
            maxAttempts: 3,
          })),
        );
        for (const [i, result] of results.entries()) jobIds.set(keys[i] as string, result.job.id);
      },
      async run(job: Job) {
        const key = job.payload.key;
        if (key === 'broken') {
          due.delete('broken');
          throw new UnrunnableJobError('no such chore');
        }
        if (key === 'b' && failNext) {
          failNext = false;
          throw new Error('provider down');
        }
        ran.push(String(key));
        due.delete(String(key));
      },
    });
    try {
      await queue.whenIdle();
      expect(ran.sort()).toEqual(['a']);
      expect(lines.some((line) => line.msg === 'test chore failed' && line.err === 'provider down')).toBe(
        true,
      );
      // The failed job retries after its backoff; the unrunnable one is dead and never runs again.
      clock.advance(10 * 60_000);
      await queue.whenIdle();
      expect(ran.sort()).toEqual(['a', 'b']);
      const broken = await jobs.get(jobIds.get('broken') as string);
      expect(broken).toMatchObject({ state: 'dead', attempts: 1 });
      expect(schedules).toBeGreaterThanOrEqual(2);
    } finally {
      await queue.stop();
    }
  });
});
