export type ExperimentInputErrorCode = 'invalid_experiment_input';

/** Arms, weights, shares or counts that cannot describe an experiment (negative counts, no arms, …). */
export class ExperimentInputError extends Error {
  readonly code: ExperimentInputErrorCode = 'invalid_experiment_input';
  override readonly name = 'ExperimentInputError';
}
