import { type Money, money, sumMoney } from '@cartwire/model';
import { z } from 'zod';

/** GraphQL `MoneyV2`. Amounts are decimal strings, not fixed to 2 dp (`"2000.0"`). */
export const RawMoneyV2 = z.object({ amount: z.string(), currencyCode: z.string() });
export type RawMoneyV2 = z.infer<typeof RawMoneyV2>;

/** GraphQL `MoneyBag`: the shop-currency amount and the amount the buyer saw. */
export const RawMoneyBag = z.object({ shopMoney: RawMoneyV2, presentmentMoney: RawMoneyV2.optional() });
export type RawMoneyBag = z.infer<typeof RawMoneyBag>;

export function moneyOf(value: RawMoneyV2): Money {
  return money(value.amount, value.currencyCode);
}

/** The shop-currency amount of a bag, or zero in `currency` when the platform sent none. */
export function shopMoneyOf(bag: RawMoneyBag | null | undefined, currency: string): Money {
  return bag ? moneyOf(bag.shopMoney) : money('0', currency);
}

/** Sum of shop-currency amounts, zero in `currency` for none. */
export function sumShopMoney(bags: readonly (RawMoneyBag | null | undefined)[], currency: string): Money {
  return sumMoney(
    bags.map((bag) => shopMoneyOf(bag, currency)),
    currency,
  );
}
