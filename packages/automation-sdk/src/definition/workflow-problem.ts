/** Kinds of problem the validator reports; every one found is listed, not just the first. */
export type WorkflowProblemCode =
  | 'schema'
  | 'duplicate_node_id'
  | 'missing_trigger'
  | 'multiple_triggers'
  | 'unknown_node_ref'
  | 'missing_branch'
  | 'unreachable_node'
  | 'cycle_without_wait'
  | 'invalid_weights'
  | 'duplicate_branch_key'
  | 'unknown_field'
  | 'invalid_time_zone';

export interface WorkflowProblem {
  code: WorkflowProblemCode;
  /** Human-readable explanation. */
  message: string;
  /** JSON path in the definition, e.g. `nodes.3.branches.0.when.all.1.field`. */
  path: string;
  /** The node concerned, when there is one. */
  nodeId: string | null;
}
