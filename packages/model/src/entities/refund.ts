import { z } from 'zod';
import { ID_PREFIX, LINE_ID_PREFIX, prefixedId } from '../ids';
import { Money } from '../money';
import { entityBase } from './base';

export const RefundLine = z
  .object({
    lineItemId: prefixedId(LINE_ID_PREFIX.line_item).describe('Order line refunded (li_…).'),
    quantity: z.number().int().min(0).describe('Units refunded (0 for an amount-only refund on the line).'),
    amount: Money.describe('Amount refunded for this line, tax included where the platform includes it.'),
    restock: z.boolean().describe('Whether the refunded units were returned to stock.'),
  })
  .describe('The part of a refund that concerns one order line.')
  .meta({ id: 'RefundLine' });
export type RefundLine = z.infer<typeof RefundLine>;

export const Refund = z
  .object({
    id: prefixedId(ID_PREFIX.refund).describe('Cartwire id of the refund (ref_…).'),
    ...entityBase,
    orderId: prefixedId(ID_PREFIX.order).describe('Order refunded.'),
    lines: z.array(RefundLine).describe('Lines refunded; empty for an amount-only refund (e.g. goodwill).'),
    amount: Money.describe('Total amount returned to the buyer in the shop currency.'),
    reason: z.string().nullable().describe('Reason or note as entered; null when none.'),
  })
  .describe(
    'Money returned to the buyer for an order, in full or in part. `createdAt` is when it was issued.',
  )
  .meta({ id: 'Refund' });
export type Refund = z.infer<typeof Refund>;
