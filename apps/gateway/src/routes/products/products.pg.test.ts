import { describeResourceRoutes } from '../shared/resource-contract';

describeResourceRoutes({
  path: 'products',
  stream: 'products',
  filter: (woo) => {
    const variant = woo.store.listVariants().find((v) => v.sku);
    return { query: `sku=${encodeURIComponent(variant?.sku ?? '')}`, count: 1 };
  },
});
