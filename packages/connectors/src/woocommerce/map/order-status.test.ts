import { money } from '@cartwire/model';
import { describe, expect, it } from 'vitest';
import { unifiedOrderStatus } from './order-status';

const total = money('50.00', 'EUR');
const none = money('0', 'EUR');
const some = money('20.00', 'EUR');
const all = money('50.00', 'EUR');

describe('unifiedOrderStatus', () => {
  it.each([
    ['pending', false, false, none, ['open', 'pending', 'unfulfilled']],
    ['processing', true, false, none, ['open', 'paid', 'unfulfilled']],
    ['processing', true, false, some, ['open', 'partially_refunded', 'unfulfilled']],
    ['on-hold', false, false, none, ['open', 'pending', 'on_hold']],
    ['completed', true, true, none, ['closed', 'paid', 'fulfilled']],
    ['completed', false, true, some, ['closed', 'partially_refunded', 'fulfilled']],
    ['completed', true, true, all, ['closed', 'refunded', 'fulfilled']],
    ['refunded', true, true, all, ['closed', 'refunded', 'fulfilled']],
    ['refunded', true, false, all, ['closed', 'refunded', 'restocked']],
    ['cancelled', false, false, none, ['cancelled', 'voided', 'restocked']],
    ['cancelled', true, false, all, ['cancelled', 'refunded', 'restocked']],
    ['failed', false, false, none, ['open', 'failed', 'unfulfilled']],
    ['checkout-draft', false, false, none, ['draft', 'pending', 'unfulfilled']],
    ['wc-shipped-custom', true, false, none, ['open', 'paid', 'unfulfilled']],
    ['wc-awaiting-custom', false, false, none, ['open', 'pending', 'unfulfilled']],
  ] as const)('%s (paid %s, completed %s, refunded %o)', (status, paid, completed, refunded, expected) => {
    const result = unifiedOrderStatus({ status, paid, completed, total, refunded });
    expect([result.status, result.financialStatus, result.fulfillmentStatus]).toEqual(expected);
  });
});
