import {
  type ActionHandlers,
  type Channel,
  createClvService,
  createEntityLiveData,
  createGovernanceGate,
  createGovernedChannel,
  createOnsiteChannel,
  createSegmentStore,
  createWaitlistActionHandler,
  createWaitlistStore,
  createWorkflowRuntime,
  type GovernedChannel,
  type WorkflowRuntime,
} from '@cartwire/automation-sdk';
import { type AnyEvent, InvalidEventError } from '@cartwire/model';
import { createEventCursor, type Database, type Repositories, type StoredEvent } from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { type ConnectorRegistry, createConnectorRegistry } from '../services/connector-registry';
import { createEntityService } from '../services/entity-service';
import { createStoreService } from '../services/store-service';
import { createChangeRecorder } from '../sync/change-recorder';
import { createLiveRefresh } from './live-refresh';
import { createMessageEventChannel } from './message-event-channel';

/** Channel names a send step may use without a provider: they become `message.requested` events. */
export const EVENT_CHANNEL_NAMES = ['webhook', 'email', 'sms', 'push'] as const;

export const WORKFLOW_ENGINE_CONSUMER = 'workflow-engine';

export interface WorkflowEngineSettings {
  /** How often the event log is read for triggers, waits and exits. @default 250 */
  readonly feedIntervalMs?: number;
  /** How often due timers and retries are claimed. @default 500 */
  readonly stepIntervalMs?: number;
  /** How often sends delayed by quiet hours are re-checked and delivered. @default 30_000 */
  readonly delayedIntervalMs?: number;
  /** Events handed to the runtime per read. @default 200 */
  readonly batchSize?: number;
  /**
   * Channels that deliver themselves (an SMTP email channel, an SMS provider), by name; they replace
   * the event channel of the same name. Every channel passes the governance gate.
   */
  readonly channels?: readonly Channel[];
  /** Handlers of workflow actions by kind (audience actions through the tenant's ads provider, …). */
  readonly actions?: ActionHandlers;
  /**
   * Before a send, a run's cart, order or variant stored longer ago than this is read again from its
   * platform (as `?fresh=true` reads it), so a cart converted or a variant sold out since the last sync
   * blocks the send. @default 300_000 (5 minutes)
   */
  readonly liveDataMaxAgeMs?: number;
  /** How long that read may take before the send goes on with the stored copy. @default 5_000 */
  readonly liveRefreshTimeoutMs?: number;
  /**
   * Due steps advanced at once (the runtime's `concurrency`). @default 4 on Postgres, 1 on PGlite (one
   * connection: it must stay 1 there)
   */
  readonly stepConcurrency?: number;
}

export interface WorkflowEngineOptions extends WorkflowEngineSettings {
  readonly database: Database;
  readonly repositories: Repositories;
  /** Platform connectors for live refreshes. @default the bundled connectors */
  readonly connectors?: ConnectorRegistry;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workerId: string;
}

