import {
  type Contact,
  createEntityLiveData,
  createGovernanceGate,
  type GovernanceGate,
  GovernanceInputError,
} from '@cartwire/automation-sdk';
import { type Database, type EntityRepository, workflows } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { NotFoundError, ProblemError, ValidationError } from '../../http/problem';
import { opaqueCursor } from '../shared/list-cursor';
import {
  addSuppressionsRoute,
  closeSupportCaseRoute,
  deleteWorkflowGovernanceRoute,
  exportSuppressionsRoute,
  getPolicyRoute,
  getWorkflowGovernanceRoute,
  importSuppressionsRoute,
  listSuppressionsRoute,
  openSupportCaseRoute,
  putPolicyRoute,
  putWorkflowGovernanceRoute,
  removeSuppressionRoute,
  resubscribeRoute,
  unsubscribeRoute,
} from './governance.routes';

export interface GovernanceRouterDeps {
  database: Database;
  entities: EntityRepository;
  now: () => Date;
}

/** The SDK's input errors list every failing field; the API answers them as one 400. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof GovernanceInputError) {
      throw new ValidationError(
        error.issues.map((issue) => ({
          in: 'body' as const,
          path: issue.path,
          message: issue.message,
          code: error.code,
        })),
      );
    }
    throw error;
  }
}

function suppressionAfter([kind, value]: ['email' | 'phone' | 'customer_id', string]) {
  return { kind, value };
}

/** A suppression list position: the list is ordered by kind, then value. */
const cursorCodec = opaqueCursor(z.tuple([z.enum(['email', 'phone', 'customer_id']), z.string()]));

/**
 * Governance over REST: the tenant's send-time rules and per-workflow overrides, the suppression list
 * (with CSV import/export), the unsubscribe API and support cases. Everything is scoped to the key's
 * tenant; the global suppression list is an operator's, managed with the CLI.
 */
