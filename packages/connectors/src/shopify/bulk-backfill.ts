import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityType } from '@cartwire/model';
import { z } from 'zod';
import type { CustomPage, CustomStreamContext, CustomStreamDefinition } from '../engine/connector';
import { ConnectorDefinitionError } from '../engine/errors';
import { paginate } from '../engine/pagination/paginate';
import type { PageCursor } from '../engine/pagination/pagination-types';
import { createShopifyGraphqlClient } from './admin-client';
import { type ChildConnections, regroupBulkJsonl } from './bulk-jsonl';
import { bulkQuery, type GraphqlStreamSpec, graphqlPagedStream, updatedSinceFilter } from './graphql-stream';
import { DEFAULT_API_VERSION, ShopifySettings } from './settings';
import { numericIdOf } from './shopify-ids';

/** Records handed to the engine per page when replaying a bulk result. */
const BULK_PAGE_SIZE = 250;

const Boundary = z.object({ updatedAt: z.string(), ids: z.array(z.string()) });
type Boundary = z.infer<typeof Boundary>;

/** Resume state of a bulk-capable stream, persisted as the engine's `custom` page cursor. */
const BulkStreamState = z.discriminatedUnion('phase', [
  z.object({
    phase: z.literal('paging'),
    after: z.string(),
    read: z.int().nonnegative(),
    boundary: Boundary.nullable(),
  }),
  z.object({
    phase: z.literal('bulk'),
    operationId: z.string(),
    /** Records already at or before this (updatedAt, ids) were read by paging before the switch. */
    skip: Boundary.nullable(),
    emitted: z.int().nonnegative(),
  }),
]);
type BulkStreamState = z.infer<typeof BulkStreamState>;

const RunQueryData = z.object({
  bulkOperationRunQuery: z.object({
    bulkOperation: z.object({ id: z.string(), status: z.string() }).nullable(),
    userErrors: z.array(z.object({ message: z.string(), code: z.string().nullish() })),
  }),
});

const OperationData = z.object({
  bulkOperation: z
    .object({
      id: z.string(),
      status: z.string(),
      errorCode: z.string().nullish(),
      url: z.string().nullish(),
      partialDataUrl: z.string().nullish(),
    })
    .nullable(),
});

const ShopData = z.object({ shop: z.object({ currencyCode: z.string() }) });

export class BulkOperationError extends Error {
  override readonly name = 'BulkOperationError';
}

function cursorOf(state: BulkStreamState): PageCursor {
  return { kind: 'custom', state: state as unknown as Record<string, z.core.util.JSONType> };
}

function stateOf(cursor: PageCursor | null): BulkStreamState | null {
  if (cursor === null) return null;
  if (cursor.kind !== 'custom') {
    throw new ConnectorDefinitionError(`a bulk-capable stream cannot resume from a '${cursor.kind}' cursor`);
  }
  return BulkStreamState.parse(cursor.state);
}

/** The highest updatedAt on a page and the ids sharing it (pages are sorted by updatedAt). */
function boundaryOf(
  records: readonly unknown[],
  updatedAt: (record: unknown) => string | null,
  previous: Boundary | null,
): Boundary | null {
  let boundary = previous;
  for (const record of records) {
    const at = updatedAt(record);
    const id = (record as { id?: unknown }).id;
    if (at === null || typeof id !== 'string') continue;
    const iso = new Date(at).toISOString();
    if (boundary === null || iso > boundary.updatedAt) boundary = { updatedAt: iso, ids: [numericIdOf(id)] };
    else if (iso === boundary.updatedAt)
      boundary = { updatedAt: iso, ids: [...boundary.ids, numericIdOf(id)] };
  }
  return boundary;
}

export interface BulkCapableSpec<TSchema extends z.ZodType, TEntity extends EntityType>
  extends GraphqlStreamSpec<TSchema, TEntity> {
  /** Where each child line of the bulk JSONL goes back. */
  children: ChildConnections;
}

/**
 * A stream that pages (incremental runs, small backfills) and switches to a bulk operation for large
 * backfills: once a backfill has read `bulkThreshold` records and more remain, the rest is read with
 * `bulkOperationRunQuery` filtered to `updated_at >=` the last record paged (records sharing that instant
 * and already paged are skipped), polled until complete and replayed from its JSONL in pages.
 * `bulkThreshold: 0` backfills in bulk from the start. The operation id is checkpointed, so a resumed
 * run polls the same operation instead of starting another.
 */
