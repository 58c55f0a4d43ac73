import { createHash } from 'node:crypto';
import { ExperimentInputError } from './errors';

/** The arm every holdout member is assigned: enters the same path, its sends are recorded, not delivered. */
export const HOLDOUT_ARM = 'holdout';

export interface ExperimentArm {
  readonly key: string;
  /** Relative share among the treated (non-holdout) customers. */
  readonly weight: number;
}

export interface AssignmentOptions {
  /**
   * Share of customers held out, 0 ≤ share < 1.
   * @default 0
   * @example 0.1
   */
  readonly holdoutShare?: number;
}

/**
 * Deterministic assignment: the same customer always lands in the same arm of the same experiment, in
 * every process and on every replay, without storing anything first. SHA-256 of
 * `experimentKey \u0000 customerKey` gives two independent uniforms: the first decides the holdout,
 * the second the arm among the treated. Because they are independent, changing the holdout share moves
 * customers only between holdout and treatment, never from one variant to another, and changing the
 * arms' weights leaves the holdout unchanged.
 * @throws ExperimentInputError for no arms, a duplicate or reserved key, a weight ≤ 0 or a share outside [0, 1)
 * @example assignArm('cart-subject-2026', 'cus_01…', [{ key: 'a', weight: 1 }, { key: 'b', weight: 1 }], { holdoutShare: 0.1 })
 */
export function assignArm(
  experimentKey: string,
  customerKey: string,
  arms: readonly ExperimentArm[],
  options: AssignmentOptions = {},
): string {
  const holdoutShare = options.holdoutShare ?? 0;
  assertArms(arms);
  if (!(holdoutShare >= 0 && holdoutShare < 1))
    throw new ExperimentInputError(`holdoutShare must be within [0, 1), got ${holdoutShare}`);
  if (experimentKey === '' || customerKey === '')
    throw new ExperimentInputError('experiment and customer keys must not be empty');
  const digest = createHash('sha256').update(`${experimentKey}\u0000${customerKey}`).digest();
  const holdoutPoint = digest.readUInt32BE(0) / 2 ** 32;
  if (holdoutPoint < holdoutShare) return HOLDOUT_ARM;
  const total = arms.reduce((sum, arm) => sum + arm.weight, 0);
  let point = (digest.readUInt32BE(4) / 2 ** 32) * total;
  for (const arm of arms) {
    if (point < arm.weight) return arm.key;
    point -= arm.weight;
  }
  return arms[arms.length - 1]!.key;
}

function assertArms(arms: readonly ExperimentArm[]): void {
  if (arms.length === 0) throw new ExperimentInputError('an experiment needs at least one arm');
  const seen = new Set<string>();
  for (const arm of arms) {
    if (arm.key === '' || arm.key === HOLDOUT_ARM)
      throw new ExperimentInputError(`arm key ${JSON.stringify(arm.key)} is empty or reserved`);
    if (seen.has(arm.key)) throw new ExperimentInputError(`duplicate arm key ${JSON.stringify(arm.key)}`);
    seen.add(arm.key);
    if (!(Number.isFinite(arm.weight) && arm.weight > 0))
      throw new ExperimentInputError(`arm ${arm.key} needs a weight > 0, got ${arm.weight}`);
  }
}
