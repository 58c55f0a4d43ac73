import { type Money, money, toIsoUtc } from '@cartwire/model';

/** Magento prints UTC timestamps without an offset (`2017-08-21 22:22:19`); returns ISO-8601 UTC. */
export function fromMagentoDate(value: string): string {
  return toIsoUtc(`${value.trim().replace(' ', 'T')}Z`);
}

/** An ISO instant as a Magento filter value, whole seconds (`2026-01-31 12:00:00`). */
export function toMagentoDate(iso: string): string {
  return toIsoUtc(iso).slice(0, 19).replace('T', ' ');
}

/**
 * A Magento money value (a JSON number, sometimes a numeric string) as exact Money. The number's
 * shortest decimal notation is parsed as a decimal; no float arithmetic happens.
 */
export function magentoMoney(value: number | string | null | undefined, currency: string): Money {
  return money(value === null || value === undefined || value === '' ? 0 : value, currency);
}

/** An absolute amount: Magento reports discounts as negative numbers. */
export function magentoAbsMoney(value: number | string | null | undefined, currency: string): Money {
  const parsed = magentoMoney(value, currency);
  return parsed.amount.startsWith('-') ? { ...parsed, amount: parsed.amount.slice(1) } : parsed;
}

/** Empty strings mean "not set" in Magento payloads. */
export function textOrNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}
