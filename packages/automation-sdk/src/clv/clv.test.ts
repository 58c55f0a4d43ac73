import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedPurchases, fitBgNbd, type RfmSummary } from './bg-nbd';
import { ClvFitNotConvergedError, InsufficientClvDataError, InvalidClvInputError } from './errors';
import { expectedAverageSpend, fitGammaGamma } from './gamma-gamma';
import { lifetimeValue, periodDiscountRate } from './lifetime-value';
import { hyp2f1, lgamma } from './special';
import { type Purchase, summarizePurchases } from './summarize';

const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('special functions', () => {
  it('lgamma matches known values', () => {
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lgamma(0.001)).toBeCloseTo(6.907178885383853, 10);
    expect(lgamma(171.5)).toBeCloseTo(709.1431630309282, 9);
    expect(lgamma(1000.3)).toBeCloseTo(5907.29264478588, 8);
  });

  it('hyp2f1 matches closed forms', () => {
    // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z
    for (const z of [0.1, 0.5, 0.9, 0.99]) expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 10);
    // ₂F₁(a, b; b; z) = (1 − z)^(−a)
    expect(hyp2f1(2.5, 3, 3, 0.7)).toBeCloseTo(0.3 ** -2.5, 9);
    expect(hyp2f1(1, 1, 2, 1)).toBeNaN();
  });
});

describe('lifetimeValue', () => {
  const customer: RfmSummary = { x: 2, tx: 30.43, T: 38.86 };

  it('undiscounted, it is expected spend × expected purchases over the horizon, however it is split', () => {
    const whole = lifetimeValue(CDNOW, customer, 24.66, { horizon: 52, period: 52 });
    expect(whole).toBeCloseTo(24.66 * expectedPurchases(CDNOW, customer, 52), 10);
    expect(lifetimeValue(CDNOW, customer, 24.66, { horizon: 52, period: 4 })).toBeCloseTo(whole, 10);
    expect(lifetimeValue(CDNOW, customer, 24.66, { horizon: 52, period: 4, margin: 0.3 })).toBeCloseTo(
      0.3 * whole,
      10,
    );
  });

  it('discounting lowers the value, more for later purchases', () => {
    const whole = lifetimeValue(CDNOW, customer, 24.66, { horizon: 52, period: 4 });
    const discounted = lifetimeValue(CDNOW, customer, 24.66, { horizon: 52, period: 4, discountRate: 0.01 });
    expect(discounted).toBeLessThan(whole);
    expect(discounted).toBeGreaterThan(whole / 1.01 ** 13);
    expect(periodDiscountRate(0.1, 365)).toBeCloseTo(0.1, 12);
    expect((1 + periodDiscountRate(0.1, 30)) ** (365 / 30)).toBeCloseTo(1.1, 12);
  });

  it('refuses bad options with a typed error', () => {
    expect(() => lifetimeValue(CDNOW, customer, 10, { horizon: 0, period: 1 })).toThrow(InvalidClvInputError);
    expect(() => lifetimeValue(CDNOW, customer, 10, { horizon: 10, period: 1, margin: 2 })).toThrow(
      InvalidClvInputError,
    );
    expect(() => lifetimeValue(CDNOW, customer, -1, { horizon: 10, period: 1 })).toThrow(
      InvalidClvInputError,
    );
  });
});

