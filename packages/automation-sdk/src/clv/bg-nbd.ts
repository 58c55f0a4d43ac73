import { InsufficientClvDataError, InvalidClvInputError } from './errors';
import {
  assertFitConverged,
  LOG_PARAM_BOUND,
  nelderMead,
  nelderMeadAsync,
  type PreparedFit,
} from './nelder-mead';
import { hyp2f1, lbeta, lgamma, logAddExp } from './special';

/**
 * One customer's purchase history in the BG/NBD form (Fader, Hardie & Lee 2005). Times are in any one
 * unit (days, weeks) used for every customer and every horizon passed to the same model.
 */
export interface RfmSummary {
  /** Repeat purchases: purchase days after the first one (several orders on one day count as one). */
  readonly x: number;
  /** Recency: time from the first purchase to the last repeat purchase; 0 when x = 0. */
  readonly tx: number;
  /** Age: time from the first purchase to the end of the observation period. */
  readonly T: number;
}

/** BG/NBD parameters: r, α shape and scale of the gamma purchase-rate mix; a, b of the beta dropout mix. */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

export interface BgNbdFit {
  readonly params: BgNbdParams;
  /** Σ ln L over the customers (FHL 2005 eq. 6, no constant). */
  readonly logLikelihood: number;
  readonly customers: number;
  readonly repeatCustomers: number;
  readonly iterations: number;
}

export interface BgNbdFitOptions {
  /** Refuse to fit below this many customers. @default 30 */
  readonly minCustomers?: number;
  /** Refuse to fit below this many customers with at least one repeat purchase. @default 5 */
  readonly minRepeatCustomers?: number;
  /** Nelder–Mead iteration limit per restart. @default 1000 */
  readonly maxIterations?: number;
}

/** Checks one summary; throws InvalidClvInputError naming the customer's index. */
export function assertRfmSummary(s: RfmSummary, index?: number): void {
  if (!Number.isInteger(s.x) || s.x < 0)
    throw new InvalidClvInputError(`x must be an integer ≥ 0, got ${s.x}`, index);
  if (!Number.isFinite(s.T) || s.T < 0) throw new InvalidClvInputError(`T must be ≥ 0, got ${s.T}`, index);
  if (!Number.isFinite(s.tx) || s.tx < 0 || s.tx > s.T)
    throw new InvalidClvInputError(`t_x must be within [0, T], got t_x=${s.tx}, T=${s.T}`, index);
  if (s.x === 0 && s.tx !== 0) throw new InvalidClvInputError(`t_x must be 0 when x = 0, got ${s.tx}`, index);
}

export function assertBgNbdParams(p: BgNbdParams): void {
  for (const [name, value] of Object.entries(p)) {
    if (!Number.isFinite(value) || value <= 0)
      throw new InvalidClvInputError(`BG/NBD parameter ${name} must be a positive number, got ${value}`);
  }
}

/** ln L for one customer (FHL 2005 eq. 6), with the terms combined in log space. */
export function bgNbdCustomerLogLikelihood(p: BgNbdParams, s: RfmSummary): number {
  const { r, alpha, a, b } = p;
  const { x, tx, T } = s;
  const base = lgamma(r + x) - lgamma(r) + r * Math.log(alpha) - lbeta(a, b);
  const survived = lbeta(a, b + x) - (r + x) * Math.log(alpha + T);
  if (x === 0) return base + survived;
  const droppedOut = lbeta(a + 1, b + x - 1) - (r + x) * Math.log(alpha + tx);
  return base + logAddExp(survived, droppedOut);
}

/** Σ ln L over the customers (FHL 2005 eq. 6). */
export function bgNbdLogLikelihood(p: BgNbdParams, customers: readonly RfmSummary[]): number {
  let total = 0;
  for (const s of customers) total += bgNbdCustomerLogLikelihood(p, s);
  return total;
}

/**
 * Maximum-likelihood fit by Nelder–Mead on (ln r, ln α, ln a, ln b), so every step is a valid parameter set.
 * Customers with the same (x, t_x, T) are evaluated once and weighted.
 * @throws InvalidClvInputError for a malformed summary
 * @throws InsufficientClvDataError below `minCustomers` / `minRepeatCustomers`
 * @throws ClvFitNotConvergedError when the optimizer does not settle
 */
export function fitBgNbd(customers: readonly RfmSummary[], options: BgNbdFitOptions = {}): BgNbdFit {
  const search = prepareFitBgNbd(customers, options);
  return search.finish(nelderMead(search.objective, search.start, search.options));
}

/** fitBgNbd that hands the event loop back while it searches (see nelderMeadAsync); same result. */
export async function fitBgNbdAsync(
  customers: readonly RfmSummary[],
  options: BgNbdFitOptions = {},
): Promise<BgNbdFit> {
  const search = prepareFitBgNbd(customers, options);
  return search.finish(await nelderMeadAsync(search.objective, search.start, search.options));
}

