import type { EntityService } from '../../services/entity-service';
import { createEntityResourceRouter } from '../shared/entity-resource';
import { productsResource } from './products.routes';

export function createProductsRouter(entities: EntityService) {
  return createEntityResourceRouter(productsResource, entities);
}
