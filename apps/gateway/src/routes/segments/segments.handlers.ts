import {
  type CustomerMetricsService,
  InvalidCursorError,
  InvalidSegmentError,
  SegmentNotFoundError,
  type SegmentStore,
} from '@cartwire/automation-sdk';
import type { EntityRepository, StoreRepository } from '@cartwire/storage';
import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { type FieldError, NotFoundError, ProblemError, ValidationError } from '../../http/problem';
import {
  toCustomerMetrics,
  toCustomerSegment,
  toPreview,
  toSegment,
  toSegmentMember,
  toSegmentWithMaterialization,
} from './segments.mappers';
import type {
  createSegmentRoute,
  customerMetricsRoute,
  customerSegmentsRoute,
  deleteSegmentRoute,
  getSegmentRoute,
  listMembersRoute,
  listSegmentsRoute,
  previewSegmentRoute,
  updateSegmentRoute,
} from './segments.routes';

export interface SegmentHandlerDeps {
  segments: SegmentStore;
  metrics: CustomerMetricsService;
  entities: EntityRepository;
  stores: Pick<StoreRepository, 'getStore'>;
}

/** SDK errors → problem+json; an invalid rule lists every problem (`problems`, and `errors` per path). */
function asProblem(error: unknown): never {
  if (error instanceof InvalidSegmentError) {
    const errors: FieldError[] = error.problems.map((p) => ({
      in: 'body',
      path: p.path ? `rule.${p.path}` : 'rule',
      message: p.message,
      code: p.code,
    }));
    throw new ProblemError('validation_failed', {
      detail: `The segment rule has ${error.problems.length} problem(s).`,
      extensions: { errors, problems: error.problems },
    });
  }
  if (error instanceof InvalidCursorError) {
    throw new ValidationError([{ in: 'query', path: 'cursor', message: error.message, code: error.code }]);
  }
  if (error instanceof SegmentNotFoundError) throw new NotFoundError(error.message);
  throw error;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    return asProblem(error);
  }
}

export function createSegmentHandlers({ segments, metrics, entities, stores }: SegmentHandlerDeps) {
  /** A store id in a body must be one of the tenant's stores. */
  const checkStore = async (tenantId: string, storeId: string | null | undefined) => {
    if (!storeId) return;
    if (!(await stores.getStore(tenantId, storeId))) {
      throw new ValidationError([
        { in: 'body', path: 'storeId', message: `No store ${storeId} in this tenant`, code: 'not_found' },
      ]);
    }
  };

  const requireCustomer = async (tenantId: string, customerId: string) => {
    const customer = await entities.getEntity('customer', tenantId, customerId);
    if (!customer) throw new NotFoundError(`Customer ${customerId} not found`);
    return customer;
  };

  const create: RouteHandler<typeof createSegmentRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const body = c.req.valid('json');
    await checkStore(tenantId, body.storeId);
    const { segment, result } = await guarded(() =>
      segments.create(tenantId, {
        name: body.name,
        rule: body.rule,
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.storeId !== undefined ? { storeId: body.storeId } : {}),
      }),
    );
    return c.json(toSegmentWithMaterialization(segment, result), 201);
  };

  const list: RouteHandler<typeof listSegmentsRoute, AuthedEnv> = async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await guarded(() =>
      segments.list(c.var.auth.tenantId, { limit, ...(cursor ? { cursor } : {}) }),
    );
    return c.json(
      {
        object: 'list' as const,
        data: page.items.map(toSegment),
        has_more: page.nextCursor !== null,
        next_cursor: page.nextCursor,
      },
      200,
    );
  };

  const preview: RouteHandler<typeof previewSegmentRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const body = c.req.valid('json');
    await checkStore(tenantId, body.storeId);
    const result = await guarded(() =>
      segments.preview(
        tenantId,
        { rule: body.rule, ...(body.storeId !== undefined ? { storeId: body.storeId } : {}) },
        { sampleSize: body.sampleSize },
      ),
    );
    return c.json(toPreview(result), 200);
  };

  const get: RouteHandler<typeof getSegmentRoute, AuthedEnv> = async (c) => {
    const { segmentId } = c.req.valid('param');
    const segment = await segments.get(c.var.auth.tenantId, segmentId);
    if (!segment) throw new NotFoundError(`Segment ${segmentId} not found`);
    return c.json(toSegment(segment), 200);
  };

  const update: RouteHandler<typeof updateSegmentRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const { segmentId } = c.req.valid('param');
    const body = c.req.valid('json');
    await checkStore(tenantId, body.storeId);
    const { segment, result } = await guarded(() =>
      segments.update(tenantId, segmentId, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.description !== undefined ? { description: body.description } : {}),
        ...(body.storeId !== undefined ? { storeId: body.storeId } : {}),
        ...(body.rule !== undefined ? { rule: body.rule } : {}),
      }),
    );
    return c.json(toSegmentWithMaterialization(segment, result), 200);
  };

  const remove: RouteHandler<typeof deleteSegmentRoute, AuthedEnv> = async (c) => {
    const { segmentId } = c.req.valid('param');
    if (!(await segments.delete(c.var.auth.tenantId, segmentId))) {
      throw new NotFoundError(`Segment ${segmentId} not found`);
    }
    return c.body(null, 204);
  };

  const members: RouteHandler<typeof listMembersRoute, AuthedEnv> = async (c) => {
    const { segmentId } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const page = await guarded(() =>
      segments.members(c.var.auth.tenantId, segmentId, { limit, ...(cursor ? { cursor } : {}) }),
    );
    return c.json(
      {
        object: 'list' as const,
        data: page.items.map(toSegmentMember),
        has_more: page.nextCursor !== null,
        next_cursor: page.nextCursor,
      },
      200,
    );
  };

  const customerSegments: RouteHandler<typeof customerSegmentsRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const { customerId } = c.req.valid('param');
    await requireCustomer(tenantId, customerId);
    const entries = await segments.segmentsOf(tenantId, customerId);
    return c.json(
      { object: 'list' as const, data: entries.map(toCustomerSegment), has_more: false, next_cursor: null },
      200,
    );
  };

  const customerMetrics: RouteHandler<typeof customerMetricsRoute, AuthedEnv> = async (c) => {
    const tenantId = c.var.auth.tenantId;
    const { customerId } = c.req.valid('param');
    await requireCustomer(tenantId, customerId);
    let found = await metrics.get(tenantId, customerId);
    if (!found) {
      // Stored but not reached by the refresher yet: computed now rather than answered as missing.
      await metrics.recompute(tenantId, [customerId]);
      found = await metrics.get(tenantId, customerId);
    }
    if (!found) throw new NotFoundError(`Customer ${customerId} not found`);
    return c.json(toCustomerMetrics(found), 200);
  };

  return { create, list, preview, get, update, remove, members, customerSegments, customerMetrics };
}
