import { type AnyEntity, type Cart, type EntityType, ID_PREFIX, type Product } from '@cartwire/model';
import {
  createEntityRepository,
  createEventLog,
  createJobQueue,
  type Database,
  type Db,
  STORED_ENTITY_TYPES,
  type StoredEntityType,
  type UpsertOutcome,
  type UpsertRecord,
} from '@cartwire/storage';
import { type ChangeContext, eventsForUpsert, type PendingEvent } from './change-events';
import { stableEventId } from './stable-event-id';
import type { StoreSyncSettings } from './store-sync-settings';
import { CART_CHECK_QUEUE, type CartCheckPayload, PRIORITY } from './sync-jobs';

export interface RecordEntitiesInput {
  tenantId: string;
  storeId: string;
  entities: readonly AnyEntity[];
  source: ChangeContext['source'];
  mode: ChangeContext['mode'];
  settings: StoreSyncSettings;
  /**
   * Runs first inside the transaction; false skips the write (a redelivered webhook whose receipt
   * already exists). Used to commit a webhook receipt together with the change it carried.
   */
  guard?: (tx: Db) => Promise<boolean>;
}

export interface RecordResult {
  /** The guard refused: nothing was written. */
  skipped: boolean;
  /** Outcome per input entity id (the last one when an id repeats). */
  outcomes: Map<string, UpsertOutcome>;
  /** Events newly appended (replays of a stable id are not counted). */
  appended: number;
}

export interface RecordDeletionInput {
  tenantId: string;
  storeId: string;
  entity: EntityType;
  externalId: string;
  at: Date;
  source: ChangeContext['source'];
  /** As in RecordEntitiesInput. */
  guard?: (tx: Db) => Promise<boolean>;
}

/**
 * Writes changes the way every path (poll page, webhook) must: the idempotent upsert decides what
 * changed, and the events for exactly those changes are appended in the same transaction, so a crash
 * can neither lose an event for a stored change nor log one for a change that was rolled back.
 */
export interface ChangeRecorder {
  recordEntities(input: RecordEntitiesInput): Promise<RecordResult>;
  /** Soft-deletes; the deletion is announced once (a repeated delete finds nothing to delete). */
  recordDeletion(
    input: RecordDeletionInput,
  ): Promise<{ skipped: boolean; deleted: boolean; appended: number }>;
}

const TYPE_BY_PREFIX = new Map<string, StoredEntityType>(
  STORED_ENTITY_TYPES.map((type) => [ID_PREFIX[type], type]),
);

function entityTypeOf(entity: AnyEntity): StoredEntityType {
  const prefix = entity.id.slice(0, entity.id.indexOf('_') + 1);
  const type = TYPE_BY_PREFIX.get(prefix);
  if (!type) throw new Error(`no stored entity type for id ${entity.id}`);
  return type;
}

export function createChangeRecorder(database: Database, options: { now: () => Date }): ChangeRecorder {
  async function inTransaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return database.transaction(fn);
  }

  return {
    async recordEntities(input) {
      const receivedAt = options.now();
      const context: ChangeContext = {
        tenantId: input.tenantId,
        storeId: input.storeId,
        source: input.source,
        mode: input.mode,
        receivedAt,
        lowStockThreshold: input.settings.lowStockThreshold,
      };
      // Variants travel inside their product; stored on their own as well, their stock and price
      // transitions become events.
      const expanded: AnyEntity[] = [];
      for (const entity of input.entities) {
        expanded.push(entity);
        if (entityTypeOf(entity) === 'product') expanded.push(...(entity as Product).variants);
      }
      const byType = new Map<StoredEntityType, AnyEntity[]>();
      for (const entity of expanded) {
        const type = entityTypeOf(entity);
        byType.set(type, [...(byType.get(type) ?? []), entity]);
      }
      return inTransaction(async (tx) => {
        if (input.guard && !(await input.guard(tx)))
          return { skipped: true, outcomes: new Map(), appended: 0 };
        const repository = createEntityRepository(tx);
        const outcomes = new Map<string, UpsertOutcome>();
        const pending: PendingEvent[] = [];
        const cartChecks: Cart[] = [];
        for (const [type, entities] of byType) {
          const records = entities.map(
            (entity) => ({ tenantId: input.tenantId, entity }) as UpsertRecord<typeof type>,
          );
          const results = await repository.upsertEntities(type, records);
          for (const [index, result] of results.entries()) {
            const entity = entities[index];
            if (entity) outcomes.set(entity.id, result.outcome);
            pending.push(...eventsForUpsert(type, result, context));
            if (
              type === 'cart' &&
              input.mode === 'live' &&
              (result.outcome === 'inserted' || result.outcome === 'updated') &&
              isAbandonable(result.current as Cart)
            ) {
              cartChecks.push(result.current as Cart);
            }
          }
        }
        const appended = pending.length === 0 ? [] : await createEventLog(tx).appendEvents(pending);
        if (cartChecks.length > 0) {
          const windowMs = input.settings.abandonedCartWindowMinutes * 60_000;
          await createJobQueue(tx, { now: options.now }).enqueue(
            cartChecks.map((cart) => {
              const payload: CartCheckPayload = { storeId: input.storeId, cartId: cart.id };
              const due = Math.max(Date.parse(cart.updatedAt) + windowMs, receivedAt.getTime());
              return {
                queue: CART_CHECK_QUEUE,
                tenantId: input.tenantId,
                payload,
                priority: PRIORITY.urgent,
                runAt: new Date(due),
                // One check per cart version: a later update schedules its own, later check.
                dedupeKey: `cart-check:${cart.id}:${cart.updatedAt}`,
              };
            }),
          );
        }
        return { skipped: false, outcomes, appended: appended.filter((result) => result.appended).length };
      });
    },

    async recordDeletion(input) {
      const type = STORED_ENTITY_TYPES.find((candidate) => candidate === input.entity);
      return inTransaction(async (tx) => {
        if (input.guard && !(await input.guard(tx))) return { skipped: true, deleted: false, appended: 0 };
        if (!type) return { skipped: false, deleted: false, appended: 0 };
        const removed = await createEntityRepository(tx).markDeleted(type, {
          tenantId: input.tenantId,
          storeId: input.storeId,
          externalId: input.externalId,
          at: input.at,
        });
        if (!removed) return { skipped: false, deleted: false, appended: 0 };
        if (type !== 'product') return { skipped: false, deleted: true, appended: 0 };
        const [result] = await createEventLog(tx).appendEvents([
          {
            id: stableEventId([input.tenantId, 'product.deleted', removed.id]),
            type: 'product.deleted',
            tenantId: input.tenantId,
            storeId: input.storeId,
            occurredAt: input.at.toISOString(),
            receivedAt: options.now().toISOString(),
            source: input.source,
            entityType: 'product',
            entityId: removed.id,
            data: { productId: removed.id, externalId: input.externalId },
          },
        ]);
        return { skipped: false, deleted: true, appended: result?.appended ? 1 : 0 };
      });
    },
  };
}

/** A cart someone could be reminded of: contact details, items, and not completed. */
export function isAbandonable(cart: Cart): boolean {
  const contact = cart.email !== null || cart.phone !== null || cart.customerId !== null;
  const items = cart.lines.some((line) => line.quantity > 0);
  return (
    contact &&
    items &&
    cart.status !== 'converted' &&
    cart.completedAt === null &&
    cart.convertedOrderId === null
  );
}
