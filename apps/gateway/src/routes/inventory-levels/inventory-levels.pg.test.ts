import { describeResourceRoutes } from '../shared/resource-contract';

describeResourceRoutes({
  path: 'inventory-levels',
  stream: 'inventoryLevels',
});
