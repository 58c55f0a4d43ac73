import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../database';
import { events } from '../schema/events';
import { parseInput } from '../validate';
import { type StoredEvent, toStoredEvent } from './event-log';

const GetEventInput = z.object({ tenantId: z.string().min(1), id: z.string().min(1) });

export interface EventLookup {
  /** One event of one tenant by id; null when unknown or another tenant's. */
  getEvent(tenantId: string, id: string): Promise<StoredEvent | null>;
}

export function createEventLookup(db: Db): EventLookup {
  return {
    async getEvent(tenantId, id) {
      const input = parseInput(GetEventInput, { tenantId, id }, 'event lookup');
      const [row] = await db
        .select()
        .from(events)
        .where(and(eq(events.tenantId, input.tenantId), eq(events.id, input.id)));
      return row ? toStoredEvent(row) : null;
    },
  };
}
