import type { StoredEvent } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { toFieldErrors } from '../../http/create-router';
import { ValidationError } from '../../http/problem';
import type { EventService } from '../../services/event-service';
import { EventTypeList, type getEventRoute, type listEventsRoute } from './events.routes';

/** The public event: the envelope without the log position (cursors carry that). */
function toEvent({ seq: _seq, ...event }: StoredEvent) {
  return event;
}

function parseTypes(type: string | undefined): string[] | undefined {
  if (type === undefined) return undefined;
  const parsed = EventTypeList.safeParse(type.split(',').map((part) => part.trim()));
  if (!parsed.success) {
    throw new ValidationError(
      toFieldErrors('query', parsed.error).map((error) => ({
        ...error,
        path: `type${error.path ? `.${error.path}` : ''}`,
      })),
    );
  }
  return parsed.data;
}

export function createEventHandlers(events: EventService) {
  const list: RouteHandler<typeof listEventsRoute, AuthedEnv> = async (c) => {
    const query = c.req.valid('query');
    const page = await events.list(c.var.auth.tenantId, {
      after: query.after,
      types: parseTypes(query.type),
      storeId: query.store_id,
      limit: query.limit,
    });
    return c.json(
      {
        object: 'list' as const,
        data: page.events.map(toEvent),
        has_more: page.hasMore,
        next_cursor: page.nextCursor,
      },
      200,
    );
  };
  const get: RouteHandler<typeof getEventRoute, AuthedEnv> = async (c) =>
    c.json(toEvent(await events.get(c.var.auth.tenantId, c.req.valid('param').id)), 200);
  return { list, get };
}