export interface WorkflowEngine {
  readonly runtime: WorkflowRuntime;
  /** Hands the next events to the runtime. @returns how many were read (0 when another process feeds) */
  feed(): Promise<number>;
  /** Feeds, then runs every due step, until neither finds work (tests and scripts). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

function envelopeOf(event: StoredEvent): AnyEvent {
  const { seq: _seq, ...envelope } = event;
  return envelope as AnyEvent;
}

/**
 * Runs the tenants' active workflows in this process: follows the event log with a leased cursor (one
 * process feeds at a time; the runtime's one-run-per-trigger-event rule makes a re-fed event harmless),
 * handing each event to the runtime (start, resume, goal and exit) and to the governance gate (purchase
 * and refund signals); claims due steps on the jobs table; delivers sends that quiet hours delayed.
 * Sends go through the governance gate to a delivering channel, or become `message.requested` events.
 */
export function startWorkflowEngine(options: WorkflowEngineOptions): WorkflowEngine {
  const { database, repositories, clock, logger, workerId } = options;
  const now = () => clock.now();
  const db = database.db;
  const batchSize = options.batchSize ?? 200;
  const waitlist = createWaitlistStore(db, { now });
  const connectors = options.connectors ?? createConnectorRegistry();
  const stores = createStoreService({ repositories, connectors });
  const recorder = createChangeRecorder(database, { now });
  const refresh = createLiveRefresh({
    database,
    repositories,
    entities: createEntityService({ repositories, connectors, stores, recorder }),
    maxAgeMs: options.liveDataMaxAgeMs ?? 300_000,
    now,
  });
  const liveData = createEntityLiveData(repositories.entities, {
    waitlist,
    refresh,
    predictions: createClvService({ db, now }),
  });
  const gate = createGovernanceGate({ db, customers: liveData, now });
  // Onsite messages are stored for the storefront (GET /v1/track/messages) unless a channel replaces them.
  const delivering = new Map<string, Channel>([
    ['onsite', createOnsiteChannel({ db, now })],
    ...(options.channels ?? []).map((channel): [string, Channel] => [channel.name, channel]),
  ]);
  const channels: GovernedChannel[] = [
    ...EVENT_CHANNEL_NAMES.filter((name) => !delivering.has(name)).map((name) =>
      createMessageEventChannel({ name, events: repositories.events, clock }),
    ),
    ...delivering.values(),
  ].map((channel) => createGovernedChannel({ gate, channel }));
  const runtime = createWorkflowRuntime({
    db,
    liveData,
    channels,
    now,
    workerId,
    segments: createSegmentStore(db, { now }).membership,
    // The shipped back-in-stock workflow takes alerted shoppers off the variant's waitlist.
    actions: { waitlist: createWaitlistActionHandler(waitlist), ...options.actions },
    ...(options.liveRefreshTimeoutMs ? { refreshTimeoutMs: options.liveRefreshTimeoutMs } : {}),
    concurrency: database.driver === 'postgres' ? (options.stepConcurrency ?? 4) : 1,
  });
  const cursor = createEventCursor(db, { consumer: WORKFLOW_ENGINE_CONSUMER, owner: workerId, now });

  async function handle(event: StoredEvent): Promise<void> {
    const envelope = envelopeOf(event);
    try {
      await gate.observeEvent(envelope);
      const result = await runtime.handleEvent(envelope);
      if (result.started.length + result.resumed.length + result.ended.length > 0) {
        logger.debug(
          {
            eventId: event.id,
            type: event.type,
            started: result.started.length,
            resumed: result.resumed.length,
            ended: result.ended.length,
          },
          'workflow runs moved by an event',
        );
      }
    } catch (error) {
      // An event the log accepted but the runtime cannot read (an older shape) must not stop the feed.
      if (!(error instanceof InvalidEventError)) throw error;
      logger.warn({ eventId: event.id, type: event.type, err: error }, 'workflow engine skipped an event');
    }
  }

  async function feed(): Promise<number> {
    const position = await cursor.claim();
    if (position === null) return 0;
    const batch = await cursor.read(position, batchSize);
    for (const event of batch) {
      await handle(event);
      // Advancing per event: a crash re-feeds at most the event in hand, which the runtime dedupes.
      await cursor.advance(event.seq);
    }
    return batch.length;
  }

  let stopped = false;
  const loops: Promise<void>[] = [];
  const wakeUps = new Set<() => void>();
  /** Sleeps `ms`, or less when the engine stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakeUps.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeUps.add(done);
    });
  function every(ms: number, name: string, task: () => Promise<unknown>): void {
    loops.push(
      (async () => {
        while (!stopped) {
          try {
            await task();
          } catch (error) {
            logger.error({ err: error, loop: name }, 'workflow engine loop failed; retrying');
          }
          await pause(ms);
        }
      })(),
    );
  }

  every(options.feedIntervalMs ?? 250, 'feed', async () => {
    while (!stopped && (await feed()) === batchSize) {
      // A full batch: more are waiting.
    }
  });
  every(options.stepIntervalMs ?? 500, 'steps', () => runtime.drain());
  every(options.delayedIntervalMs ?? 30_000, 'delayed sends', async () => {
    for (const channel of channels) await channel.deliverDue();
  });

  return {
    runtime,
    feed,
    async settle() {
      for (;;) {
        const fed = await feed();
        const ran = await runtime.drain();
        if (fed === 0 && ran === 0) return;
      }
    },
    async stop() {
      stopped = true;
      for (const wake of [...wakeUps]) wake();
      await Promise.all(loops);
      await cursor.release();
      // Limiters of the connector engine this engine made for live refreshes.
      if (!options.connectors) await connectors.engine.close();
    },
  };
}
