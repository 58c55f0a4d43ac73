import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import type { EventService } from '../../services/event-service';
import { createEventHandlers } from './events.handlers';
import { getEventRoute, listEventsRoute } from './events.routes';

export function createEventsRouter(events: EventService) {
  const handlers = createEventHandlers(events);
  return createRouter<AuthedEnv>()
    .openapi(listEventsRoute, handlers.list)
    .openapi(getEventRoute, handlers.get);
}