function prepareFitBgNbd(customers: readonly RfmSummary[], options: BgNbdFitOptions): PreparedFit<BgNbdFit> {
  const minCustomers = options.minCustomers ?? 30;
  const minRepeat = options.minRepeatCustomers ?? 5;
  customers.forEach((s, i) => {
    assertRfmSummary(s, i);
  });
  const repeatCustomers = customers.filter((s) => s.x > 0).length;
  if (customers.length < minCustomers)
    throw new InsufficientClvDataError('bg_nbd', customers.length, minCustomers, 'customers');
  if (repeatCustomers < minRepeat)
    throw new InsufficientClvDataError(
      'bg_nbd',
      repeatCustomers,
      minRepeat,
      'customers with a repeat purchase',
    );

  const groups = new Map<string, { s: RfmSummary; n: number }>();
  for (const s of customers) {
    const key = `${s.x}|${s.tx}|${s.T}`;
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { s, n: 1 });
  }
  const weighted = [...groups.values()];
  const meanT = customers.reduce((sum, s) => sum + s.T, 0) / customers.length;
  const toParams = (v: readonly number[]): BgNbdParams => ({
    r: Math.exp(v[0]!),
    alpha: Math.exp(v[1]!),
    a: Math.exp(v[2]!),
    b: Math.exp(v[3]!),
  });
  // The gamma and beta terms depend on x only: computed once per distinct x and parameter set, they
  // leave two logarithms per customer group, which keeps large stores' fits fast.
  const distinctX = [...new Set(weighted.map((g) => g.s.x))];
  const xIndex = new Map(distinctX.map((x, i) => [x, i]));
  const indexed = weighted.map(({ s, n }) => ({ s, n, xi: xIndex.get(s.x)! }));
  const baseByX = new Float64Array(distinctX.length);
  const survivedByX = new Float64Array(distinctX.length);
  const droppedByX = new Float64Array(distinctX.length);
  const negLogLikelihood = (v: readonly number[]): number => {
    if (v.some((c) => Math.abs(c) > LOG_PARAM_BOUND)) return Number.POSITIVE_INFINITY;
    const { r, alpha, a, b } = toParams(v);
    const lbetaAB = lbeta(a, b);
    const lgammaR = lgamma(r);
    const logAlpha = Math.log(alpha);
    distinctX.forEach((x, i) => {
      baseByX[i] = lgamma(r + x) - lgammaR + r * logAlpha - lbetaAB;
      survivedByX[i] = lbeta(a, b + x);
      droppedByX[i] = x > 0 ? lbeta(a + 1, b + x - 1) : Number.NEGATIVE_INFINITY;
    });
    let total = 0;
    for (const { s, n, xi } of indexed) {
      const survived = survivedByX[xi]! - (r + s.x) * Math.log(alpha + s.T);
      const ll =
        s.x === 0 ? survived : logAddExp(survived, droppedByX[xi]! - (r + s.x) * Math.log(alpha + s.tx));
      total += n * (baseByX[xi]! + ll);
    }
    return -total / customers.length;
  };
  return {
    objective: negLogLikelihood,
    start: [0, Math.log(meanT / 4), 0, 0],
    options: {
      maxIterations: options.maxIterations ?? 1000,
      fTolerance: 1e-12,
    },
    finish: (result) => {
      assertFitConverged('bg_nbd', result);
      const params = toParams(result.x);
      return {
        params,
        logLikelihood: bgNbdLogLikelihood(params, customers),
        customers: customers.length,
        repeatCustomers,
        iterations: result.iterations,
      };
    },
  };
}

/** P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a/(b + x − 1) · ((α + T)/(α + t_x))^(r + x)). */
export function probabilityAlive(p: BgNbdParams, s: RfmSummary): number {
  if (s.x === 0) return 1;
  const { r, alpha, a, b } = p;
  const logOdds = Math.log(a / (b + s.x - 1)) + (r + s.x) * Math.log((alpha + s.T) / (alpha + s.tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * Expected number of purchases in the next `t` time units for a customer with history (x, t_x, T)
 * (FHL 2005 eq. 10).
 */
export function expectedPurchases(p: BgNbdParams, s: RfmSummary, t: number): number {
  if (!(t >= 0)) throw new InvalidClvInputError(`horizon t must be ≥ 0, got ${t}`);
  if (t === 0) return 0;
  const { r, alpha, a, b } = p;
  const { x, tx, T } = s;
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
  if (!Number.isFinite(hyp))
    throw new InvalidClvInputError(`expected purchases are not computable for t=${t} with these parameters`);
  const logDecay = (r + x) * Math.log((alpha + T) / (alpha + T + t));
  const numerator = ((a + b + x - 1) / (a - 1)) * -Math.expm1(logDecay + Math.log(hyp));
  if (x === 0) return numerator;
  const denominator =
    1 + Math.exp(Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx)));
  return numerator / denominator;
}

/** Expected purchases in (0, t] for a new customer drawn from the population, E[X(t)] (FHL 2005 eq. 7). */
export function expectedPurchasesNewCustomer(p: BgNbdParams, t: number): number {
  if (!(t >= 0)) throw new InvalidClvInputError(`horizon t must be ≥ 0, got ${t}`);
  if (t === 0) return 0;
  const { r, alpha, a, b } = p;
  const hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t));
  if (!Number.isFinite(hyp))
    throw new InvalidClvInputError(`expected purchases are not computable for t=${t} with these parameters`);
  return ((a + b - 1) / (a - 1)) * -Math.expm1(r * Math.log(alpha / (alpha + t)) + Math.log(hyp));
}

/** P(X(t) = n): probability that a new customer makes exactly n purchases in (0, t] (FHL 2005 eq. 8). */
export function probabilityOfPurchases(p: BgNbdParams, t: number, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new InvalidClvInputError(`n must be an integer ≥ 0, got ${n}`);
  if (!(t > 0)) throw new InvalidClvInputError(`t must be > 0, got ${t}`);
  const { r, alpha, a, b } = p;
  const logStay = Math.log(alpha / (alpha + t));
  const logGo = Math.log(t / (alpha + t));
  const nbd = (j: number) => lgamma(r + j) - lgamma(r) - lgamma(j + 1) + r * logStay + j * logGo;
  const first = Math.exp(lbeta(a, b + n) - lbeta(a, b) + nbd(n));
  if (n === 0) return first;
  let cumulative = 0;
  for (let j = 0; j < n; j++) cumulative += Math.exp(nbd(j));
  return first + Math.exp(lbeta(a + 1, b + n - 1) - lbeta(a, b)) * (1 - cumulative);
}
