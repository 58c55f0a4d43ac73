import { z } from 'zod';
import type { CustomPage, CustomStreamContext } from '../../engine/connector';
import { WooSettings } from '../credentials';
import { listPages, listRequest, readAll } from './list-request';

/** Every refund of an order with its date and lines (`orders/{id}/refunds`), all pages. */
export function readRefunds(
  context: Pick<CustomStreamContext, 'request' | 'store'>,
  orderId: number,
): Promise<unknown[]> {
  return readAll(context, { operation: 'orders.refunds.list', path: `/orders/${orderId}/refunds` });
}

const RefundedHead = z.object({ id: z.number().int(), refunds: z.array(z.unknown()).min(1) });

/**
 * Orders page by page (resumable at the page), each with its refunds' detail when it has refunds,
 * unless the store settings ask for refund summaries only.
 */
export async function* orderPages(context: CustomStreamContext): AsyncIterable<CustomPage> {
  const base = listRequest('orders.list', '/orders', context.since);
  if (WooSettings.parse(context.store.settings).refundDetail === 'summary') {
    yield* listPages(context, base, async (orders) =>
      orders.map((order) => ({ order, refundDetails: null })),
    );
    return;
  }
  yield* listPages(context, base, (orders) =>
    Promise.all(
      orders.map(async (order) => {
        const head = RefundedHead.safeParse(order);
        const refundDetails = head.success ? await readRefunds(context, head.data.id) : [];
        return { order, refundDetails };
      }),
    ),
  );
}
