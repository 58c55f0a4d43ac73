import { type EventEnvelope, parseEvent } from '@cartwire/model';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import { type DryRunOptions, type DryRunResult, dryRun } from '../dry-run';
import { loadEntryContext } from './entry-context';
import type { LiveData } from './live-data';

export interface LiveDryRunInput {
  /** The event to start from (as stored in the event log or sent by a platform). */
  event: unknown;
  /** Evaluate for this customer instead of the event's own. */
  customerId?: string;
  /** @default the current time */
  now?: Date;
}

/**
 * A dry run on current records: the event's customer (or `customerId`), variant, product and line variants
 * are read from live data, as the runtime would at entry; nothing is sent or stored.
 * @throws InvalidEventError when `event` is not a valid event.
 */
export async function dryRunLive(
  definition: WorkflowDefinition,
  input: LiveDryRunInput,
  liveData: LiveData,
  options: DryRunOptions = {},
): Promise<DryRunResult> {
  const event = parseEvent(input.event) as EventEnvelope;
  const now = input.now ?? new Date();
  const context = await loadEntryContext(
    event,
    liveData,
    now,
    input.customerId === undefined ? {} : { customerId: input.customerId },
  );
  return dryRun(
    definition,
    {
      event,
      customer: context.customer,
      cart: context.cart,
      order: context.order,
      variant: context.variant,
      product: context.product,
      variants: [...context.variants.values()],
      now: now.toISOString(),
    },
    options,
  );
}
