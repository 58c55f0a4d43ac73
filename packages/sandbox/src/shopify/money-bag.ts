import { convertMinor, fromMinor, toMinor } from '../store/money';
import { graphqlDecimal, restDecimal } from './money-format';

/** The currencies an amount is reported in: the shop's and the one the buyer saw. */
export interface CurrencyPair {
  currency: string;
  presentmentCurrency: string;
  /** Presentment units per shop unit. */
  exchangeRate: string;
}

export function sameCurrency(currency: string): CurrencyPair {
  return { currency, presentmentCurrency: currency, exchangeRate: '1' };
}

function presentmentAmount(amount: string, pair: CurrencyPair): string {
  if (pair.presentmentCurrency === pair.currency) return amount;
  const minor = convertMinor(
    toMinor(amount, pair.currency),
    pair.currency,
    pair.presentmentCurrency,
    pair.exchangeRate,
  );
  return fromMinor(minor, pair.presentmentCurrency);
}

export function moneyV2(amount: string, currency: string): { amount: string; currencyCode: string } {
  return { amount: graphqlDecimal(amount), currencyCode: currency };
}

/** GraphQL `MoneyBag`: `{ shopMoney, presentmentMoney }` with Decimal amounts. */
export function moneyBag(amount: string, pair: CurrencyPair) {
  return {
    shopMoney: moneyV2(amount, pair.currency),
    presentmentMoney: moneyV2(presentmentAmount(amount, pair), pair.presentmentCurrency),
  };
}

/** REST `*_set`: `{ shop_money, presentment_money }` with two-decimal amounts. */
export function restMoneySet(amount: string, pair: CurrencyPair) {
  return {
    shop_money: { amount: restDecimal(amount), currency_code: pair.currency },
    presentment_money: {
      amount: restDecimal(presentmentAmount(amount, pair)),
      currency_code: pair.presentmentCurrency,
    },
  };
}

/** Arithmetic in minor units of the shop currency, so derived amounts never pass through a float. */
export function addAmounts(currency: string, ...amounts: string[]): string {
  return fromMinor(
    amounts.reduce((sum, amount) => sum + toMinor(amount, currency), 0),
    currency,
  );
}

export function subtractAmounts(currency: string, from: string, ...amounts: string[]): string {
  return fromMinor(
    amounts.reduce((rest, amount) => rest - toMinor(amount, currency), toMinor(from, currency)),
    currency,
  );
}

export function multiplyAmount(currency: string, amount: string, quantity: number): string {
  return fromMinor(toMinor(amount, currency) * quantity, currency);
}

/** Per-unit share of a total, rounded to the currency's minor unit. */
export function divideAmount(currency: string, amount: string, quantity: number): string {
  if (quantity <= 0) return fromMinor(0, currency);
  return fromMinor(Math.round(toMinor(amount, currency) / quantity), currency);
}

export function isZeroAmount(amount: string): boolean {
  return /^-?0*(\.0*)?$/.test(amount.trim());
}
