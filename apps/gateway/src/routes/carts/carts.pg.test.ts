import { describeResourceRoutes } from '../shared/resource-contract';

describeResourceRoutes({
  path: 'carts',
  stream: 'carts',
});
