import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bgNbdLogLikelihood,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  fitBgNbdAsync,
  probabilityAlive,
  probabilityOfPurchases,
  type RfmSummary,
} from './bg-nbd';
import {
  expectedAverageSpend,
  fitGammaGamma,
  fitGammaGammaAsync,
  gammaGammaLogLikelihood,
  type SpendSummary,
} from './gamma-gamma';

// The CDNOW sample used by Fader, Hardie & Lee (2005) and Fader & Hardie (2013); read in place, see
// /work/shared/fixtures/cdnow/README.md for the published values asserted below.
const FIXTURES = '/work/shared/fixtures/cdnow';

function rows(file: string): string[][] {
  return readFileSync(`${FIXTURES}/${file}`, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(','));
}

const rfm: (RfmSummary & { id: number })[] = rows('cdnow_customers.txt').map(([id, x, tx, T]) => ({
  id: Number(id),
  x: Number(x),
  tx: Number(tx),
  T: Number(T),
}));
const spend: (SpendSummary & { id: number })[] = rows('cdnow_customers_summary_with_transactions.csv').map(
  ([id, x, , , zbar]) => ({ id: Number(id), x: Number(x), zbar: Number(zbar) }),
);
const byId = (id: number) => rfm.find((c) => c.id === id)!;

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005)', () => {
  const fit = fitBgNbd(rfm);

  it('reads all 2,357 customers', () => {
    expect(rfm).toHaveLength(2357);
    expect(rfm.reduce((s, c) => s + c.x, 0)).toBe(2457);
    expect(fit.repeatCustomers).toBe(946);
  });

  it('matches the published parameters and log-likelihood', () => {
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 3);
    expect(fit.params.a).toBeCloseTo(0.793, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 3);
    // Full-precision values of the lifetimes Quickstart (6 decimals) and the fixture's independent re-fit.
    expect(fit.params.r).toBeCloseTo(0.242593, 5);
    expect(fit.params.alpha).toBeCloseTo(4.413532, 4);
    expect(fit.params.a).toBeCloseTo(0.792886, 5);
    expect(fit.params.b).toBeCloseTo(2.425752, 4);
    expect(fit.logLikelihood).toBeCloseTo(-9582.426, 2);
    expect(fit.customers).toBe(2357);
  });

  it('fits the same when it yields to the event loop while searching', async () => {
    expect(await fitBgNbdAsync(rfm)).toEqual(fit);
  });

  it('computes the log-likelihood at the rounded published parameters', () => {
    const ll = bgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, rfm);
    expect(ll).toBeCloseTo(-9582.427, 2);
  });

  it('predicts customer 1 like the Hardie spreadsheet', () => {
    const one = byId(1);
    expect(expectedPurchases(fit.params, one, 39)).toBeCloseTo(1.226, 3);
    expect(probabilityAlive(fit.params, one)).toBeCloseTo(0.7266, 4);
  });

  it('reproduces the unconditional expectations E[X(t)]', () => {
    const expected: [number, number][] = [
      [0.1429, 0.0078],
      [1, 0.0532],
      [3, 0.1506],
      [31.8571, 1.0405],
      [32, 1.0437],
      [78, 1.8576],
    ];
    for (const [t, value] of expected)
      expect(expectedPurchasesNewCustomer(fit.params, t)).toBeCloseTo(value, 3);
  });

  it('ranks the same top 5 customers for next week as the lifetimes Quickstart', () => {
    const ranked = rfm
      .map((c) => ({ id: c.id, e: expectedPurchases(fit.params, c, 1) }))
      .sort((x, y) => y.e - x.e)
      .slice(0, 5);
    expect(ranked.map((c) => c.id)).toEqual([1516, 157, 1981, 841, 509]);
    const published = [0.710623, 0.662396, 0.486526, 0.474738, 0.424877];
    ranked.forEach((c, i) => {
      expect(c.e).toBeCloseTo(published[i]!, 5);
    });
  });

  it('matches R BTYD count probabilities at fixed parameters', () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(probabilityOfPurchases(p, 2, 10) / 1.07869e-7).toBeCloseTo(1, 4);
    expect(probabilityOfPurchases(p, 39, 0)).toBeCloseTo(0.5737864, 7);
    const btyd = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913,
      0.0003467171, 0.0002769613, 0.000222226,
    ];
    btyd.forEach((value, i) => {
      expect(probabilityOfPurchases(p, 30, 11 + i)).toBeCloseTo(value, 9);
    });
  });
});

describe('Gamma-Gamma on CDNOW (Fader & Hardie 2013)', () => {
  const fit = fitGammaGamma(spend);

  it('fits on the 946 repeat customers and matches the published parameters', () => {
    expect(fit.customers).toBe(946);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    // The fixture's independent re-fit: 6.2488, 3.7446, 15.4478.
    expect(fit.params.p).toBeCloseTo(6.2488, 3);
    expect(fit.params.q).toBeCloseTo(3.7446, 3);
    expect(fit.params.gamma).toBeCloseTo(15.4478, 2);
    // The surface is flat in γ: a correct fit may differ from 15.44 by about 0.01.
    expect(Math.abs(fit.params.gamma - 15.44)).toBeLessThan(0.015);
    expect(fit.logLikelihood).toBeCloseTo(-4055.923, 2);
    expect(fit.frequencySpendCorrelation).toBeCloseTo(0.113884, 5);
    expect(fit.populationMeanSpend).toBeCloseTo(35.17, 2);
  });

  it('fits the same when it yields to the event loop while searching', async () => {
    expect(await fitGammaGammaAsync(spend)).toEqual(fit);
  });

  it('computes the log-likelihood at the rounded published parameters', () => {
    expect(gammaGammaLogLikelihood({ p: 6.25, q: 3.74, gamma: 15.44 }, spend)).toBeCloseTo(-4055.925, 2);
  });

  it('predicts the conditional expected spend of customers 1-10', () => {
    const published = [
      24.658619, 18.911489, 35.170981, 35.170981, 35.170981, 71.462843, 18.911489, 35.170981, 27.282408,
      35.170981,
    ];
    spend.slice(0, 10).forEach((c, i) => {
      expect(expectedAverageSpend(fit.params, c)).toBeCloseTo(published[i]!, 2);
    });
    const mean = spend.reduce((s, c) => s + expectedAverageSpend(fit.params, c), 0) / spend.length;
    expect(mean).toBeCloseTo(35.253, 2);
  });
});
