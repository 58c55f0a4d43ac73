// Runs a workflow runtime on a test database with a movable clock. Not part of the public surface.
import type { TestDatabase } from '@cartwire/storage/testing';
import { sql } from 'drizzle-orm';
import type { WorkflowDefinition } from './definition/workflow-definition';
import {
  type ActionHandlers,
  type Channel,
  createMemoryChannel,
  type MemoryChannel,
  type OutboundMessage,
} from './runtime/channels';
import { createMemoryLiveData, type LiveData } from './runtime/live-data';
import { createWorkflowRuntime, type RetryOptions } from './runtime/workflow-runtime';
import { T0, tenantId } from './test-fixtures';

export async function ensureTenant(database: TestDatabase, id = tenantId) {
  await database.db.execute(sql`insert into tenants (id, name) values (${id}, ${id}) on conflict do nothing`);
}

export function createHarness(
  database: TestDatabase,
  options: {
    channels?: Channel[];
    actions?: ActionHandlers;
    retry?: RetryOptions;
    workerId?: string;
    liveData?: LiveData;
    refreshTimeoutMs?: number;
  } = {},
) {
  const clock = { now: new Date(T0) };
  const memory = createMemoryChannel('webhook');
  /** Every message delivered, with the clock time it went out. */
  const log: { template: string; at: string; message: OutboundMessage }[] = [];
  const sink: MemoryChannel = {
    name: memory.name,
    messages: memory.messages,
    async send(message) {
      const before = memory.messages.length;
      const result = await memory.send(message);
      if (memory.messages.length > before)
        log.push({ template: message.template, at: clock.now.toISOString(), message });
      return result;
    },
  };
  const live = createMemoryLiveData();
  const make = (workerId: string) =>
    createWorkflowRuntime({
      db: database.db,
      liveData: options.liveData ?? live,
      channels: options.channels ?? [sink],
      ...(options.actions ? { actions: options.actions } : {}),
      now: () => clock.now,
      workerId,
      retry: options.retry ?? { maxAttempts: 3, baseMs: 60_000 },
      ...(options.refreshTimeoutMs ? { refreshTimeoutMs: options.refreshTimeoutMs } : {}),
    });
  const runtime = make(options.workerId ?? 'worker-a');
  return {
    clock,
    sink,
    log,
    live,
    runtime,
    /** Another process on the same database (e.g. after a restart). */
    restart: (workerId: string) => make(workerId),
    /** Feeds an event and runs what it made due, as a running worker would right away. */
    async feed(input: unknown) {
      const result = await runtime.handleEvent(input);
      await runtime.drain();
      return result;
    },
    /** Moves the clock forward and runs everything due. */
    async advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
      await runtime.drain();
    },
    async deploy(definition: WorkflowDefinition) {
      const { workflow } = await runtime.store.create(tenantId, definition);
      await runtime.store.approve(tenantId, workflow.id, 1);
      await runtime.store.activate(tenantId, workflow.id, 1);
      return workflow.id;
    },
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
