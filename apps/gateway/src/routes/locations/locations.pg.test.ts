import { describeResourceRoutes } from '../shared/resource-contract';

describeResourceRoutes({ path: 'locations', stream: 'locations' });
