import { z } from 'zod';
import { EventType } from './events';

/**
 * Whether an event type matches a subscription pattern: an exact type (`order.paid`), a segment
 * wildcard (`order.*`, `*.created`) or `*` for everything.
 */
export function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  const want = pattern.split('.');
  const have = type.split('.');
  if (want.length !== have.length) return false;
  return want.every((segment, i) => segment === '*' || segment === have[i]);
}

/** A subscription pattern that matches at least one known event type (catches typos like `order.payed`). */
export const EventTypePattern = z
  .string()
  .refine((pattern) => EventType.options.some((type) => eventTypeMatches(pattern, type)), {
    message: 'pattern matches no event type',
  })
  .describe('An event type (`order.paid`), a wildcard over one segment (`order.*`, `*.created`), or `*`.');
export type EventTypePattern = z.infer<typeof EventTypePattern>;
