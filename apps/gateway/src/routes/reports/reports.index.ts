import {
  AttributionSettings,
  createWorkflowStore,
  durationMs,
  getAttributionSettings,
  listAttributions,
  type StoredAttributionSettings,
  setAttributionSettings,
  workflowExperiment,
  workflowReport,
} from '@cartwire/automation-sdk';
import type { Database } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { type FieldError, NotFoundError, ValidationError } from '../../http/problem';
import { opaqueCursor, TimeAndId } from '../shared/list-cursor';
import {
  getAttributionSettingsRoute,
  listAttributionsRoute,
  putAttributionSettingsRoute,
  workflowExperimentRoute,
  workflowReportRoute,
} from './reports.routes';

const DAY_MS = 86_400_000;
const DEFAULT_PERIOD_MS = 30 * DAY_MS;
const MAX_PERIOD_MS = 366 * DAY_MS;
const DEFAULT_CONVERSION_WINDOW = 'P7D';
const MAX_CONVERSION_WINDOW_MS = 90 * DAY_MS;

const queryError = (path: string, code: string, message: string): ValidationError =>
  new ValidationError([{ in: 'query', path, code, message }]);

function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date) {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_MS);
  if (from.getTime() >= to.getTime()) throw queryError('from', 'invalid_range', 'must be before `to`');
  if (to.getTime() - from.getTime() > MAX_PERIOD_MS)
    throw queryError('to', 'invalid_range', 'the period is at most 366 days');
  return { from, to };
}

function conversionWindowOf(raw: string | undefined): { text: string; ms: number } {
  const text = raw ?? DEFAULT_CONVERSION_WINDOW;
  let ms: number;
  try {
    ms = durationMs(text);
  } catch {
    throw queryError(
      'conversion_window',
      'invalid_duration',
      'expected an ISO-8601 duration such as "P7D" or "PT48H" (weeks, days, hours, minutes, seconds)',
    );
  }
  if (ms > MAX_CONVERSION_WINDOW_MS) throw queryError('conversion_window', 'too_big', 'at most P90D');
  return { text, ms };
}

function cursorAfter(position: { placedAt: string; orderId: string }) {
  return { placedAt: new Date(position.placedAt), orderId: position.orderId };
}

const cursorCodec = opaqueCursor(z.object({ placedAt: TimeAndId.shape.at, orderId: z.string().min(1) }));

function settingsBody(settings: StoredAttributionSettings) {
  return {
    object: 'attribution_settings' as const,
    windows: settings.windows as Record<string, { received?: string; opened?: string; clicked?: string }>,
    isDefault: settings.isDefault,
    updatedAt: settings.updatedAt?.toISOString() ?? null,
  };
}

export interface ReportsRouterDeps {
  database: Database;
  now: () => Date;
}

/**
 * Reports (tenant-scoped): a workflow's report grouped by version, arm, node, branch, variant or segment;
 * its experiment results; last-touch attributed orders; and the attribution windows they use.
 */