export function bulkCapableStream<TSchema extends z.ZodType, TEntity extends EntityType>(
  spec: BulkCapableSpec<TSchema, TEntity>,
): CustomStreamDefinition<TSchema, TEntity> {
  const paged = graphqlPagedStream(spec);
  const updatedAtOf = (record: unknown): string | null => {
    const parsed = spec.schema.safeParse(record);
    return parsed.success ? spec.updatedAt(parsed.data) : null;
  };

  async function* bulkPhase(
    context: CustomStreamContext,
    state: Extract<BulkStreamState, { phase: 'bulk' }>,
  ): AsyncGenerator<CustomPage> {
    const settings = ShopifySettings.parse(context.store.settings);
    const client = createShopifyGraphqlClient(context.request, {
      apiVersion: DEFAULT_API_VERSION,
      storeId: context.store.id,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    let url: string | null = null;
    while (true) {
      const data = OperationData.parse(
        await client.query(
          'bulkOperation.poll',
          'query CartwireBulkPoll($id: ID!) { bulkOperation(id: $id) { id status errorCode url partialDataUrl } }',
          { id: state.operationId },
        ),
      );
      const operation = data.bulkOperation;
      if (!operation) throw new BulkOperationError(`bulk operation ${state.operationId} no longer exists`);
      if (operation.status === 'COMPLETED') {
        url = operation.url ?? null;
        break;
      }
      if (['FAILED', 'CANCELED', 'CANCELING', 'EXPIRED'].includes(operation.status)) {
        throw new BulkOperationError(
          `bulk operation ${state.operationId} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ''}`,
        );
      }
      await sleep(
        settings.bulkPollIntervalMs,
        undefined,
        context.signal ? { signal: context.signal } : undefined,
      );
    }
    if (url === null) {
      // A completed operation without a file matched no records.
      yield { records: [], next: null };
      return;
    }
    // The result lives on a storage host, not the shop: never send the shop's token there.
    const file = await context.request({
      operation: 'bulkOperation.download',
      url,
      parse: 'text',
      authenticate: false,
    });
    let records: unknown[] = regroupBulkJsonl(file.text, spec.children);
    if (spec.withShopCurrency) {
      const shop = ShopData.parse(
        await client.query('shop.currency', 'query CartwireShopCurrency { shop { currencyCode } }'),
      );
      records = records.map((record) => ({
        ...(record as object),
        shopCurrencyCode: shop.shop.currencyCode,
      }));
    }
    const skip = state.skip;
    if (skip) {
      const skipIds = new Set(skip.ids);
      records = records.filter((record) => {
        const at = updatedAtOf(record);
        const id = (record as { id?: unknown }).id;
        return !(
          at !== null &&
          new Date(at).toISOString() === skip.updatedAt &&
          typeof id === 'string' &&
          skipIds.has(numericIdOf(id))
        );
      });
    }
    let emitted = state.emitted;
    if (emitted >= records.length) {
      yield { records: [], next: null };
      return;
    }
    while (emitted < records.length) {
      const chunk = records.slice(emitted, emitted + BULK_PAGE_SIZE);
      emitted += chunk.length;
      yield { records: chunk, next: emitted < records.length ? cursorOf({ ...state, emitted }) : null };
    }
  }

  async function startBulk(context: CustomStreamContext, filterSince: string | null): Promise<string> {
    const client = createShopifyGraphqlClient(context.request, {
      apiVersion: DEFAULT_API_VERSION,
      storeId: context.store.id,
      ...(context.signal ? { signal: context.signal } : {}),
    });
    const document = bulkQuery(spec, filterSince === null ? null : updatedSinceFilter(filterSince));
    const data = RunQueryData.parse(
      await client.query(
        `${spec.root}.bulkStart`,
        'mutation CartwireBulkRun($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { message code } } }',
        { query: document },
      ),
    );
    const result = data.bulkOperationRunQuery;
    if (!result.bulkOperation || result.userErrors.length > 0) {
      throw new BulkOperationError(
        `bulk operation for ${spec.root} refused: ${result.userErrors.map((error) => error.message).join('; ')}`,
      );
    }
    return result.bulkOperation.id;
  }

  return {
    entity: spec.entity,
    schema: spec.schema,
    cursor: paged.cursor,
    map: paged.map,
    ...(paged.externalId ? { externalId: paged.externalId } : {}),
    async *custom(context) {
      const settings = ShopifySettings.parse(context.store.settings);
      const state = stateOf(context.resumeFrom);
      if (state?.phase === 'bulk') {
        yield* bulkPhase(context, state);
        return;
      }
      const backfill = context.since === null;
      if (backfill && state === null && settings.bulkThreshold === 0) {
        const operationId = await startBulk(context, null);
        const bulkState = { phase: 'bulk' as const, operationId, skip: null, emitted: 0 };
        // Checkpoint the operation before waiting on it: a crash resumes polling the same operation.
        yield { records: [], next: cursorOf(bulkState) };
        yield* bulkPhase(context, bulkState);
        return;
      }
      let read = state?.read ?? 0;
      let boundary = state?.boundary ?? null;
      for await (const page of paginate({
        pagination: paged.paginate,
        base: paged.request({ since: context.since, store: context.store }),
        start: state ? { kind: 'graphqlRelay', after: state.after } : null,
        send: context.request,
        records: paged.records,
      })) {
        read += page.records.length;
        boundary = boundaryOf(page.records, updatedAtOf, boundary);
        if (page.next === null || page.next.kind !== 'graphqlRelay') {
          yield { records: page.records, next: null };
          return;
        }
        if (backfill && read >= settings.bulkThreshold && boundary !== null) {
          const operationId = await startBulk(context, boundary.updatedAt);
          const bulkState = { phase: 'bulk' as const, operationId, skip: boundary, emitted: 0 };
          yield { records: page.records, next: cursorOf(bulkState) };
          yield* bulkPhase(context, bulkState);
          return;
        }
        yield {
          records: page.records,
          next: cursorOf({ phase: 'paging', after: page.next.after, read, boundary }),
        };
      }
    },
  };
}
