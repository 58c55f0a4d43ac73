// `npm run bench -- workflows`: the workflow runtime's timer throughput and fire lag with many runs waiting,
// against graphile-worker's job throughput on the same Postgres in the same run.
import { randomBytes } from 'node:crypto';
import {
  createMemoryChannel,
  createMemoryLiveData,
  createWorkflowRuntime,
  createWorkflowStore,
  defineWorkflow,
  send,
  WORKFLOW_QUEUE,
  type WorkflowRuntime,
  wait,
} from '@cartwire/automation-sdk';
import { type Database, migrate, openDatabase } from '@cartwire/storage';
import { sql } from 'drizzle-orm';
import { Logger, run as runGraphileWorker } from 'graphile-worker';
import postgres from 'postgres';

export interface WorkflowBenchOptions {
  /** A Postgres server: the bench makes (and drops) a database on it; embedded PGlite when absent. */
  databaseUrl?: string;
  /** Runs waiting on a timer during the measurement (the target is 100_000: `--waiting=100000`). @default 20_000 */
  waiting?: number;
  /**
   * Timers that come due steadily over `spreadSeconds` (fire lag), then as many again all at once
   * (throughput); the other runs keep waiting. @default 1_000 (PGlite: 500)
   */
  due?: number;
  /** The due timers are spread over this many seconds. @default 5 */
  spreadSeconds?: number;
  /** Runtime instances (worker processes' worth) polling in parallel. @default 4 (PGlite: 1) */
  workers?: number;
  /**
   * Claimed jobs each runtime advances at once (its `concurrency`); graphile-worker gets the same total
   * (`workers × lanes`). @default 4 (PGlite: 1)
   */
  lanes?: number;
}

export interface WorkflowBenchResult {
  driver: 'pglite' | 'postgres';
  waitingRuns: number;
  dueTimers: number;
  workers: number;
  lanes: number;
  runtime: {
    /** Timers of the burst fired per second, each running its run to the end (resume, send, exit). */
    runsPerSecond: number;
    /** Step events written per second (3 per run: resumed, sent, completed). */
    stepsPerSecond: number;
    /** From a timer's due time to its run resuming, for the steadily due timers. */
    fireLagMs: { p50: number; p99: number; max: number };
  };
  /** Same number of no-op jobs through graphile-worker with the same total concurrency; null on PGlite. */
  graphileWorker: { jobsPerSecond: number } | null;
  /** graphile-worker jobs/s ÷ runtime runs/s (how much cheaper a bare job is than a workflow wake-up). */
  graphileRatio: number | null;
}