export function createReportsRouter(deps: ReportsRouterDeps) {
  const db = deps.database.db;
  const workflows = createWorkflowStore(db, { now: deps.now });

  async function workflowOf(tenantId: string, workflowId: string) {
    const workflow = await workflows.get(tenantId, workflowId);
    if (!workflow) throw new NotFoundError(`No workflow ${workflowId}.`);
    return workflow;
  }

  const report: RouteHandler<typeof workflowReportRoute, AuthedEnv> = async (c) => {
    const { workflowId } = c.req.valid('param');
    const query = c.req.valid('query');
    const tenantId = c.var.auth.tenantId;
    const { from, to } = periodOf(query, deps.now());
    const window = conversionWindowOf(query.conversion_window);
    await workflowOf(tenantId, workflowId);
    const settings = await getAttributionSettings(db, tenantId);
    const result = await workflowReport(
      db,
      { tenantId, workflowId, from, to, conversionWindowMs: window.ms },
      query.group_by,
      { attributionWindows: settings.windows },
    );
    return c.json(
      {
        object: 'workflow_report' as const,
        workflowId,
        from: from.toISOString(),
        to: to.toISOString(),
        groupBy: result.groupBy,
        conversionWindow: window.text,
        totals: result.totals,
        groups: result.groups,
      },
      200,
    );
  };

  const experiment: RouteHandler<typeof workflowExperimentRoute, AuthedEnv> = async (c) => {
    const { workflowId } = c.req.valid('param');
    const query = c.req.valid('query');
    const tenantId = c.var.auth.tenantId;
    const { from, to } = periodOf(query, deps.now());
    const window = conversionWindowOf(query.conversion_window);
    const workflow = await workflowOf(tenantId, workflowId);
    const version = await workflows.getVersion(
      tenantId,
      workflowId,
      workflow.activeVersion ?? workflow.latestVersion,
    );
    const result = await workflowExperiment(db, {
      tenantId,
      workflowId,
      from,
      to,
      conversionWindowMs: window.ms,
      ...(query.currency ? { currency: query.currency } : {}),
    });
    return c.json(
      {
        object: 'workflow_experiment' as const,
        workflowId,
        from: from.toISOString(),
        to: to.toISOString(),
        conversionWindow: window.text,
        currency: result.currency,
        holdoutShare: version?.definition.holdout?.share ?? null,
        experiments: result.experiments,
      },
      200,
    );
  };

  const attributions: RouteHandler<typeof listAttributionsRoute, AuthedEnv> = async (c) => {
    const query = c.req.valid('query');
    const tenantId = c.var.auth.tenantId;
    const { from, to } = periodOf(query, deps.now());
    const settings = await getAttributionSettings(db, tenantId);
    const rows = await listAttributions(db, {
      tenantId,
      from,
      to,
      windows: settings.windows,
      limit: query.limit + 1,
      ...(query.workflow_id ? { workflowId: query.workflow_id } : {}),
      ...(query.cursor ? { after: cursorAfter(cursorCodec.decode(query.cursor)) } : {}),
    });
    const page = rows.slice(0, query.limit);
    const hasMore = rows.length > query.limit;
    const last = page.at(-1);
    return c.json(
      {
        object: 'list' as const,
        data: page.map((a) => ({
          object: 'attribution' as const,
          orderId: a.orderId,
          orderName: a.orderName,
          customerId: a.customerId,
          placedAt: a.placedAt.toISOString(),
          total: a.total,
          message: a.message,
          interaction: a.interaction,
          interactedAt: a.interactedAt.toISOString(),
          lagSeconds: Math.round(a.lagMs / 1000),
        })),
        has_more: hasMore,
        next_cursor:
          hasMore && last
            ? cursorCodec.encode({ placedAt: last.placedAt.toISOString(), orderId: last.orderId })
            : null,
      },
      200,
    );
  };

  const getSettings: RouteHandler<typeof getAttributionSettingsRoute, AuthedEnv> = async (c) =>
    c.json(settingsBody(await getAttributionSettings(db, c.var.auth.tenantId)), 200);

  const putSettings: RouteHandler<typeof putAttributionSettingsRoute, AuthedEnv> = async (c) => {
    const parsed = AttributionSettings.safeParse(c.req.valid('json'));
    if (!parsed.success) {
      throw new ValidationError(
        parsed.error.issues.map(
          (issue): FieldError => ({
            in: 'body',
            path: issue.path.map(String).join('.'),
            code: issue.code,
            message: issue.message,
          }),
        ),
      );
    }
    return c.json(
      settingsBody(await setAttributionSettings(db, c.var.auth.tenantId, parsed.data, deps.now())),
      200,
    );
  };

  return createRouter<AuthedEnv>()
    .openapi(workflowReportRoute, report)
    .openapi(workflowExperimentRoute, experiment)
    .openapi(listAttributionsRoute, attributions)
    .openapi(getAttributionSettingsRoute, getSettings)
    .openapi(putAttributionSettingsRoute, putSettings);
}
