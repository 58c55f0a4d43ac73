import { InsufficientClvDataError, InvalidClvInputError } from './errors';
import {
  assertFitConverged,
  LOG_PARAM_BOUND,
  nelderMead,
  nelderMeadAsync,
  type PreparedFit,
} from './nelder-mead';
import { lgamma } from './special';

/** A customer's repeat transactions for the Gamma-Gamma spend model (Fader & Hardie 2013). */
export interface SpendSummary {
  /** Number of repeat transactions (the BG/NBD x). Customers with x = 0 carry no spend observation. */
  readonly x: number;
  /** Mean value of the x repeat transactions (first purchase excluded); ignored when x = 0. */
  readonly zbar: number;
}

/** p: shape of each transaction's gamma; q, γ: shape and scale of the gamma mix of its scale. */
export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  readonly gamma: number;
}

export interface GammaGammaFit {
  readonly params: GammaGammaParams;
  /** Σ ln f(zbar | x) over the customers with x > 0 (density of the mean, not of the total). */
  readonly logLikelihood: number;
  /** Customers with x > 0, the only ones the model sees. */
  readonly customers: number;
  /**
   * Pearson correlation of zbar with x over those customers. The model assumes spend and frequency are
   * independent; a value far from 0 says the CLV built on it is doubtful.
   */
  readonly frequencySpendCorrelation: number;
  /** Implied population mean spend per transaction, pγ/(q − 1). */
  readonly populationMeanSpend: number;
  readonly iterations: number;
}

export interface GammaGammaFitOptions {
  /** Refuse to fit below this many customers with a repeat purchase. @default 10 */
  readonly minCustomers?: number;
  /** Nelder–Mead iteration limit per restart. @default 1000 */
  readonly maxIterations?: number;
}

export function assertGammaGammaParams(p: GammaGammaParams): void {
  for (const [name, value] of Object.entries(p)) {
    if (!Number.isFinite(value) || value <= 0)
      throw new InvalidClvInputError(`Gamma-Gamma parameter ${name} must be a positive number, got ${value}`);
  }
  if (p.q <= 1)
    throw new InvalidClvInputError(`Gamma-Gamma q must be > 1 for a finite mean spend, got ${p.q}`);
}

function assertSpendSummary(s: SpendSummary, index?: number): void {
  if (!Number.isInteger(s.x) || s.x < 0)
    throw new InvalidClvInputError(`x must be an integer ≥ 0, got ${s.x}`, index);
  if (s.x > 0 && !(Number.isFinite(s.zbar) && s.zbar > 0))
    throw new InvalidClvInputError(`zbar must be > 0 when x > 0, got ${s.zbar}`, index);
}

/** ln f(zbar | p, q, γ; x) for one customer with x > 0. */
export function gammaGammaCustomerLogLikelihood(p: GammaGammaParams, s: SpendSummary): number {
  const px = p.p * s.x;
  return (
    lgamma(px + p.q) -
    lgamma(px) -
    lgamma(p.q) +
    p.q * Math.log(p.gamma) +
    (px - 1) * Math.log(s.zbar) +
    px * Math.log(s.x) -
    (px + p.q) * Math.log(p.gamma + s.x * s.zbar)
  );
}

/** Σ ln f over the customers with x > 0 (those with x = 0 are skipped, as in the fit). */
export function gammaGammaLogLikelihood(p: GammaGammaParams, customers: readonly SpendSummary[]): number {
  let total = 0;
  for (const s of customers) if (s.x > 0) total += gammaGammaCustomerLogLikelihood(p, s);
  return total;
}

/**
 * Maximum-likelihood fit on the customers with x > 0 (the others are ignored: their zbar is not an
 * observation). Parameterized as (ln p, ln(q − 1), ln γ): q > 1 keeps the population mean spend finite,
 * so a customer without repeat purchases still gets an expected spend.
 * @throws InvalidClvInputError, InsufficientClvDataError, ClvFitNotConvergedError
 */
