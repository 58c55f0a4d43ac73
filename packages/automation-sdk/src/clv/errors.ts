/** Stable codes for the CLV models; the gateway maps them to problem+json. */
export type ClvErrorCode = 'invalid_clv_input' | 'insufficient_clv_data' | 'clv_fit_not_converged';

export abstract class ClvError extends Error {
  abstract readonly code: ClvErrorCode;
}

/** A customer summary, parameter set or option that the models cannot use (negative counts, t_x > T, …). */
export class InvalidClvInputError extends ClvError {
  readonly code = 'invalid_clv_input';
  override readonly name = 'InvalidClvInputError';
  constructor(
    message: string,
    /** Index of the offending customer in the input, when the problem is one customer's summary. */
    readonly index?: number,
  ) {
    super(index === undefined ? message : `Customer at index ${index}: ${message}`);
  }
}

/**
 * Too few customers (or too few repeat buyers) to fit a model: maximum likelihood on a handful of
 * customers gives parameters that mean nothing, so the fit refuses instead.
 */
export class InsufficientClvDataError extends ClvError {
  readonly code = 'insufficient_clv_data';
  override readonly name = 'InsufficientClvDataError';
  constructor(
    readonly model: 'bg_nbd' | 'gamma_gamma',
    readonly available: number,
    readonly required: number,
    what: string,
  ) {
    super(`${model} needs at least ${required} ${what}; got ${available}`);
  }
}

/** The optimizer stopped at its iteration limit or reached a non-finite likelihood. */
export class ClvFitNotConvergedError extends ClvError {
  readonly code = 'clv_fit_not_converged';
  override readonly name = 'ClvFitNotConvergedError';
  constructor(
    readonly model: 'bg_nbd' | 'gamma_gamma',
    readonly iterations: number,
    reason: string,
  ) {
    super(`${model} fit did not converge after ${iterations} iterations: ${reason}`);
  }
}
