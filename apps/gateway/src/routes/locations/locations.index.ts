import type { EntityService } from '../../services/entity-service';
import { createEntityResourceRouter } from '../shared/entity-resource';
import { locationsResource } from './locations.routes';

export function createLocationsRouter(entities: EntityService) {
  return createEntityResourceRouter(locationsResource, entities);
}
