import type { EntityService } from '../../services/entity-service';
import { createEntityResourceRouter } from '../shared/entity-resource';
import { cartsResource } from './carts.routes';

export function createCartsRouter(entities: EntityService) {
  return createEntityResourceRouter(cartsResource, entities);
}
