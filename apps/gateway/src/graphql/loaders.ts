import type { Customer, Order } from '@cartwire/model';
import DataLoader from 'dataloader';
import type { EntityService } from '../services/entity-service';

/** Batching loaders for one request and one tenant: every nested lookup in a query is one SQL statement. */
export interface GraphqlLoaders {
  readonly customerById: DataLoader<string, Customer | null>;
  /** Orders of each customer, newest first. */
  readonly ordersByCustomerId: DataLoader<string, Order[]>;
}

export function createLoaders(entities: EntityService, tenantId: string): GraphqlLoaders {
  return {
    customerById: new DataLoader(async (ids) => {
      const found = await entities.getMany(tenantId, 'customer', ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    ordersByCustomerId: new DataLoader(async (customerIds) => {
      const orders = await entities.listWhereIn(tenantId, 'order', 'customerId', customerIds);
      const byCustomer = new Map<string, Order[]>(customerIds.map((id) => [id, []]));
      for (const order of orders) {
        if (order.customerId !== null) byCustomer.get(order.customerId)?.push(order);
      }
      return customerIds.map((id) => byCustomer.get(id) ?? []);
    }),
  };
}
