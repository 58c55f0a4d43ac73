import { ID_PREFIX, newId } from '@cartwire/model';
import { type Db, workflows, workflowVersions } from '@cartwire/storage';
import { and, asc, desc, eq, or, sql } from 'drizzle-orm';
import { validateWorkflow } from '../definition/validate-workflow';
import type { WorkflowDefinition } from '../definition/workflow-definition';
import {
  InvalidWorkflowError,
  WorkflowKeyConflictError,
  WorkflowKeyMismatchError,
  WorkflowNotFoundError,
  WorkflowVersionNotApprovedError,
  WorkflowVersionNotFoundError,
} from '../errors';
import { triggerOf } from '../evaluate/entry';

export type WorkflowStatus = 'draft' | 'active' | 'paused';

export interface WorkflowRecord {
  id: string;
  tenantId: string;
  key: string;
  name: string;
  status: WorkflowStatus;
  activeVersion: number | null;
  latestVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface WorkflowVersionRecord {
  workflowId: string;
  version: number;
  definition: WorkflowDefinition;
  approved: boolean;
  approvedAt: Date | null;
  createdAt: Date;
}

export interface WorkflowStore {
  /** Stores a new workflow with its first version (a draft). @throws InvalidWorkflowError, WorkflowKeyConflictError */
  create(
    tenantId: string,
    definition: unknown,
  ): Promise<{ workflow: WorkflowRecord; version: WorkflowVersionRecord }>;
  /** Adds a version; runs already started stay on theirs. @throws InvalidWorkflowError, WorkflowNotFoundError, WorkflowKeyMismatchError */
  addVersion(tenantId: string, workflowId: string, definition: unknown): Promise<WorkflowVersionRecord>;
  /** @throws WorkflowNotFoundError, WorkflowVersionNotFoundError */
  approve(tenantId: string, workflowId: string, version: number): Promise<WorkflowVersionRecord>;
  /** New events start runs of this version. @throws WorkflowVersionNotApprovedError and the not-found errors */
  activate(tenantId: string, workflowId: string, version: number): Promise<WorkflowRecord>;
  /** No new runs; running ones continue. @throws WorkflowNotFoundError */
  pause(tenantId: string, workflowId: string): Promise<WorkflowRecord>;
  get(tenantId: string, workflowId: string): Promise<WorkflowRecord | null>;
  list(tenantId: string): Promise<WorkflowRecord[]>;
  getVersion(tenantId: string, workflowId: string, version: number): Promise<WorkflowVersionRecord | null>;
  listVersions(tenantId: string, workflowId: string): Promise<WorkflowVersionRecord[]>;
  /** Active workflows whose active version starts on `eventType`, with that version. */
  activeForTrigger(
    tenantId: string,
    eventType: string,
  ): Promise<{ workflow: WorkflowRecord; version: WorkflowVersionRecord }[]>;
}

export interface WorkflowStoreOptions {
  /** @default () => new Date() */
  now?: () => Date;
}

function parse(definition: unknown): WorkflowDefinition {
  const result = validateWorkflow(definition);
  if (!result.ok) throw new InvalidWorkflowError(result.problems);
  return result.definition;
}

/** Workflows and their versions in Postgres, every query scoped to the tenant. */
export function createWorkflowStore(db: Db, options: WorkflowStoreOptions = {}): WorkflowStore {
  const now = options.now ?? (() => new Date());

  async function requireWorkflow(tenantId: string, workflowId: string): Promise<WorkflowRecord> {
    const [row] = await db
      .select()
      .from(workflows)
      .where(and(eq(workflows.tenantId, tenantId), eq(workflows.id, workflowId)));
    if (!row) throw new WorkflowNotFoundError(workflowId);
    return row;
  }

  async function readVersion(tenantId: string, workflowId: string, version: number) {
    const [row] = await db
      .select()
      .from(workflowVersions)
      .where(
        and(
          eq(workflowVersions.tenantId, tenantId),
          eq(workflowVersions.workflowId, workflowId),
          eq(workflowVersions.version, version),
        ),
      );
    return row ? toVersion(row) : null;
  }

  return {
    async create(tenantId, input) {
      const definition = parse(input);
      const at = now();
      const id = newId(ID_PREFIX.workflow);
      return db.transaction(async (tx) => {
        const inserted = await tx
          .insert(workflows)
          .values({
            id,
            tenantId,
            key: definition.key,
            name: definition.name,
            latestVersion: 1,
            createdAt: at,
            updatedAt: at,
          })
          .onConflictDoNothing()
          .returning();
        const workflow = inserted[0];
        if (!workflow) throw new WorkflowKeyConflictError(definition.key);
        const [version] = await tx
          .insert(workflowVersions)
          .values({
            workflowId: id,
            version: 1,
            tenantId,
            definition,
            triggerEvent: triggerOf(definition).event,
            createdAt: at,
          })
          .returning();
        return { workflow, version: toVersion(version as typeof workflowVersions.$inferSelect) };
      });
    },

    async addVersion(tenantId, workflowId, input) {
      const definition = parse(input);
      return db.transaction(async (tx) => {
        const [workflow] = await tx
          .select()
          .from(workflows)
          .where(and(eq(workflows.tenantId, tenantId), eq(workflows.id, workflowId)))
          .for('update');
        if (!workflow) throw new WorkflowNotFoundError(workflowId);
        if (workflow.key !== definition.key) throw new WorkflowKeyMismatchError(workflow.key, definition.key);
        const at = now();
        const version = workflow.latestVersion + 1;
        await tx
          .update(workflows)
          .set({ latestVersion: version, name: definition.name, updatedAt: at })
          .where(eq(workflows.id, workflowId));
        const [row] = await tx
          .insert(workflowVersions)
          .values({
            workflowId,
            version,
            tenantId,
            definition,
            triggerEvent: triggerOf(definition).event,
            createdAt: at,
          })
          .returning();
        return toVersion(row as typeof workflowVersions.$inferSelect);
      });
    },

    async approve(tenantId, workflowId, version) {
      await requireWorkflow(tenantId, workflowId);
      const [row] = await db
        .update(workflowVersions)
        .set({ approved: true, approvedAt: now() })
        .where(
          and(
            eq(workflowVersions.tenantId, tenantId),
            eq(workflowVersions.workflowId, workflowId),
            eq(workflowVersions.version, version),
          ),
        )
        .returning();
      if (!row) throw new WorkflowVersionNotFoundError(workflowId, version);
      return toVersion(row);
    },

    async activate(tenantId, workflowId, version) {
      await requireWorkflow(tenantId, workflowId);
      const found = await readVersion(tenantId, workflowId, version);
      if (!found) throw new WorkflowVersionNotFoundError(workflowId, version);
      if (!found.approved) throw new WorkflowVersionNotApprovedError(workflowId, version);
      const [row] = await db
        .update(workflows)
        .set({ status: 'active', activeVersion: version, updatedAt: now() })
        .where(and(eq(workflows.tenantId, tenantId), eq(workflows.id, workflowId)))
        .returning();
      return row as WorkflowRecord;
    },

    async pause(tenantId, workflowId) {
      const [row] = await db
        .update(workflows)
        .set({ status: 'paused', updatedAt: now() })
        .where(and(eq(workflows.tenantId, tenantId), eq(workflows.id, workflowId)))
        .returning();
      if (!row) throw new WorkflowNotFoundError(workflowId);
      return row;
    },

    async get(tenantId, workflowId) {
      const [row] = await db
        .select()
        .from(workflows)
        .where(and(eq(workflows.tenantId, tenantId), eq(workflows.id, workflowId)));
      return row ?? null;
    },

    async list(tenantId) {
      return db
        .select()
        .from(workflows)
        .where(eq(workflows.tenantId, tenantId))
        .orderBy(asc(workflows.createdAt));
    },

    getVersion: readVersion,

    async listVersions(tenantId, workflowId) {
      const rows = await db
        .select()
        .from(workflowVersions)
        .where(and(eq(workflowVersions.tenantId, tenantId), eq(workflowVersions.workflowId, workflowId)))
        .orderBy(desc(workflowVersions.version));
      return rows.map(toVersion);
    },

    async activeForTrigger(tenantId, eventType) {
      const rows = await db
        .select({ workflow: workflows, version: workflowVersions })
        .from(workflows)
        .innerJoin(
          workflowVersions,
          and(
            eq(workflowVersions.workflowId, workflows.id),
            eq(workflowVersions.version, workflows.activeVersion),
          ),
        )
        .where(
          and(
            eq(workflows.tenantId, tenantId),
            eq(workflows.status, 'active'),
            or(
              eq(workflowVersions.triggerEvent, eventType),
              // Additional trigger types live in the definition only; active versions are few per tenant.
              sql`${workflowVersions.definition} -> 'nodes' @> ${JSON.stringify([
                { type: 'trigger', alsoOn: [eventType] },
              ])}::jsonb`,
            ),
          ),
        );
      return rows.map((row) => ({ workflow: row.workflow, version: toVersion(row.version) }));
    },
  };
}

// Stored definitions were validated on the way in and versions are immutable, so they are read as they are.
function toVersion(row: typeof workflowVersions.$inferSelect): WorkflowVersionRecord {
  return {
    workflowId: row.workflowId,
    version: row.version,
    definition: row.definition as WorkflowDefinition,
    approved: row.approved,
    approvedAt: row.approvedAt,
    createdAt: row.createdAt,
  };
}
