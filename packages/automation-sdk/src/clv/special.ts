/**
 * Special functions for the CLV models, in double precision. Written here rather than pulled from a
 * numerics package because the models need only these three, on positive real arguments.
 */

// Lanczos approximation, g = 7, n = 9 (Numerical Recipes 3rd ed. / Boost coefficients): ~1e-15 relative.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (reflection for x < 0.5 keeps the Lanczos sum in its accurate range). */
export function lgamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** ln(e^x + e^y) without overflow. */
export function logAddExp(x: number, y: number): number {
  if (x === Number.NEGATIVE_INFINITY) return y;
  if (y === Number.NEGATIVE_INFINITY) return x;
  const m = Math.max(x, y);
  return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
}

/**
 * Gauss hypergeometric ₂F₁(a, b; c; z) for a, b > 0, c not a non-positive integer and 0 ≤ z < 1, by its
 * power series. With c > 0 every term is positive, so the sum has no cancellation; the terms decay like
 * z^n once n passes the parameters, so it converges for any z < 1 (slowly near 1, hence the term limit).
 * Returns NaN when the series has not converged within `maxTerms`.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, maxTerms = 1_000_000): number {
  if (!(z >= 0 && z < 1) || !(a > 0 && b > 0) || (c <= 0 && Number.isInteger(c))) return Number.NaN;
  if (z === 0) return 1;
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    // Once the ratio is below 1 the remaining tail is at most term·ratio/(1 − ratio).
    const r = Math.abs(ratio);
    if (r < 1 && (Math.abs(term) * r) / (1 - r) <= 1e-16 * Math.abs(sum)) return sum;
    if (!Number.isFinite(sum)) return Number.NaN;
  }
  return Number.NaN;
}
