import {
  abandonedCartWorkflow,
  backInStockWorkflow,
  browseAbandonmentWorkflow,
  createWorkflowStore,
  postPurchaseWorkflow,
  priceDropWorkflow,
  type WorkflowDefinition,
  welcomeWorkflow,
  winBackWorkflow,
} from '@cartwire/automation-sdk';
import type { Db } from '@cartwire/storage';

/**
 * The shipped example workflows the sandbox demo runs for the development tenant. Their sends use the
 * `email` channel: with no SMTP configured they become `message.requested` events (visible in the
 * console's event stream and on any webhook endpoint), after the governance gate has had its say.
 */
export function exampleWorkflows(): WorkflowDefinition[] {
  const channel = 'email';
  return [
    welcomeWorkflow({ channel }),
    abandonedCartWorkflow({ channel }),
    postPurchaseWorkflow({ channel }),
    backInStockWorkflow({ channel }),
    priceDropWorkflow({ channel }),
    browseAbandonmentWorkflow({ channel }),
    winBackWorkflow({ channel }),
  ];
}

/**
 * Creates, approves and activates each example the tenant does not have yet (by key), so a restart
 * neither duplicates them nor re-activates one the user paused or changed.
 * @returns the keys installed by this call
 */
export async function installExampleWorkflows(
  db: Db,
  tenantId: string,
  options: { now?: () => Date; definitions?: readonly WorkflowDefinition[] } = {},
): Promise<string[]> {
  const store = createWorkflowStore(db, options.now ? { now: options.now } : {});
  const existing = new Set((await store.list(tenantId)).map((workflow) => workflow.key));
  const installed: string[] = [];
  for (const definition of options.definitions ?? exampleWorkflows()) {
    if (existing.has(definition.key)) continue;
    const { workflow, version } = await store.create(tenantId, definition);
    await store.approve(tenantId, workflow.id, version.version);
    await store.activate(tenantId, workflow.id, version.version);
    installed.push(definition.key);
  }
  return installed;
}
