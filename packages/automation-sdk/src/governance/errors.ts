import { SendRefusedError } from '../errors';

/** Why the gate refused a send; stable codes for reports ("suppressions by reason") and alerts. */
export type RefusalReason =
  | 'no_recipient'
  | 'no_address'
  | 'suppressed'
  | 'unsubscribed'
  | 'no_consent'
  | 'recent_purchase'
  | 'recent_refund'
  | 'open_support_case'
  | 'double_discount'
  | 'promo_pressure'
  | 'smart_sending'
  | 'frequency_cap';

/**
 * A governed send the gate refused. It is a `SendRefusedError`: the runtime records the step as refused
 * with this reason and the run goes on. `reason` and `messageLogId` point at the message log row that
 * records the decision.
 */
export class GovernanceRefusedError extends SendRefusedError {
  declare readonly reason: RefusalReason;
  constructor(
    reason: RefusalReason,
    readonly detail: string,
    readonly messageLogId: string,
  ) {
    super(`Send refused by governance: ${reason} (${detail})`, reason, messageLogId);
  }
}

export type GovernanceInputErrorCode = 'invalid_governance_input';

/** A policy, override, suppression entry or import that does not have the expected shape. */
export class GovernanceInputError extends Error {
  readonly code: GovernanceInputErrorCode = 'invalid_governance_input';
  override readonly name = 'GovernanceInputError';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(
      issues[0] ? `${message}: ${issues[0].path ? `${issues[0].path}: ` : ''}${issues[0].message}` : message,
    );
  }
}
