import { and, asc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../database';
import { eventCursors } from '../schema/event-cursors';
import { events } from '../schema/events';
import { type StoredEvent, toStoredEvent } from './event-log';

export interface EventCursorOptions {
  /** Names the consumer; one position per name. */
  consumer: string;
  /** This process (a worker id): only the lease holder advances the position. */
  owner: string;
  /** A lease not renewed for this long passes to another process. @default 30_000 */
  leaseMs?: number;
  /** @default () => new Date() */
  now?: () => Date;
}

/**
 * A consumer's position in the event log across every tenant, held by one process at a time. A new
 * consumer starts at the end of the log: it reacts to what happens from now on, not to history.
 */
export interface EventCursor {
  /** Takes or renews the lease. @returns the position, or null while another process holds the lease */
  claim(): Promise<number | null>;
  /** The next events after `afterSeq`, of every tenant, in log order (each carries its tenant). */
  read(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** Moves the position forward (never back); ignored unless this process holds the lease. */
  advance(seq: number): Promise<void>;
  /** Gives the lease up (on shutdown) so another process takes over at once. */
  release(): Promise<void>;
}

export function createEventCursor(db: Db, options: EventCursorOptions): EventCursor {
  const { consumer, owner } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const now = options.now ?? (() => new Date());
  let created = false;

  return {
    async claim() {
      const at = now();
      if (!created) {
        await db
          .insert(eventCursors)
          .values({
            consumer,
            seq: sql`(select coalesce(max(${events.seq}), 0) from ${events})`,
            updatedAt: at,
          })
          .onConflictDoNothing({ target: eventCursors.consumer });
        created = true;
      }
      const [row] = await db
        .update(eventCursors)
        .set({ leasedBy: owner, leaseUntil: new Date(at.getTime() + leaseMs) })
        .where(
          and(
            eq(eventCursors.consumer, consumer),
            or(
              isNull(eventCursors.leasedBy),
              eq(eventCursors.leasedBy, owner),
              lt(eventCursors.leaseUntil, at),
            ),
          ),
        )
        .returning({ seq: eventCursors.seq });
      return row ? row.seq : null;
    },

    async read(afterSeq, limit) {
      const rows = await db
        .select()
        .from(events)
        .where(gt(events.seq, afterSeq))
        .orderBy(asc(events.seq))
        .limit(limit);
      return rows.map(toStoredEvent);
    },

    async advance(seq) {
      await db
        .update(eventCursors)
        .set({ seq: sql`greatest(${eventCursors.seq}, ${seq})`, updatedAt: now() })
        .where(and(eq(eventCursors.consumer, consumer), eq(eventCursors.leasedBy, owner)));
    },

    async release() {
      await db
        .update(eventCursors)
        .set({ leasedBy: null, leaseUntil: null })
        .where(and(eq(eventCursors.consumer, consumer), eq(eventCursors.leasedBy, owner)));
    },
  };
}