export function createGovernanceRouter(deps: GovernanceRouterDeps) {
  const gate: GovernanceGate = createGovernanceGate({
    db: deps.database.db,
    customers: createEntityLiveData(deps.entities),
    now: deps.now,
  });

  async function workflowOf(tenantId: string, workflowId: string) {
    const [row] = await deps.database.db
      .select({ id: workflows.id, key: workflows.key })
      .from(workflows)
      .where(and(eq(workflows.tenantId, tenantId), eq(workflows.id, workflowId)));
    if (!row) throw new NotFoundError(`Workflow ${workflowId} not found`);
    return row;
  }

  async function workflowGovernance(tenantId: string, workflow: { id: string; key: string }) {
    const [override, effective] = await Promise.all([
      gate.workflowOverride(tenantId, workflow.key),
      gate.effectivePolicy(tenantId, workflow.key),
    ]);
    return {
      object: 'workflow_governance' as const,
      workflowId: workflow.id,
      workflowKey: workflow.key,
      override: override as Record<string, unknown> | null,
      effective: effective as Record<string, unknown>,
    };
  }

  async function assertCustomer(tenantId: string, customerId: string | undefined) {
    if (customerId === undefined) return;
    const customer = await deps.entities.getEntity('customer', tenantId, customerId);
    if (!customer) throw new NotFoundError(`Customer ${customerId} not found`);
  }

  function contactOf(body: { customerId?: string; email?: string; phone?: string }): Required<{
    [K in keyof Contact]: string | null;
  }> {
    return { customerId: body.customerId ?? null, email: body.email ?? null, phone: body.phone ?? null };
  }

  const getPolicy: RouteHandler<typeof getPolicyRoute, AuthedEnv> = async (c) =>
    c.json((await gate.effectivePolicy(c.var.auth.tenantId)) as Record<string, unknown>, 200);

  const putPolicy: RouteHandler<typeof putPolicyRoute, AuthedEnv> = async (c) => {
    const saved = await guarded(() => gate.setPolicy(c.var.auth.tenantId, c.req.valid('json')));
    return c.json(saved as Record<string, unknown>, 200);
  };

  const getWorkflow: RouteHandler<typeof getWorkflowGovernanceRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const workflow = await workflowOf(tenantId, c.req.valid('param').workflowId);
    return c.json(await workflowGovernance(tenantId, workflow), 200);
  };

  const putWorkflow: RouteHandler<typeof putWorkflowGovernanceRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const workflow = await workflowOf(tenantId, c.req.valid('param').workflowId);
    await guarded(() => gate.setWorkflowOverride(tenantId, workflow.key, c.req.valid('json')));
    return c.json(await workflowGovernance(tenantId, workflow), 200);
  };

  const deleteWorkflow: RouteHandler<typeof deleteWorkflowGovernanceRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const workflow = await workflowOf(tenantId, c.req.valid('param').workflowId);
    await gate.setWorkflowOverride(tenantId, workflow.key, null);
    return c.json(await workflowGovernance(tenantId, workflow), 200);
  };

  const listSuppressions: RouteHandler<typeof listSuppressionsRoute, AuthedEnv> = async (c) => {
    const query = c.req.valid('query');
    const rows = await gate.listSuppressions(
      { tenantId: c.var.auth.tenantId },
      {
        limit: query.limit + 1,
        ...(query.cursor ? { after: suppressionAfter(cursorCodec.decode(query.cursor)) } : {}),
      },
    );
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const hasMore = rows.length > query.limit;
    return c.json(
      {
        object: 'list' as const,
        data: page.map((row) => ({ object: 'suppression' as const, ...row })),
        has_more: hasMore,
        next_cursor: hasMore && last ? cursorCodec.encode([last.kind, last.value]) : null,
      },
      200,
    );
  };

  const addSuppressions: RouteHandler<typeof addSuppressionsRoute, AuthedEnv> = async (c) => {
    const { entries } = c.req.valid('json');
    const added = await guarded(() => gate.suppress({ tenantId: c.var.auth.tenantId }, entries));
    return c.json({ object: 'suppression_change' as const, added }, 200);
  };

  const removeSuppression: RouteHandler<typeof removeSuppressionRoute, AuthedEnv> = async (c) => {
    const { kind, value } = c.req.valid('param');
    const removed = await guarded(() =>
      gate.unsuppress({ tenantId: c.var.auth.tenantId }, [{ kind, value }]),
    );
    if (removed === 0) throw new NotFoundError(`No ${kind} ${value} on the suppression list`);
    return c.body(null, 204);
  };

  const importSuppressions: RouteHandler<typeof importSuppressionsRoute, AuthedEnv> = async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^text\/csv\b/i.test(type))
      throw new ProblemError('unsupported_media_type', { detail: 'Send the list as text/csv.' });
    const csv = await c.req.text();
    const added = await guarded(() => gate.importSuppressions({ tenantId: c.var.auth.tenantId }, csv));
    return c.json({ object: 'suppression_change' as const, added }, 200);
  };

  const exportSuppressions: RouteHandler<typeof exportSuppressionsRoute, AuthedEnv> = async (c) => {
    const csv = await gate.exportSuppressions({ tenantId: c.var.auth.tenantId });
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="suppressions.csv"',
    });
  };

  const unsubscribe: RouteHandler<typeof unsubscribeRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const body = c.req.valid('json');
    await assertCustomer(tenantId, body.customerId);
    const contact = contactOf(body);
    await guarded(() => gate.unsubscribe(tenantId, contact, body.channel, body.reason));
    return c.json(
      {
        object: 'consent_change' as const,
        action: 'unsubscribed' as const,
        channel: body.channel,
        ...contact,
      },
      200,
    );
  };

  const resubscribe: RouteHandler<typeof resubscribeRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const body = c.req.valid('json');
    await assertCustomer(tenantId, body.customerId);
    const contact = contactOf(body);
    await guarded(() => gate.resubscribe(tenantId, contact, body.channel));
    return c.json(
      {
        object: 'consent_change' as const,
        action: 'resubscribed' as const,
        channel: body.channel,
        ...contact,
      },
      200,
    );
  };

  const openCase: RouteHandler<typeof openSupportCaseRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const body = c.req.valid('json');
    await assertCustomer(tenantId, body.customerId);
    await gate.openSupportCase(tenantId, {
      caseId: body.caseId,
      customerId: body.customerId,
      ...(body.openedAt ? { openedAt: new Date(body.openedAt) } : {}),
    });
    return c.json(
      {
        object: 'support_case' as const,
        caseId: body.caseId,
        customerId: body.customerId,
        status: 'open' as const,
      },
      201,
    );
  };

  const closeCase: RouteHandler<typeof closeSupportCaseRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const { caseId } = c.req.valid('param');
    // The body is optional: a bare POST (no JSON sent) closes the case now.
    const body: { closedAt?: string | undefined } = c.req.valid('json') ?? {};
    const closed = await gate.closeSupportCase(
      tenantId,
      caseId,
      body.closedAt ? new Date(body.closedAt) : undefined,
    );
    if (!closed) throw new NotFoundError(`Support case ${caseId} not found`);
    return c.json(
      { object: 'support_case' as const, caseId, customerId: closed.customerId, status: 'closed' as const },
      200,
    );
  };

  return createRouter<AuthedEnv>()
    .openapi(getPolicyRoute, getPolicy)
    .openapi(putPolicyRoute, putPolicy)
    .openapi(getWorkflowGovernanceRoute, getWorkflow)
    .openapi(putWorkflowGovernanceRoute, putWorkflow)
    .openapi(deleteWorkflowGovernanceRoute, deleteWorkflow)
    .openapi(exportSuppressionsRoute, exportSuppressions)
    .openapi(importSuppressionsRoute, importSuppressions)
    .openapi(listSuppressionsRoute, listSuppressions)
    .openapi(addSuppressionsRoute, addSuppressions)
    .openapi(removeSuppressionRoute, removeSuppression)
    .openapi(unsubscribeRoute, unsubscribe)
    .openapi(resubscribeRoute, resubscribe)
    .openapi(openSupportCaseRoute, openCase)
    .openapi(closeSupportCaseRoute, closeCase);
}
