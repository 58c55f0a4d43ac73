import type { SandboxStore } from '../store/sandbox-store';
import { addAmounts, subtractAmounts } from './money-bag';

/** Lifetime spend as Shopify reports it (`amountSpent`, `total_spent`): order totals less refunds. */
export function customerAmountSpentIn(store: SandboxStore, customerId: number): string {
  const currency = store.shop.currency;
  return store
    .ordersOf(customerId)
    .reduce(
      (sum, order) => addAmounts(currency, sum, subtractAmounts(currency, order.total, order.totalRefunded)),
      '0',
    );
}
