import { ExperimentInputError } from './errors';

/** Two-sided 95 % standard normal quantile. */
const Z95 = 1.959963984540054;

/** What one arm (a variant, or the holdout) produced over its recipients. */
export interface ArmOutcome {
  readonly key: string;
  /** Customers assigned to the arm who entered (for the holdout: would have been sent to). */
  readonly recipients: number;
  /** Recipients who converted (at most one conversion each). */
  readonly conversions: number;
  /** Attributed revenue over the arm's recipients, in one currency. */
  readonly revenue: number;
  /**
   * Σ revenue² per recipient (0 for those who did not convert), for the variance of revenue per recipient.
   * Without it the revenue interval is left out.
   */
  readonly revenueSquares?: number;
}

/** A two-sided 95 % confidence interval. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface ArmStatistics {
  readonly key: string;
  readonly recipients: number;
  readonly conversions: number;
  readonly conversionRate: number;
  /** Wilson score interval, sound for small counts and rates near 0 or 1. */
  readonly conversionRateInterval: Interval;
  readonly revenue: number;
  readonly revenuePerRecipient: number;
  readonly revenuePerRecipientInterval: Interval | null;
}

export type Verdict = 'too_small' | 'not_significant' | 'better' | 'worse';

export interface Comparison {
  readonly key: string;
  readonly against: string;
  /** Difference of conversion rates, arm − holdout, with the Newcombe hybrid score interval (method 10). */
  readonly conversionRateDifference: number;
  readonly conversionRateDifferenceInterval: Interval;
  /** Relative lift, rate / holdout rate − 1; null when the holdout has no conversion. */
  readonly lift: number | null;
  /** Katz log interval of the rate ratio, minus 1; null when either arm has no conversion. */
  readonly liftInterval: Interval | null;
  /** Two-sided p-value of the pooled two-proportion z-test. */
  readonly pValue: number;
  readonly revenuePerRecipientDifference: number;
  /** Welch (normal) interval; null without revenueSquares on both arms. */
  readonly revenuePerRecipientDifferenceInterval: Interval | null;
  /** (revenue per recipient − holdout's) × recipients: revenue the arm added over doing nothing. */
  readonly incrementalRevenue: number;
  readonly verdict: Verdict;
  /** Why the verdict is `too_small`, in words for a report; null otherwise. */
  readonly note: string | null;
}

export interface ExperimentResultOptions {
  /** The arm the others are compared with. @default 'holdout' */
  readonly baseline?: string;
  /** Below this many recipients in an arm or its baseline, no conclusion is drawn. @default 100 */
  readonly minRecipients?: number;
  /** Below this many conversions in an arm or its baseline, no conclusion is drawn. @default 10 */
  readonly minConversions?: number;
}

export interface ExperimentResult {
  readonly arms: readonly ArmStatistics[];
  /** Every arm but the baseline against the baseline; empty when there is no baseline arm. */
  readonly comparisons: readonly Comparison[];
}

/**
 * Per-arm results and each arm against the holdout: conversion rate, revenue per recipient, lift and
 * 95 % intervals. "Too small to conclude" is a rule, not a p-value: an arm or its baseline with fewer
 * than `minRecipients` recipients or `minConversions` conversions gets `verdict: 'too_small'` and a note,
 * because the normal approximations behind the intervals do not hold there. Otherwise the verdict
 * follows the difference interval: entirely above 0 `better`, below `worse`, else `not_significant`.
 * @throws ExperimentInputError for negative or inconsistent counts, duplicate keys
 */
export function experimentResults(
  outcomes: readonly ArmOutcome[],
  options: ExperimentResultOptions = {},
): ExperimentResult {
  const baselineKey = options.baseline ?? 'holdout';
  const minRecipients = options.minRecipients ?? 100;
  const minConversions = options.minConversions ?? 10;
  const keys = new Set<string>();
  for (const o of outcomes) {
    if (keys.has(o.key)) throw new ExperimentInputError(`duplicate arm ${JSON.stringify(o.key)}`);
    keys.add(o.key);
    assertOutcome(o);
  }
  const arms = outcomes.map(armStatistics);
  const baseline = outcomes.find((o) => o.key === baselineKey);
  if (!baseline) return { arms, comparisons: [] };
  const comparisons = outcomes
    .filter((o) => o.key !== baselineKey)
    .map((o) => compare(o, baseline, minRecipients, minConversions));
  return { arms, comparisons };
}

/**
 * An arm's outcome from per-recipient results (revenue 0 for recipients who did not convert).
 * @example summarizeArm('b', [{ converted: true, revenue: 42.5 }, { converted: false, revenue: 0 }])
 */
export function summarizeArm(
  key: string,
  recipients: readonly { readonly converted: boolean; readonly revenue: number }[],
): ArmOutcome {
  let conversions = 0;
  let revenue = 0;
  let revenueSquares = 0;
  for (const r of recipients) {
    if (r.converted) conversions++;
    revenue += r.revenue;
    revenueSquares += r.revenue * r.revenue;
  }
  return { key, recipients: recipients.length, conversions, revenue, revenueSquares };
}

function assertOutcome(o: ArmOutcome): void {
  const count = (name: string, v: number) => {
    if (!(Number.isInteger(v) && v >= 0))
      throw new ExperimentInputError(`arm ${o.key}: ${name} must be an integer ≥ 0, got ${v}`);
  };
  count('recipients', o.recipients);
  count('conversions', o.conversions);
  if (o.conversions > o.recipients)
    throw new ExperimentInputError(
      `arm ${o.key}: ${o.conversions} conversions among ${o.recipients} recipients`,
    );
  if (!(Number.isFinite(o.revenue) && o.revenue >= 0))
    throw new ExperimentInputError(`arm ${o.key}: revenue must be ≥ 0, got ${o.revenue}`);
  if (o.revenueSquares !== undefined && !(Number.isFinite(o.revenueSquares) && o.revenueSquares >= 0))
    throw new ExperimentInputError(`arm ${o.key}: revenueSquares must be ≥ 0, got ${o.revenueSquares}`);
}

