import { type AnyEvent, EventType, EventTypePattern, eventTypeMatches, parseEvent } from '@cartwire/model';
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { StorageConflictError } from '../errors';
import { events } from '../schema/events';
import { parseInput } from '../validate';

/** An event as stored: the envelope plus its position in the log. */
export type StoredEvent = AnyEvent & { seq: number };

export interface AppendResult {
  id: string;
  seq: number;
  /** False when an event with this id was already in the log (a replay): nothing was written. */
  appended: boolean;
}

const ListEventsInput = z.object({
  tenantId: z.string().min(1),
  /** Return events strictly after this position; 0 reads from the start. */
  afterSeq: z.number().int().min(0).default(0),
  /** Event types or wildcard patterns (`order.*`, `*.created`, `*`); all types when omitted. */
  types: z.array(EventTypePattern).min(1).optional(),
  storeId: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});

export type ListEventsInput = z.input<typeof ListEventsInput>;

export interface EventPage {
  events: StoredEvent[];
  /** Pass as `afterSeq` to continue; equal to the input `afterSeq` when nothing new arrived. */
  nextSeq: number;
}

export interface EventLog {
  /** Appends in order; validates each event (envelope and typed data). Replays of an id are no-ops. */
  appendEvents(events: readonly unknown[]): Promise<AppendResult[]>;
  listEvents(input: ListEventsInput): Promise<EventPage>;
}

/** Arbitrary constant: key of the transaction lock that makes appends commit in `seq` order. */
const APPEND_LOCK_KEY = 727_364_002;

/** The append-only event log. There is deliberately no update or delete. */
export function createEventLog(db: Db): EventLog {
  return {
    async appendEvents(input) {
      const parsed = input.map((event) => parseEvent(event));
      if (parsed.length === 0) return [];
      return db.transaction(async (tx) => {
        // Identity values are handed out at insert but become visible at commit: two concurrent
        // appenders could commit seq 11 before seq 10, and a reader at cursor 11 would never see 10.
        // Holding this lock until commit makes every append commit in seq order.
        await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`);
        const inserted = await tx
          .insert(events)
          .values(parsed.map(toRow))
          .onConflictDoNothing({ target: events.id })
          .returning({ id: events.id, seq: events.seq });
        const insertedById = new Map(inserted.map((row) => [row.id, row.seq]));
        const replayedIds = parsed.map((event) => event.id).filter((id) => !insertedById.has(id));
        const replayed =
          replayedIds.length === 0
            ? []
            : await tx
                .select({ id: events.id, seq: events.seq, tenantId: events.tenantId })
                .from(events)
                .where(inArray(events.id, replayedIds));
        const replayedById = new Map(replayed.map((row) => [row.id, row]));
        return parsed.map((event) => {
          const seq = insertedById.get(event.id);
          if (seq !== undefined) return { id: event.id, seq, appended: true };
          const existing = replayedById.get(event.id);
          // Ids are random, so a clash across tenants is a bug upstream, never a replay to acknowledge.
          if (!existing || existing.tenantId !== event.tenantId) {
            throw new StorageConflictError(`Event id ${event.id} is already taken`);
          }
          return { id: event.id, seq: existing.seq, appended: false };
        });
      });
    },

    async listEvents(input) {
      const { tenantId, afterSeq, types, storeId, limit } = parseInput(ListEventsInput, input, 'event query');
      // Patterns only ever name known types, so they expand to an IN list the (tenant, type, seq) index serves.
      const matching = types?.includes('*')
        ? undefined
        : types &&
          EventType.options.filter((type) => types.some((pattern) => eventTypeMatches(pattern, type)));
      const rows = await db
        .select()
        .from(events)
        .where(
          and(
            eq(events.tenantId, tenantId),
            gt(events.seq, afterSeq),
            matching ? inArray(events.type, matching) : undefined,
            storeId ? eq(events.storeId, storeId) : undefined,
          ),
        )
        .orderBy(asc(events.seq))
        .limit(limit);
      return {
        events: rows.map(toStoredEvent),
        nextSeq: rows.at(-1)?.seq ?? afterSeq,
      };
    },
  };
}

function toRow(event: AnyEvent): typeof events.$inferInsert {
  return {
    id: event.id,
    tenantId: event.tenantId,
    storeId: event.storeId,
    type: event.type,
    source: event.source,
    entityType: event.entityType,
    entityId: event.entityId,
    occurredAt: new Date(event.occurredAt),
    receivedAt: new Date(event.receivedAt),
    data: event.data,
    previous: event.previous ?? null,
  };
}

/** A stored row as the validated event it holds (also used by event-lookup.ts). */
export function toStoredEvent(row: typeof events.$inferSelect): StoredEvent {
  const event = parseEvent({
    id: row.id,
    type: row.type,
    tenantId: row.tenantId,
    storeId: row.storeId,
    occurredAt: row.occurredAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    source: row.source,
    entityType: row.entityType,
    entityId: row.entityId,
    data: row.data,
    ...(row.previous === null ? {} : { previous: row.previous }),
  });
  return { ...event, seq: row.seq };
}