export function fitGammaGamma(
  customers: readonly SpendSummary[],
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  const search = prepareFitGammaGamma(customers, options);
  return search.finish(nelderMead(search.objective, search.start, search.options));
}

/** fitGammaGamma that hands the event loop back while it searches (see nelderMeadAsync); same result. */
export async function fitGammaGammaAsync(
  customers: readonly SpendSummary[],
  options: GammaGammaFitOptions = {},
): Promise<GammaGammaFit> {
  const search = prepareFitGammaGamma(customers, options);
  return search.finish(await nelderMeadAsync(search.objective, search.start, search.options));
}

function prepareFitGammaGamma(
  customers: readonly SpendSummary[],
  options: GammaGammaFitOptions,
): PreparedFit<GammaGammaFit> {
  const minCustomers = options.minCustomers ?? 10;
  customers.forEach((s, i) => {
    assertSpendSummary(s, i);
  });
  const observed = customers.filter((s) => s.x > 0);
  if (observed.length < minCustomers)
    throw new InsufficientClvDataError(
      'gamma_gamma',
      observed.length,
      minCustomers,
      'customers with a repeat purchase',
    );
  const meanSpend = observed.reduce((sum, s) => sum + s.zbar, 0) / observed.length;
  const toParams = (v: readonly number[]): GammaGammaParams => ({
    p: Math.exp(v[0]!),
    q: 1 + Math.exp(v[1]!),
    gamma: Math.exp(v[2]!),
  });
  const prepared = observed.map((c) => ({
    x: c.x,
    logX: Math.log(c.x),
    logZbar: Math.log(c.zbar),
    total: c.x * c.zbar,
  }));
  const negLogLikelihood = (v: readonly number[]): number => {
    if (v.some((c) => Math.abs(c) > LOG_PARAM_BOUND)) return Number.POSITIVE_INFINITY;
    const { p, q, gamma } = toParams(v);
    // ln Γ terms depend on x only; the logs of x and zbar are computed once, before the search.
    const lgammaQ = lgamma(q);
    const qLogGamma = q * Math.log(gamma);
    const termByX = new Map<number, number>();
    let total = 0;
    for (const c of prepared) {
      let term = termByX.get(c.x);
      if (term === undefined) {
        term = lgamma(p * c.x + q) - lgamma(p * c.x) - lgammaQ + qLogGamma;
        termByX.set(c.x, term);
      }
      const px = p * c.x;
      total += term + (px - 1) * c.logZbar + px * c.logX - (px + q) * Math.log(gamma + c.total);
    }
    return -total / observed.length;
  };
  // Start from p = 1, q = 2 and γ matching the observed mean (pγ/(q − 1) = mean).
  return {
    objective: negLogLikelihood,
    start: [0, 0, Math.log(meanSpend)],
    options: {
      maxIterations: options.maxIterations ?? 1000,
      fTolerance: 1e-13,
    },
    finish: (result) => {
      assertFitConverged('gamma_gamma', result);
      const params = toParams(result.x);
      return {
        params,
        logLikelihood: gammaGammaLogLikelihood(params, observed),
        customers: observed.length,
        frequencySpendCorrelation: pearson(
          observed.map((s) => s.x),
          observed.map((s) => s.zbar),
        ),
        populationMeanSpend: (params.p * params.gamma) / (params.q - 1),
        iterations: result.iterations,
      };
    },
  };
}

/**
 * E(Z | x, zbar) = p(γ + x·zbar)/(px + q − 1): the customer's expected average transaction value, a
 * weighted mean of the population mean and their own observed mean. For x = 0 it is pγ/(q − 1).
 */
export function expectedAverageSpend(p: GammaGammaParams, s: SpendSummary): number {
  assertGammaGammaParams(p);
  assertSpendSummary(s);
  if (s.x === 0) return (p.p * p.gamma) / (p.q - 1);
  return (p.p * (p.gamma + s.x * s.zbar)) / (p.p * s.x + p.q - 1);
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}
