import type { Repositories, StoredEvent } from '@cartwire/storage';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../http/problem';
import type { StoreService } from './store-service';

export interface ListEventsOptions {
  /** Opaque cursor from a previous page's `next_cursor`; from the start of the log when omitted. */
  readonly after?: string | undefined;
  /** Exact types or wildcard patterns (`order.*`). */
  readonly types?: readonly string[] | undefined;
  readonly storeId?: string | undefined;
  readonly limit: number;
}

export interface EventPageResult {
  readonly events: StoredEvent[];
  readonly hasMore: boolean;
  /** Continue after the last event of this page; when nothing was read, the cursor given (or null). */
  readonly nextCursor: string | null;
}

export interface EventService {
  list(tenantId: string, options: ListEventsOptions): Promise<EventPageResult>;
  /** @throws NotFoundError */
  get(tenantId: string, id: string): Promise<StoredEvent>;
}

const AfterCursor = z.object({ s: z.number().int().min(0) });

/** The log position behind an opaque `after` cursor. */
function decodeAfter(after: string): number {
  try {
    return AfterCursor.parse(JSON.parse(Buffer.from(after, 'base64url').toString('utf8'))).s;
  } catch {
    throw new ValidationError([
      { in: 'query', path: 'after', message: 'is not a cursor this API issued', code: 'invalid_value' },
    ]);
  }
}

export function encodeAfter(seq: number): string {
  return Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
}

export function createEventService(deps: {
  readonly repositories: Pick<Repositories, 'events' | 'eventLookup'>;
  readonly stores: StoreService;
}): EventService {
  const { events, eventLookup } = deps.repositories;
  return {
    async list(tenantId, options) {
      if (options.storeId !== undefined) await deps.stores.get(tenantId, options.storeId);
      const afterSeq = options.after === undefined ? 0 : decodeAfter(options.after);
      // One extra row tells whether another page follows without a second query.
      const page = await events.listEvents({
        tenantId,
        afterSeq,
        limit: options.limit + 1,
        ...(options.types === undefined ? {} : { types: [...options.types] }),
        ...(options.storeId === undefined ? {} : { storeId: options.storeId }),
      });
      const pageEvents = page.events.slice(0, options.limit);
      const last = pageEvents.at(-1);
      return {
        events: pageEvents,
        hasMore: page.events.length > options.limit,
        // Even on the last page the cursor is returned: polling with it later yields only newer events.
        nextCursor: last ? encodeAfter(last.seq) : (options.after ?? null),
      };
    },

    async get(tenantId, id) {
      const event = await eventLookup.getEvent(tenantId, id);
      if (!event) throw new NotFoundError(`No event ${id}.`);
      return event;
    },
  };
}
