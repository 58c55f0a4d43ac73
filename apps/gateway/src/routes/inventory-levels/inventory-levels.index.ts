import type { EntityService } from '../../services/entity-service';
import { createEntityResourceRouter } from '../shared/entity-resource';
import { inventoryLevelsResource } from './inventory-levels.routes';

export function createInventoryLevelsRouter(entities: EntityService) {
  return createEntityResourceRouter(inventoryLevelsResource, entities);
}
