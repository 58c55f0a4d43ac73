import { z } from 'zod';
import type { CustomPage, CustomStreamContext } from '../../engine/connector';
import { paginate } from '../../engine/pagination/paginate';
import { arrayBody, listRequest, wooPagination } from './list-request';

const RefundedHead = z.object({ id: z.number().int(), refunds: z.array(z.unknown()).min(1) });

/** Every refund of an order with its date and lines (`orders/{id}/refunds`), all pages. */
export async function readRefunds(
  context: Pick<CustomStreamContext, 'request'>,
  orderId: number,
): Promise<unknown[]> {
  const refunds: unknown[] = [];
  for await (const page of paginate({
    pagination: wooPagination,
    base: { operation: 'orders.refunds.list', path: `/orders/${orderId}/refunds` },
    start: null,
    send: context.request,
    records: arrayBody,
  })) {
    refunds.push(...page.records);
  }
  return refunds;
}

/** A raw order with its refunds' detail, read only when the order's `refunds[]` is not empty. */
export async function withRefundDetails(
  context: Pick<CustomStreamContext, 'request'>,
  order: unknown,
): Promise<unknown> {
  const head = RefundedHead.safeParse(order);
  const refundDetails = head.success ? await readRefunds(context, head.data.id) : [];
  return { order, refundDetails };
}

/** Orders page by page (resumable at the page), each with its refunds' detail. */
export async function* orderPages(context: CustomStreamContext): AsyncIterable<CustomPage> {
  for await (const page of paginate({
    pagination: wooPagination,
    base: listRequest('orders.list', '/orders', context.since),
    start: context.resumeFrom,
    send: context.request,
    records: arrayBody,
  })) {
    const records = await Promise.all(page.records.map((order) => withRefundDetails(context, order)));
    yield { records, next: page.next };
  }
}
