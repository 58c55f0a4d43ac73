import type { EntityService } from '../../services/entity-service';
import { createEntityResourceRouter } from '../shared/entity-resource';
import { ordersResource } from './orders.routes';

export function createOrdersRouter(entities: EntityService) {
  return createEntityResourceRouter(ordersResource, entities);
}