const definition = defineWorkflow({
  key: 'bench-timer',
  name: 'Bench timer',
  trigger: { event: 'customer.created', reentry: { policy: 'always' } },
  steps: [wait.for('PT1H', { id: 'timer' }), send({ id: 'message', channel: 'memory', template: 'bench' })],
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function withBenchDatabase<T>(
  url: string | undefined,
  work: (database: Database, url: string | undefined) => Promise<T>,
): Promise<T> {
  if (!url) {
    const database = await openDatabase();
    try {
      await migrate(database);
      return await work(database, undefined);
    } finally {
      await database.close();
    }
  }
  const name = `cartwire_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString(), maxConnections: 20 });
  try {
    await migrate(database);
    return await work(database, target.toString());
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end({ timeout: 5 });
  }
}

/**
 * Runs and their timer jobs written in bulk, in the state the runtime leaves a run in while it waits (at
 * the send after its timer, `seq` 2), all due in 30 days for now.
 */
async function seedWaitingRuns(database: Database, tenantId: string, workflowId: string, waiting: number) {
  const far = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const event = { type: 'customer.created', entityType: 'customer', entityId: null, data: {} };
  const refs = {
    customerId: null,
    cartId: null,
    orderId: null,
    variantId: null,
    productId: null,
    entryPrices: {},
    variants: {},
  };
  const batch = 10_000;
  for (let start = 1; start <= waiting; start += batch) {
    const end = Math.min(waiting, start + batch - 1);
    await database.db.execute(sql`
      insert into workflow_runs (id, tenant_id, store_id, workflow_id, version, trigger_event_id, trigger_event,
        correlation_key, customer_key, refs, status, current_node, seq, wake_at, entered_at, updated_at)
      select 'run_bench' || lpad(i::text, 8, '0'), ${tenantId}, 'sto_bench', ${workflowId}, 1,
        'evt_bench' || lpad(i::text, 8, '0'), ${JSON.stringify(event)}::jsonb, 'cus_bench' || i, 'cus_bench' || i,
        ${JSON.stringify(refs)}::jsonb, 'waiting', 'message', 2, ${far}::timestamptz, now(), now()
      from generate_series(${start}::int, ${end}::int) as i`);
    await database.db.execute(sql`
      insert into jobs (id, queue, payload, tenant_id, priority, run_at, state, attempts, max_attempts, dedupe_key)
      select 'job_bench' || lpad(i::text, 8, '0'), ${WORKFLOW_QUEUE},
        jsonb_build_object('runId', 'run_bench' || lpad(i::text, 8, '0'), 'seq', 2, 'attempt', 1), ${tenantId}, 0,
        ${far}::timestamptz, 'queued', 0, 10, 'workflow:run_bench' || lpad(i::text, 8, '0') || ':2:1'
      from generate_series(${start}::int, ${end}::int) as i`);
  }
}

/** Timers `first`..`last` come due evenly over `spreadSeconds` from `from` (all at `from` when 0). */
async function scheduleDue(
  database: Database,
  first: number,
  last: number,
  spreadSeconds: number,
  from: Date,
) {
  const stepMs = (spreadSeconds * 1000) / (last - first + 1);
  const [low, high] = [first, last].map((n) => `run_bench${String(n).padStart(8, '0')}`);
  await database.db.execute(sql`
    update workflow_runs set wake_at = ${from.toISOString()}::timestamptz
      + ((substr(id, 10)::int - ${first}) * ${stepMs}) * interval '1 millisecond'
    where id between ${low} and ${high}`);
  await database.db.execute(sql`
    update jobs set run_at = r.wake_at from workflow_runs r
    where r.id between ${low} and ${high} and jobs.id = 'job_bench' || substr(r.id, 10)`);
  return { low: low as string, high: high as string };
}

async function waitUntilCompleted(database: Database, count: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while ((await countCompleted(database)) < count) {
    if (Date.now() > deadline)
      throw new Error(`only ${await countCompleted(database)} of ${count} runs completed`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function measureRuntime(
  database: Database,
  options: Required<Omit<WorkflowBenchOptions, 'databaseUrl'>>,
) {
  const tenantId = 'ten_bench0000000000';
  await database.db.execute(sql`insert into tenants (id, name) values (${tenantId}, 'bench')`);
  const store = createWorkflowStore(database.db);
  const { workflow } = await store.create(tenantId, definition);
  await store.approve(tenantId, workflow.id, 1);
  await store.activate(tenantId, workflow.id, 1);
  await seedWaitingRuns(database, tenantId, workflow.id, options.waiting);
  await database.db.execute(sql`analyze`);

  const runtimes: WorkflowRuntime[] = [];
  for (let i = 0; i < options.workers; i++) {
    runtimes.push(
      createWorkflowRuntime({
        db: database.db,
        liveData: createMemoryLiveData(),
        channels: [createMemoryChannel('memory')],
        workerId: `bench-${i}`,
        concurrency: options.lanes,
      }),
    );
  }
  for (const runtime of runtimes) runtime.start({ pollMs: 10 });
  try {
    // Lag: timers coming due steadily while every other run keeps waiting. A finished run forgets its wake
    // time, so it is read from its timer job.
    const steady = await scheduleDue(
      database,
      1,
      options.due,
      options.spreadSeconds,
      new Date(Date.now() + 1000),
    );
    await waitUntilCompleted(database, options.due, options.spreadSeconds * 1000 + 600_000);
    const lags = rowsOf<{ lag: number }>(
      await database.db.execute(sql`
        select extract(epoch from (s.at - j.run_at)) * 1000 as lag
        from workflow_step_events s join jobs j on j.id = 'job_bench' || substr(s.run_id, 10)
        where s.outcome = 'resumed' and s.run_id between ${steady.low} and ${steady.high}`),
    )
      .map((r) => Number(r.lag))
      .sort((a, b) => a - b);

    // Throughput: as many timers again, all due at once.
    const burst = await scheduleDue(
      database,
      options.due + 1,
      2 * options.due,
      0,
      new Date(Date.now() + 500),
    );
    await waitUntilCompleted(database, 2 * options.due, 600_000);
    const [span] = rowsOf<{ runs: number; steps: number; seconds: number }>(
      await database.db.execute(sql`
        select count(distinct run_id)::int as runs, count(*)::int as steps,
          extract(epoch from max(at) - min(at)) as seconds
        from workflow_step_events where run_id between ${burst.low} and ${burst.high}`),
    );
    const seconds = Math.max(0.001, Number(span?.seconds ?? 0));
    return {
      runsPerSecond: Math.round(Number(span?.runs ?? 0) / seconds),
      stepsPerSecond: Math.round(Number(span?.steps ?? 0) / seconds),
      fireLagMs: {
        p50: Math.round(percentile(lags, 50)),
        p99: Math.round(percentile(lags, 99)),
        max: Math.round(lags.at(-1) ?? 0),
      },
    };
  } finally {
    await Promise.all(runtimes.map((runtime) => runtime.stop()));
  }
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : ((result as { rows?: T[] }).rows ?? [])) as T[];
}

async function countCompleted(database: Database): Promise<number> {
  const [row] = rowsOf<{ done: number }>(
    await database.db.execute(
      sql`select count(*)::int as done from workflow_runs where status = 'completed'`,
    ),
  );
  return Number(row?.done ?? 0);
}

async function measureGraphileWorker(url: string, jobs: number, concurrency: number): Promise<number> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  let done = 0;
  let finished: () => void = () => {};
  const allDone = new Promise<void>((resolve) => {
    finished = resolve;
  });
  const runner = await runGraphileWorker({
    connectionString: url,
    concurrency,
    noHandleSignals: true,
    pollInterval: 10,
    // Silent: a log line per job would measure the terminal.
    logger: new Logger(() => () => {}),
    taskList: {
      noop: async () => {
        done++;
        if (done === jobs) finished();
      },
    },
  });
  // Jobs are added once the worker runs (its schema exists), all due now, as the due timers are.
  const started = performance.now();
  await client.unsafe(
    `select graphile_worker.add_job('noop', json_build_object('i', i)) from generate_series(1, ${jobs}) i`,
  );
  await allDone;
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  await client.end({ timeout: 5 });
  return Math.round(jobs / seconds);
}

export async function benchWorkflows(options: WorkflowBenchOptions = {}): Promise<WorkflowBenchResult> {
  const onServer = options.databaseUrl !== undefined;
  const resolved = {
    waiting: options.waiting ?? 20_000,
    due: options.due ?? (onServer ? 1_000 : 500),
    spreadSeconds: options.spreadSeconds ?? 5,
    workers: options.workers ?? (onServer ? 4 : 1),
    lanes: options.lanes ?? (onServer ? 4 : 1),
  };
  return withBenchDatabase(options.databaseUrl, async (database, url) => {
    const runtime = await measureRuntime(database, resolved);
    const graphileJobsPerSecond = url
      ? await measureGraphileWorker(url, resolved.due, resolved.workers * resolved.lanes)
      : null;
    return {
      driver: database.driver,
      waitingRuns: resolved.waiting,
      dueTimers: resolved.due,
      workers: resolved.workers,
      lanes: resolved.lanes,
      runtime,
      graphileWorker: graphileJobsPerSecond === null ? null : { jobsPerSecond: graphileJobsPerSecond },
      graphileRatio:
        graphileJobsPerSecond === null
          ? null
          : Math.round((graphileJobsPerSecond / runtime.runsPerSecond) * 100) / 100,
    };
  });
}
