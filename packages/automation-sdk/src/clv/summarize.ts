import type { RfmSummary } from './bg-nbd';
import { InvalidClvInputError } from './errors';
import type { SpendSummary } from './gamma-gamma';

/** One purchase (an order) as the CLV models see it. */
export interface Purchase {
  readonly customerId: string;
  readonly at: Date;
  /** Order value in one currency; only its sum per day and mean per customer are used. */
  readonly amount: number;
}

export type ClvTimeUnit = 'day' | 'week';

export interface SummarizeOptions {
  /**
   * Last day of the observation period, inclusive (UTC calendar day). Purchases after it are ignored.
   * @example new Date('1997-09-30T00:00:00Z')
   */
  readonly observationEnd: Date;
  /** Unit of t_x and T. @default 'day' */
  readonly timeUnit?: ClvTimeUnit;
}

export interface CustomerSummary extends RfmSummary, SpendSummary {
  readonly customerId: string;
  readonly firstPurchaseAt: Date;
  readonly lastPurchaseAt: Date;
}

const DAY_MS = 86_400_000;

/**
 * Builds the BG/NBD and Gamma-Gamma summaries from raw purchases, as Fader, Hardie & Lee did for CDNOW:
 * purchases are bucketed by UTC calendar day and all of one customer's purchases on one day count as a
 * single transaction whose value is their sum; x is the number of purchase days after the first one,
 * t_x the time from the first to the last purchase day, T the time from the first purchase day to
 * `observationEnd`, and zbar the mean value of the repeat days (the first day excluded; 0 when x = 0).
 * Customers whose first purchase is after `observationEnd` are left out.
 */
export function summarizePurchases(
  purchases: Iterable<Purchase>,
  options: SummarizeOptions,
): CustomerSummary[] {
  const unitDays = (options.timeUnit ?? 'day') === 'week' ? 7 : 1;
  const endDay = Math.floor(options.observationEnd.getTime() / DAY_MS);
  if (!Number.isFinite(endDay)) throw new InvalidClvInputError('observationEnd is not a valid date');
  const days = new Map<string, Map<number, { total: number; first: Date; last: Date }>>();
  for (const purchase of purchases) {
    const time = purchase.at.getTime();
    if (!Number.isFinite(time))
      throw new InvalidClvInputError(`purchase of ${purchase.customerId} has an invalid date`);
    if (!Number.isFinite(purchase.amount) || purchase.amount < 0)
      throw new InvalidClvInputError(
        `purchase of ${purchase.customerId} has an invalid amount ${purchase.amount}`,
      );
    const day = Math.floor(time / DAY_MS);
    if (day > endDay) continue;
    let customer = days.get(purchase.customerId);
    if (!customer) {
      customer = new Map();
      days.set(purchase.customerId, customer);
    }
    const bucket = customer.get(day);
    if (bucket) {
      bucket.total += purchase.amount;
      if (time < bucket.first.getTime()) bucket.first = purchase.at;
      if (time > bucket.last.getTime()) bucket.last = purchase.at;
    } else customer.set(day, { total: purchase.amount, first: purchase.at, last: purchase.at });
  }
  const summaries: CustomerSummary[] = [];
  for (const [customerId, byDay] of days) {
    const ordered = [...byDay.keys()].sort((a, b) => a - b);
    const firstDay = ordered[0]!;
    const lastDay = ordered[ordered.length - 1]!;
    const repeat = ordered.slice(1);
    const x = repeat.length;
    summaries.push({
      customerId,
      x,
      tx: (lastDay - firstDay) / unitDays,
      T: (endDay - firstDay) / unitDays,
      zbar: x === 0 ? 0 : repeat.reduce((sum, day) => sum + byDay.get(day)!.total, 0) / x,
      firstPurchaseAt: byDay.get(firstDay)!.first,
      lastPurchaseAt: byDay.get(lastDay)!.last,
    });
  }
  return summaries;
}