describe('fit errors', () => {
  const few: RfmSummary[] = [
    { x: 1, tx: 2, T: 10 },
    { x: 0, tx: 0, T: 8 },
  ];

  it('refuses too few customers', () => {
    expect(() => fitBgNbd(few)).toThrow(InsufficientClvDataError);
    const error = (() => {
      try {
        fitGammaGamma([{ x: 2, zbar: 10 }]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InsufficientClvDataError);
    expect(error).toMatchObject({
      code: 'insufficient_clv_data',
      model: 'gamma_gamma',
      available: 1,
      required: 10,
    });
  });

  it('refuses malformed summaries, naming the customer', () => {
    expect(() =>
      fitBgNbd([...few, { x: 1, tx: 12, T: 10 }], { minCustomers: 1, minRepeatCustomers: 1 }),
    ).toThrow(/index 2: t_x must be within \[0, T\]/);
    expect(() => fitBgNbd([{ x: 1.5, tx: 1, T: 10 }], { minCustomers: 1 })).toThrow(InvalidClvInputError);
    expect(() => fitGammaGamma([{ x: 1, zbar: 0 }], { minCustomers: 1 })).toThrow(/zbar must be > 0/);
    expect(() => expectedAverageSpend({ p: 1, q: 0.5, gamma: 1 }, { x: 0, zbar: 0 })).toThrow(
      /q must be > 1/,
    );
  });

  it('reports an optimizer that runs out of iterations', () => {
    const customers: RfmSummary[] = Array.from({ length: 40 }, (_, i) => ({
      x: i % 4,
      tx: i % 4 === 0 ? 0 : 5 + (i % 7),
      T: 20,
    }));
    expect(() => fitBgNbd(customers, { maxIterations: 3 })).toThrow(ClvFitNotConvergedError);
  });
});

describe('summarizePurchases', () => {
  const at = (iso: string) => new Date(iso);

  it('merges one day into one transaction and excludes the first day from zbar', () => {
    const purchases: Purchase[] = [
      { customerId: 'a', at: at('2026-01-01T09:00:00Z'), amount: 10 },
      { customerId: 'a', at: at('2026-01-03T08:00:00Z'), amount: 5 },
      { customerId: 'a', at: at('2026-01-03T20:00:00Z'), amount: 7 },
      { customerId: 'a', at: at('2026-01-15T10:00:00Z'), amount: 30 },
      { customerId: 'a', at: at('2026-02-01T10:00:00Z'), amount: 99 }, // after the observation end
      { customerId: 'b', at: at('2026-01-20T10:00:00Z'), amount: 40 },
      { customerId: 'b', at: at('2026-01-20T11:00:00Z'), amount: 2 },
    ];
    const [a, b] = summarizePurchases(purchases, { observationEnd: at('2026-01-31T00:00:00Z') });
    expect(a).toMatchObject({ customerId: 'a', x: 2, tx: 14, T: 30, zbar: 21 });
    expect(a?.lastPurchaseAt).toEqual(at('2026-01-15T10:00:00Z'));
    expect(b).toMatchObject({ customerId: 'b', x: 0, tx: 0, T: 11, zbar: 0 });
    const [aw] = summarizePurchases(purchases, {
      observationEnd: at('2026-01-31T00:00:00Z'),
      timeUnit: 'week',
    });
    expect(aw?.T).toBeCloseTo(30 / 7, 12);
  });

  it('rebuilds the CDNOW cohort from the raw master file', () => {
    const lines = readFileSync('/work/shared/fixtures/cdnow/CDNOW_master.txt', 'utf8')
      .split(/\r?\n/)
      .slice(1);
    const purchases: Purchase[] = lines
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [id, date, , dollars] = line.trim().split(/\s+/);
        return {
          customerId: id!,
          at: new Date(`${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}T00:00:00Z`),
          amount: Number(dollars),
        };
      });
    expect(purchases).toHaveLength(69_659);
    const whole = summarizePurchases(purchases, { observationEnd: new Date('1998-06-30T00:00:00Z') });
    expect(whole).toHaveLength(23_570);
    // 67,591 distinct (customer, day) pairs: one first day per customer plus x repeat days.
    expect(whole.reduce((sum, c) => sum + c.x + 1, 0)).toBe(67_591);
    const calibration = summarizePurchases(purchases, {
      observationEnd: new Date('1997-09-30T00:00:00Z'),
      timeUnit: 'week',
    });
    const ages = calibration.map((c) => c.T);
    expect(Math.min(...ages)).toBe(27);
    expect(Math.max(...ages)).toBeCloseTo(38.86, 2);
  });
});
