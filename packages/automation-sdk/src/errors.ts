import type { WorkflowProblem } from './definition/workflow-problem';
import type { SegmentProblem } from './segments/segment-rule';

/**
 * Typed errors thrown by @cartwire/automation-sdk. Each carries a stable snake_case `code` so callers
 * (and the gateway's problem+json mapping) branch on it without matching message text.
 */
export type AutomationErrorCode =
  | 'invalid_workflow'
  | 'invalid_duration'
  | 'invalid_evaluation_input'
  | 'segments_unavailable'
  | 'invalid_segment'
  | 'segment_not_found'
  | 'invalid_cursor'
  | 'invalid_waitlist_subscription'
  | 'workflow_not_found'
  | 'workflow_version_not_found'
  | 'workflow_version_not_approved'
  | 'workflow_key_conflict'
  | 'workflow_key_mismatch'
  | 'run_not_found'
  | 'no_channel'
  | 'no_action_handler'
  | 'step_failed';

export abstract class AutomationError extends Error {
  abstract readonly code: AutomationErrorCode;
}

/** A workflow definition with one or more problems; `problems` lists every one, not just the first. */
export class InvalidWorkflowError extends AutomationError {
  readonly code = 'invalid_workflow';
  override readonly name = 'InvalidWorkflowError';
  constructor(readonly problems: readonly WorkflowProblem[]) {
    const first = problems[0];
    super(
      first
        ? `Invalid workflow (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${first.message}`
        : 'Invalid workflow',
    );
  }
}

export class InvalidDurationError extends AutomationError {
  readonly code = 'invalid_duration';
  override readonly name = 'InvalidDurationError';
  constructor(readonly input: string) {
    super(`Not an ISO-8601 duration such as "PT1H" or "P7D": ${JSON.stringify(input)}`);
  }
}

/** The context handed to the evaluator or a dry run does not have the expected shape. */
export class InvalidEvaluationInputError extends AutomationError {
  readonly code = 'invalid_evaluation_input';
  override readonly name = 'InvalidEvaluationInputError';
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** A condition asks for segment membership and no segment resolver was configured. */
export class SegmentsUnavailableError extends AutomationError {
  readonly code = 'segments_unavailable';
  override readonly name = 'SegmentsUnavailableError';
  constructor(readonly segment: string) {
    super(`Condition on segment ${JSON.stringify(segment)} but no segment resolver is configured`);
  }
}

export class WorkflowNotFoundError extends AutomationError {
  readonly code = 'workflow_not_found';
  override readonly name = 'WorkflowNotFoundError';
  constructor(readonly workflowId: string) {
    super(`Workflow ${workflowId} not found`);
  }
}

export class WorkflowVersionNotFoundError extends AutomationError {
  readonly code = 'workflow_version_not_found';
  override readonly name = 'WorkflowVersionNotFoundError';
  constructor(
    readonly workflowId: string,
    readonly version: number,
  ) {
    super(`Workflow ${workflowId} has no version ${version}`);
  }
}

export class RunNotFoundError extends AutomationError {
  readonly code = 'run_not_found';
  override readonly name = 'RunNotFoundError';
  constructor(readonly runId: string) {
    super(`Workflow run ${runId} not found`);
  }
}

/** A send node names a channel the runtime was not given. */
export class NoChannelError extends AutomationError {
  readonly code = 'no_channel';
  override readonly name = 'NoChannelError';
  constructor(readonly channel: string) {
    super(`No channel named ${JSON.stringify(channel)} is configured`);
  }
}

/** An action node's kind has no handler configured in the runtime. */
export class NoActionHandlerError extends AutomationError {
  readonly code = 'no_action_handler';
  override readonly name = 'NoActionHandlerError';
  constructor(readonly kind: string) {
    super(`No handler is configured for ${JSON.stringify(kind)} actions`);
  }
}

/**
 * A channel or action failed. `retryable: false` parks the run at once (e.g. the recipient was
 * refused); otherwise the step is retried with backoff and parks when the attempts run out.
 */
export class StepFailedError extends AutomationError {
  readonly code = 'step_failed';
  override readonly name = 'StepFailedError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * A channel declined a message by policy (consent, suppression, a cap, smart sending…), not because
 * anything failed: the runtime records the step as `refused` with `reason` and the run goes on to its next
 * step, as a skipped message does in the tools merchants know. A later send may still be allowed.
 */
export class SendRefusedError extends StepFailedError {
  constructor(
    message: string,
    readonly reason: string,
    /** Where the decision is recorded (a message log row), when the channel keeps one. */
    readonly messageId: string | null,
  ) {
    super(message, false);
  }
}

/** Activation needs a version approved by a separate call (four-eyes principle). */
export class WorkflowVersionNotApprovedError extends AutomationError {
  readonly code = 'workflow_version_not_approved';
  override readonly name = 'WorkflowVersionNotApprovedError';
  constructor(
    readonly workflowId: string,
    readonly version: number,
  ) {
    super(`Version ${version} of workflow ${workflowId} must be approved before it can be activated`);
  }
}

export class WorkflowKeyConflictError extends AutomationError {
  readonly code = 'workflow_key_conflict';
  override readonly name = 'WorkflowKeyConflictError';
  constructor(readonly key: string) {
    super(`A workflow with key ${JSON.stringify(key)} already exists`);
  }
}

/** A new version must keep the workflow's key (the key names the workflow in reports and UTM tags). */
export class WorkflowKeyMismatchError extends AutomationError {
  readonly code = 'workflow_key_mismatch';
  override readonly name = 'WorkflowKeyMismatchError';
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `The definition's key ${JSON.stringify(actual)} differs from the workflow's key ${JSON.stringify(expected)}`,
    );
  }
}

/** A segment rule with one or more problems; `problems` lists every one, each with its JSON path. */
export class InvalidSegmentError extends AutomationError {
  readonly code = 'invalid_segment';
  override readonly name = 'InvalidSegmentError';
  constructor(readonly problems: readonly SegmentProblem[]) {
    const first = problems[0];
    super(
      first
        ? `Invalid segment rule (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${first.path ? `${first.path}: ` : ''}${first.message}`
        : 'Invalid segment rule',
    );
  }
}

export class SegmentNotFoundError extends AutomationError {
  readonly code = 'segment_not_found';
  override readonly name = 'SegmentNotFoundError';
  constructor(readonly segmentId: string) {
    super(`Segment ${segmentId} not found`);
  }
}

/** A pagination `cursor` this API did not issue. */
export class InvalidCursorError extends AutomationError {
  readonly code = 'invalid_cursor';
  override readonly name = 'InvalidCursorError';
  constructor(readonly cursor: string) {
    super('cursor is not one this API issued');
  }
}

/** A waitlist subscription without a subscriber (neither a customer id nor a valid email) or with a bad field. */
export class InvalidWaitlistSubscriptionError extends AutomationError {
  readonly code = 'invalid_waitlist_subscription';
  override readonly name = 'InvalidWaitlistSubscriptionError';
  constructor(readonly issues: readonly { path: string; message: string }[]) {
    const first = issues[0];
    super(
      first
        ? `Invalid waitlist subscription: ${first.path || '(root)'}: ${first.message}`
        : 'Invalid waitlist subscription',
    );
  }
}
