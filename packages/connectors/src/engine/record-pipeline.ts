import { type AnyEntity, ENTITY_SCHEMAS, type EntityType } from '@cartwire/model';
import type { z } from 'zod';
import { Watermark } from './checkpoints';
import type { MapContext, StreamDefinition } from './connector';

/** A record that could not be turned into an entity. The rest of its page continues. */
export interface RecordError {
  platform: string;
  storeId: string;
  stream: string;
  entity: EntityType;
  /** The platform's id of the record, when it could be read. */
  externalId: string | null;
  /**
   * Where it failed: `raw.<path>` (platform schema), `map` (mapper threw), `entity.<path>` (mapped
   * output breaks the normalized model), `cursor.<field>` (no usable updated-at/id).
   */
  path: string;
  message: string;
}

export type RecordResult =
  | { ok: true; entities: readonly AnyEntity[]; watermark: Watermark }
  | { ok: false; error: RecordError };

/** The platform id of an unvalidated record: the stream's extractor, else a top-level `id`. */
export function recordExternalId(stream: StreamDefinition, record: unknown): string | null {
  const declared = stream.externalId?.(record);
  if (declared !== undefined) return declared;
  if (typeof record !== 'object' || record === null) return null;
  const id = (record as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' || typeof id === 'bigint' ? String(id) : null;
}

function issuePath(prefix: string, issue: z.core.$ZodIssue | undefined): string {
  const path = issue?.path.map(String).join('.') ?? '';
  return path === '' ? prefix : `${prefix}.${path}`;
}

/**
 * Validates one raw record against the stream's schema, maps it, checks the mapped entities against
 * the normalized model (unless disabled) and reads its watermark. Never throws for a bad record:
 * the failure comes back as a value naming the failing path.
 */
export function processRecord(
  stream: StreamDefinition,
  record: unknown,
  context: MapContext,
  options: { validateEntities: boolean },
): RecordResult {
  const fail = (path: string, message: string): RecordResult => ({
    ok: false,
    error: {
      platform: context.platform,
      storeId: context.storeId,
      stream: context.stream,
      entity: stream.entity,
      externalId: recordExternalId(stream, record),
      path,
      message,
    },
  });
  const parsed = stream.schema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(issuePath('raw', issue), issue?.message ?? 'invalid record');
  }
  let mapped: AnyEntity | readonly AnyEntity[];
  try {
    mapped = stream.map(parsed.data, context);
  } catch (error) {
    // A mapper bug on one record must not hide the rest of the page; it is returned, not swallowed.
    return fail('map', error instanceof Error ? error.message : String(error));
  }
  const entities: readonly AnyEntity[] = Array.isArray(mapped) ? mapped : [mapped as AnyEntity];
  if (options.validateEntities) {
    const schema = ENTITY_SCHEMAS[stream.entity];
    for (const entity of entities) {
      const checked = schema.safeParse(entity);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        return fail(issuePath('entity', issue), issue?.message ?? 'invalid entity');
      }
    }
  }
  const watermark = Watermark.safeParse({
    updatedAt: stream.cursor.updatedAt(parsed.data),
    id: stream.cursor.id(parsed.data),
  });
  if (!watermark.success) {
    return fail(
      issuePath('cursor', watermark.error.issues[0]),
      'cursor needs an ISO-8601 updatedAt and an id',
    );
  }
  return { ok: true, entities, watermark: watermark.data };
}
