import { ClvFitNotConvergedError } from './errors';

/**
 * Nelder–Mead simplex minimization (Lagarias et al. 1998 coefficients, adaptive to the dimension as in
 * Gao & Han 2012), with restarts from the best vertex so a collapsed simplex cannot stop the search
 * early. The CLV fits call it on log-parameters, so every step stays in the positive domain.
 */
/**
 * The CLV fits search log-parameters within ±LOG_PARAM_BOUND (parameters between e^-20 and e^20, far
 * outside any sensible value): data whose likelihood keeps rising towards a boundary stops at this wall
 * instead of wandering for thousands of iterations, and a fit ending beyond ±LOG_PARAM_EDGE is reported
 * as having no finite maximum.
 */
export const LOG_PARAM_BOUND = 20;
export const LOG_PARAM_EDGE = 18;

/**
 * Refuses a search that hit its iteration limit or ended against the log-parameter wall (the likelihood
 * keeps rising towards a boundary, so there is no finite maximum to report).
 * @throws ClvFitNotConvergedError
 */
export function assertFitConverged(model: ClvFitNotConvergedError['model'], result: NelderMeadResult): void {
  if (!result.converged)
    throw new ClvFitNotConvergedError(model, result.iterations, 'iteration limit reached');
  if (!Number.isFinite(result.fx) || result.x.some((v) => Math.abs(v) > LOG_PARAM_EDGE))
    throw new ClvFitNotConvergedError(
      model,
      result.iterations,
      'the likelihood has no finite maximum for this data',
    );
}

export interface NelderMeadOptions {
  /** Stop when the spread of function values over the simplex is below this. @default 1e-10 */
  readonly fTolerance?: number;
  /** Stop when every vertex is within this distance of the best one (per coordinate). @default 1e-8 */
  readonly xTolerance?: number;
  /** @default 1000 */
  readonly maxIterations?: number;
  /** Initial step along each coordinate. @default 0.5 */
  readonly initialStep?: number;
  /** Restarts from the best point after convergence; a restart that does not improve ends the search. @default 3 */
  readonly restarts?: number;
}

/** A maximum-likelihood fit ready to search: the objective, where to start, and how to read the result. */
export interface PreparedFit<T> {
  readonly objective: (x: readonly number[]) => number;
  readonly start: readonly number[];
  readonly options: NelderMeadOptions;
  finish(result: NelderMeadResult): T;
}

export interface NelderMeadResult {
  readonly x: number[];
  readonly fx: number;
  readonly iterations: number;
  readonly converged: boolean;
}

export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const search = nelderMeadSteps(f, start, options);
  for (;;) {
    const step = search.next();
    if (step.done) return step.value;
  }
}

/**
 * The same search, handing the event loop back every `sliceMs` of work, so a process that also serves
 * HTTP keeps answering while a large store's models are fitted.
 */
export async function nelderMeadAsync(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions & { readonly sliceMs?: number } = {},
): Promise<NelderMeadResult> {
  const sliceMs = options.sliceMs ?? 20;
  const search = nelderMeadSteps(f, start, options);
  let sliceStart = performance.now();
  for (;;) {
    const step = search.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** The search as a generator that yields after every iteration; its return value is the result. */
function* nelderMeadSteps(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions,
): Generator<void, NelderMeadResult> {
  const fTol = options.fTolerance ?? 1e-10;
  const xTol = options.xTolerance ?? 1e-8;
  const maxIterations = options.maxIterations ?? 1000;
  const step = options.initialStep ?? 0.5;
  const restarts = options.restarts ?? 3;

  let best = yield* minimize(f, start, step, fTol, xTol, maxIterations);
  let iterations = best.iterations;
  for (let i = 0; i < restarts && best.converged; i++) {
    const again = yield* minimize(f, best.x, step / 4, fTol, xTol, maxIterations);
    iterations += again.iterations;
    const improved = again.fx < best.fx - fTol;
    if (again.fx <= best.fx) best = again;
    if (!improved) break;
  }
  return { ...best, iterations };
}

function* minimize(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  step: number,
  fTol: number,
  xTol: number,
  maxIterations: number,
): Generator<void, NelderMeadResult> {
  const n = start.length;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  const evaluate = (x: number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const v = start.slice();
    v[i] = v[i]! + step;
    simplex.push(v);
  }
  let values = simplex.map(evaluate);

  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    if (iteration > 1) yield;
    const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
    const sorted = order.map((i) => simplex[i]!);
    values = order.map((i) => values[i]!);
    simplex.splice(0, simplex.length, ...sorted);

    const fBest = values[0]!;
    const fWorst = values[n]!;
    const spread = Math.max(
      ...simplex.slice(1).map((v) => Math.max(...v.map((c, k) => Math.abs(c - simplex[0]![k]!)))),
    );
    if (
      Number.isFinite(fWorst) &&
      fWorst - fBest <= fTol &&
      spread <= xTol * Math.max(1, ...simplex[0]!.map(Math.abs))
    ) {
      return { x: simplex[0]!, fx: fBest, iterations: iteration, converged: true };
    }

    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k] = centroid[k]! + simplex[i]![k]! / n;
    const worst = simplex[n]!;
    const along = (t: number): number[] => centroid.map((c, k) => c + t * (c - worst[k]!));

    const reflected = along(alpha);
    const fr = evaluate(reflected);
    if (fr < fBest) {
      const expanded = along(alpha * beta);
      const fe = evaluate(expanded);
      if (fe < fr) replaceWorst(expanded, fe);
      else replaceWorst(reflected, fr);
      continue;
    }
    if (fr < values[n - 1]!) {
      replaceWorst(reflected, fr);
      continue;
    }
    const outside = fr < fWorst;
    const contracted = along(outside ? alpha * gamma : -gamma);
    const fc = evaluate(contracted);
    if (fc < (outside ? fr : fWorst)) {
      replaceWorst(contracted, fc);
      continue;
    }
    for (let i = 1; i <= n; i++) {
      simplex[i] = simplex[i]!.map((c, k) => simplex[0]![k]! + delta * (c - simplex[0]![k]!));
      values[i] = evaluate(simplex[i]!);
    }
  }
  const bestIndex = values.indexOf(Math.min(...values));
  return { x: simplex[bestIndex]!, fx: values[bestIndex]!, iterations: maxIterations, converged: false };

  function replaceWorst(point: number[], value: number): void {
    simplex[n] = point;
    values[n] = value;
  }
}
