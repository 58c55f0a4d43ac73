import { describeResourceRoutes } from '../shared/resource-contract';

describeResourceRoutes({
  path: 'customers',
  stream: 'customers',
  filter: (woo) => {
    const customer = woo.store.listCustomers()[0];
    return { query: `email=${encodeURIComponent(customer?.email ?? '')}`, count: 1 };
  },
});
