import { describe, expect, it } from 'vitest';
import { assignArm, HOLDOUT_ARM } from './assignment';
import { ExperimentInputError } from './errors';
import { experimentResults, normalCdf, summarizeArm, wilsonInterval } from './statistics';

describe('assignArm', () => {
  const arms = [
    { key: 'a', weight: 1 },
    { key: 'b', weight: 3 },
  ];
  const customers = Array.from({ length: 20_000 }, (_, i) => `cus_${i}`);

  it('is deterministic per customer and experiment', () => {
    const first = customers.slice(0, 50).map((c) => assignArm('exp-1', c, arms, { holdoutShare: 0.1 }));
    const again = customers.slice(0, 50).map((c) => assignArm('exp-1', c, arms, { holdoutShare: 0.1 }));
    expect(again).toEqual(first);
    const other = customers.slice(0, 50).map((c) => assignArm('exp-2', c, arms, { holdoutShare: 0.1 }));
    expect(other).not.toEqual(first);
  });

  it('splits by weight after the holdout share', () => {
    const counts = new Map<string, number>();
    for (const c of customers) {
      const arm = assignArm('exp-1', c, arms, { holdoutShare: 0.1 });
      counts.set(arm, (counts.get(arm) ?? 0) + 1);
    }
    // Expected 2,000 / 4,500 / 13,500; SHA-256 is uniform, so within a few standard deviations.
    expect(Math.abs(counts.get(HOLDOUT_ARM)! - 2000)).toBeLessThan(200);
    expect(Math.abs(counts.get('a')! - 4500)).toBeLessThan(300);
    expect(Math.abs(counts.get('b')! - 13_500)).toBeLessThan(300);
  });

  it('moves customers only between holdout and treatment when the holdout share changes', () => {
    for (const c of customers.slice(0, 2000)) {
      const before = assignArm('exp-1', c, arms, { holdoutShare: 0.1 });
      const after = assignArm('exp-1', c, arms, { holdoutShare: 0.2 });
      if (before !== HOLDOUT_ARM && after !== HOLDOUT_ARM) expect(after).toBe(before);
      if (before === HOLDOUT_ARM) expect(after).toBe(HOLDOUT_ARM);
    }
  });

  it('refuses arms it cannot assign', () => {
    expect(() => assignArm('e', 'c', [])).toThrow(ExperimentInputError);
    expect(() => assignArm('e', 'c', [{ key: 'holdout', weight: 1 }])).toThrow(/reserved/);
    expect(() => assignArm('e', 'c', [...arms, { key: 'a', weight: 1 }])).toThrow(/duplicate/);
    expect(() => assignArm('e', 'c', [{ key: 'a', weight: 0 }])).toThrow(/weight > 0/);
    expect(() => assignArm('e', 'c', arms, { holdoutShare: 1 })).toThrow(/holdoutShare/);
  });
});

describe('experimentResults', () => {
  it('gives Wilson intervals for conversion rates (Newcombe 1998 values)', () => {
    const ten = wilsonInterval(10, 100);
    expect(ten.low).toBeCloseTo(0.055229, 6);
    expect(ten.high).toBeCloseTo(0.174366, 6);
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.2775, 4);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
  });

  it('compares an arm with the holdout: difference, lift, p-value (Newcombe 1998 example 56/70 vs 48/80)', () => {
    const { arms, comparisons } = experimentResults(
      [
        { key: 'b', recipients: 70, conversions: 56, revenue: 700 },
        { key: 'holdout', recipients: 80, conversions: 48, revenue: 400 },
      ],
      { minRecipients: 50 },
    );
    expect(arms.map((a) => a.conversionRate)).toEqual([0.8, 0.6]);
    const [b] = comparisons;
    expect(b).toMatchObject({ key: 'b', against: 'holdout', verdict: 'better', note: null });
    expect(b!.conversionRateDifference).toBeCloseTo(0.2, 12);
    expect(b!.conversionRateDifferenceInterval.low).toBeCloseTo(0.0524, 4);
    expect(b!.conversionRateDifferenceInterval.high).toBeCloseTo(0.3339, 4);
    expect(b!.lift).toBeCloseTo(1 / 3, 12);
    expect(b!.liftInterval!.low).toBeCloseTo(0.076626, 5);
    expect(b!.liftInterval!.high).toBeCloseTo(0.651249, 5);
    expect(b!.pValue).toBeCloseTo(0.008045, 5);
    expect(b!.revenuePerRecipientDifference).toBeCloseTo(5, 12);
    expect(b!.incrementalRevenue).toBeCloseTo(350, 9);
    expect(b!.revenuePerRecipientDifferenceInterval).toBeNull();
  });

  it('gives revenue per recipient an interval from per-recipient revenue', () => {
    const arm = summarizeArm('a', [
      { converted: true, revenue: 10 },
      { converted: true, revenue: 20 },
      ...Array.from({ length: 198 }, () => ({ converted: false, revenue: 0 })),
    ]);
    const holdout = summarizeArm('holdout', [
      { converted: true, revenue: 5 },
      { converted: true, revenue: 5 },
      ...Array.from({ length: 198 }, () => ({ converted: false, revenue: 0 })),
    ]);
    const [a] = experimentResults([arm, holdout]).comparisons;
    expect(a!.revenuePerRecipientDifference).toBeCloseTo(0.1, 12);
    expect(a!.revenuePerRecipientDifferenceInterval!.low).toBeCloseTo(-0.129353, 5);
    expect(a!.revenuePerRecipientDifferenceInterval!.high).toBeCloseTo(0.329353, 5);
    // Two conversions per arm: the rule says too small, whatever the interval.
    expect(a!.verdict).toBe('too_small');
    expect(a!.note).toBe(
      'Too small to conclude: a has 2 conversions (needs 10); holdout has 2 conversions (needs 10).',
    );
  });

  it('says not significant when the interval straddles 0, and too small for a tiny holdout', () => {
    const even = experimentResults([
      { key: 'a', recipients: 1000, conversions: 100, revenue: 0 },
      { key: 'holdout', recipients: 1000, conversions: 95, revenue: 0 },
    ]);
    expect(even.comparisons[0]!.verdict).toBe('not_significant');
    const tiny = experimentResults([
      { key: 'a', recipients: 1000, conversions: 300, revenue: 0 },
      { key: 'holdout', recipients: 40, conversions: 2, revenue: 0 },
    ]);
    expect(tiny.comparisons[0]!.verdict).toBe('too_small');
    expect(tiny.comparisons[0]!.note).toContain('holdout has 40 recipients (needs 100)');
    const worse = experimentResults([
      { key: 'a', recipients: 1000, conversions: 50, revenue: 0 },
      { key: 'holdout', recipients: 1000, conversions: 100, revenue: 0 },
    ]);
    expect(worse.comparisons[0]!.verdict).toBe('worse');
  });

  it('compares nothing without a baseline arm, and refuses impossible counts', () => {
    expect(experimentResults([{ key: 'a', recipients: 5, conversions: 1, revenue: 3 }]).comparisons).toEqual(
      [],
    );
    expect(() => experimentResults([{ key: 'a', recipients: 5, conversions: 6, revenue: 0 }])).toThrow(
      ExperimentInputError,
    );
    expect(() => experimentResults([{ key: 'a', recipients: -1, conversions: 0, revenue: 0 }])).toThrow(
      /integer ≥ 0/,
    );
  });
});
