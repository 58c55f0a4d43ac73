import type { EntityService } from '../../services/entity-service';
import { createEntityResourceRouter } from '../shared/entity-resource';
import { customersResource } from './customers.routes';

export function createCustomersRouter(entities: EntityService) {
  return createEntityResourceRouter(customersResource, entities);
}
