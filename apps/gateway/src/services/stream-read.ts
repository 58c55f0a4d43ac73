import {
  type AnyConnector,
  type ConnectorEngine,
  createInMemoryCheckpointStore,
  runStream,
  type StoreInput,
} from '@cartwire/connectors';
import type { AnyEntity } from '@cartwire/model';

export interface ReadStreamUntilInput {
  readonly engine: ConnectorEngine;
  readonly connector: AnyConnector;
  readonly store: StoreInput;
  readonly stream: string;
  /** Read records changed at or after this time. */
  readonly since: Date;
  /** Called with each page; returning true stops the read (no further page is requested). */
  readonly stop: (entities: AnyEntity[]) => boolean;
}

/**
 * An ad-hoc incremental read of one stream through the engine (limits, retries, mapping, validation
 * as a sync has them), outside the sync's checkpoints, stopped as soon as the caller has what it needs.
 * Connector errors before the stop propagate. @returns whether `stop` returned true.
 */
export async function readStreamUntil(input: ReadStreamUntilInput): Promise<boolean> {
  const checkpoints = createInMemoryCheckpointStore();
  await checkpoints.commitWatermark(input.store.id, input.stream, {
    updatedAt: input.since.toISOString(),
    id: '0',
  });
  const abort = new AbortController();
  let stopped = false;
  try {
    await runStream({
      engine: input.engine,
      connector: input.connector,
      store: input.store,
      stream: input.stream,
      mode: 'incremental',
      checkpoints,
      overlapMs: 0,
      signal: abort.signal,
      onPage(entities) {
        if (input.stop(entities)) {
          stopped = true;
          abort.abort();
        }
      },
    });
  } catch (error) {
    // Aborting the next page once the caller stopped is the normal way out.
    if (!stopped) throw error;
  }
  return stopped;
}
