import { Location } from '@cartwire/model';
import { z } from '@hono/zod-openapi';
import type { EntityResource } from '../shared/entity-resource';

export const locationsResource: EntityResource = {
  type: 'location',
  path: 'locations',
  name: 'Location',
  tag: 'Locations',
  schema: Location,
  filters: {
    q: z.string().trim().min(1).max(200),
  },
};