function armStatistics(o: ArmOutcome): ArmStatistics {
  const n = o.recipients;
  return {
    key: o.key,
    recipients: n,
    conversions: o.conversions,
    conversionRate: n === 0 ? 0 : o.conversions / n,
    conversionRateInterval: wilsonInterval(o.conversions, n),
    revenue: o.revenue,
    revenuePerRecipient: n === 0 ? 0 : o.revenue / n,
    revenuePerRecipientInterval: meanInterval(o),
  };
}

function compare(
  arm: ArmOutcome,
  base: ArmOutcome,
  minRecipients: number,
  minConversions: number,
): Comparison {
  const p1 = rate(arm);
  const p0 = rate(base);
  const difference = p1 - p0;
  const differenceInterval = newcombeInterval(arm, base);
  const rpr1 = arm.recipients === 0 ? 0 : arm.revenue / arm.recipients;
  const rpr0 = base.recipients === 0 ? 0 : base.revenue / base.recipients;
  const v1 = meanVariance(arm);
  const v0 = meanVariance(base);
  const revenueInterval =
    v1 === null || v0 === null
      ? null
      : {
          low: rpr1 - rpr0 - Z95 * Math.sqrt(v1 + v0),
          high: rpr1 - rpr0 + Z95 * Math.sqrt(v1 + v0),
        };

  const shortfalls: string[] = [];
  for (const o of [arm, base]) {
    if (o.recipients < minRecipients)
      shortfalls.push(`${o.key} has ${o.recipients} recipients (needs ${minRecipients})`);
    if (o.conversions < minConversions)
      shortfalls.push(`${o.key} has ${o.conversions} conversions (needs ${minConversions})`);
  }
  const verdict: Verdict =
    shortfalls.length > 0
      ? 'too_small'
      : differenceInterval.low > 0
        ? 'better'
        : differenceInterval.high < 0
          ? 'worse'
          : 'not_significant';
  return {
    key: arm.key,
    against: base.key,
    conversionRateDifference: difference,
    conversionRateDifferenceInterval: differenceInterval,
    lift: p0 === 0 ? null : p1 / p0 - 1,
    liftInterval: katzLiftInterval(arm, base),
    pValue: twoProportionPValue(arm, base),
    revenuePerRecipientDifference: rpr1 - rpr0,
    revenuePerRecipientDifferenceInterval: revenueInterval,
    incrementalRevenue: (rpr1 - rpr0) * arm.recipients,
    verdict,
    note: shortfalls.length > 0 ? `Too small to conclude: ${shortfalls.join('; ')}.` : null,
  };
}

const rate = (o: ArmOutcome) => (o.recipients === 0 ? 0 : o.conversions / o.recipients);

/** Wilson score interval for x successes in n trials; [0, 1] when n = 0. */
export function wilsonInterval(x: number, n: number): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = x / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = p + z2 / (2 * n);
  const half = Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    low: Math.max(0, (centre - half) / denominator),
    high: Math.min(1, (centre + half) / denominator),
  };
}

/** Newcombe (1998) method 10: the difference of two proportions from their Wilson intervals. */
function newcombeInterval(a: ArmOutcome, b: ArmOutcome): Interval {
  const p1 = rate(a);
  const p2 = rate(b);
  const w1 = wilsonInterval(a.conversions, a.recipients);
  const w2 = wilsonInterval(b.conversions, b.recipients);
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}

/** Katz et al. (1978) log interval of the risk ratio, as a lift (ratio − 1). */
function katzLiftInterval(a: ArmOutcome, b: ArmOutcome): Interval | null {
  if (a.conversions === 0 || b.conversions === 0) return null;
  const logRatio = Math.log(rate(a) / rate(b));
  const se = Math.sqrt(1 / a.conversions - 1 / a.recipients + 1 / b.conversions - 1 / b.recipients);
  return { low: Math.exp(logRatio - Z95 * se) - 1, high: Math.exp(logRatio + Z95 * se) - 1 };
}

function twoProportionPValue(a: ArmOutcome, b: ArmOutcome): number {
  if (a.recipients === 0 || b.recipients === 0) return 1;
  const pooled = (a.conversions + b.conversions) / (a.recipients + b.recipients);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / a.recipients + 1 / b.recipients));
  if (se === 0) return 1;
  const z = Math.abs(rate(a) - rate(b)) / se;
  return 2 * (1 - normalCdf(z));
}

/** Variance of the mean revenue per recipient, or null without the sum of squares or with n < 2. */
function meanVariance(o: ArmOutcome): number | null {
  if (o.revenueSquares === undefined || o.recipients < 2) return null;
  const n = o.recipients;
  const mean = o.revenue / n;
  const variance = Math.max(0, (o.revenueSquares - n * mean * mean) / (n - 1));
  return variance / n;
}

function meanInterval(o: ArmOutcome): Interval | null {
  const v = meanVariance(o);
  if (v === null) return null;
  const mean = o.revenue / o.recipients;
  return { low: mean - Z95 * Math.sqrt(v), high: mean + Z95 * Math.sqrt(v) };
}

/** Standard normal CDF through the complementary error function. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function, Numerical Recipes' erfc (Chebyshev fit, |relative error| < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
