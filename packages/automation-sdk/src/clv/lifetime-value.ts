import { type BgNbdParams, expectedPurchases, type RfmSummary } from './bg-nbd';
import { InvalidClvInputError } from './errors';

export interface LifetimeValueOptions {
  /** How far ahead to sum, in the model's time unit. @example 365 (days) */
  readonly horizon: number;
  /**
   * Length of one discounting period in the model's time unit; purchases expected within period i are
   * discounted by (1 + discountRate)^i, i.e. at the end of their period.
   * @example 30 (days)
   */
  readonly period: number;
  /** Discount rate per period. @default 0 (undiscounted) */
  readonly discountRate?: number;
  /** Share of revenue kept as profit; 1 gives a revenue CLV. @default 1 */
  readonly margin?: number;
}

/** Converts an annual discount rate to the equivalent rate for a period of `periodDays` days. */
export function periodDiscountRate(annualRate: number, periodDays: number): number {
  if (!(annualRate > -1))
    throw new InvalidClvInputError(`annual discount rate must be > -1, got ${annualRate}`);
  return (1 + annualRate) ** (periodDays / 365) - 1;
}

/**
 * Predicted customer lifetime value over a finite horizon: Σ_i margin · E(spend) · ΔE[purchases in
 * period i] / (1 + d)^i, where the expected purchases come from the BG/NBD conditional expectation and
 * E(spend) from the Gamma-Gamma model (so spend and purchase count are assumed independent, as the
 * Gamma-Gamma model does). Money is in the currency of the spend fed to the Gamma-Gamma fit.
 */
export function lifetimeValue(
  params: BgNbdParams,
  customer: RfmSummary,
  expectedSpend: number,
  options: LifetimeValueOptions,
): number {
  const { horizon, period } = options;
  const discountRate = options.discountRate ?? 0;
  const margin = options.margin ?? 1;
  if (!(horizon > 0)) throw new InvalidClvInputError(`horizon must be > 0, got ${horizon}`);
  if (!(period > 0)) throw new InvalidClvInputError(`period must be > 0, got ${period}`);
  if (!(discountRate > -1)) throw new InvalidClvInputError(`discountRate must be > -1, got ${discountRate}`);
  if (!(margin >= 0 && margin <= 1))
    throw new InvalidClvInputError(`margin must be within [0, 1], got ${margin}`);
  if (!(expectedSpend >= 0))
    throw new InvalidClvInputError(`expected spend must be ≥ 0, got ${expectedSpend}`);
  let value = 0;
  let previous = 0;
  for (let i = 1; (i - 1) * period < horizon; i++) {
    const cumulative = expectedPurchases(params, customer, Math.min(i * period, horizon));
    value += (margin * expectedSpend * (cumulative - previous)) / (1 + discountRate) ** i;
    previous = cumulative;
  }
  return value;
}
