import type { StoreInput } from './connection';
import type { AnyConnector } from './connector';
import type { ConnectorEngine } from './engine';
import { ConnectorDefinitionError, InvalidPayloadError } from './errors';

export interface RunActionOptions<TConnector extends AnyConnector> {
  engine: ConnectorEngine;
  connector: TConnector;
  store: StoreInput;
  action: keyof NonNullable<TConnector['actions']> & string;
  /** Validated against the action's `input` schema before anything is sent. */
  input: unknown;
}

/**
 * Runs a connector write (create a fulfilment, set inventory…) for one store. Input failing the
 * action's schema is an `InvalidPayloadError` naming the failing paths; nothing reaches the platform.
 *
 * @example
 * await runAction({ engine, connector: shopifyConnector, store, action: 'setInventoryLevel', input });
 */
export async function runAction<TConnector extends AnyConnector>(
  options: RunActionOptions<TConnector>,
): Promise<unknown> {
  const { engine, connector, action } = options;
  const definition = connector.actions?.[action];
  if (!definition) throw new ConnectorDefinitionError(`${connector.platform} has no action '${action}'`);
  const context = engine.connect(connector, options.store);
  const input = definition.input.safeParse(options.input);
  if (!input.success) {
    const problems = input.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new InvalidPayloadError(`invalid input for ${action}: ${problems.join('; ')}`, {
      platform: connector.platform,
      storeId: context.store.id,
      operation: action,
    });
  }
  return definition.run(
    {
      store: { id: context.store.id, settings: context.store.settings },
      request: (request) => engine.request(context, request),
    },
    input.data,
  );
}
