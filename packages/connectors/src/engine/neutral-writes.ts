import { type InventoryLevel, Money, type Order, type Platform, type Product } from '@cartwire/model';
import { z } from 'zod';
import type { StoreInput } from './connection';
import type { ActionContext, ActionDefinition, AnyConnector } from './connector';
import type { ConnectorEngine } from './engine';
import { runAction } from './run-action';

/**
 * The writes every platform is asked for in one vocabulary. Inputs name records by the platform ids
 * Cartwire stored with them (`externalId`s), already resolved from Cartwire ids by the caller; each
 * platform's implementation speaks its own API and answers with the records as the platform now has
 * them (read back, never the input echoed), mapped exactly as a sync maps them.
 */

/** An order as a write addresses it. */
export const NeutralOrderRef = z.object({
  /** The order's platform id (`Order.externalId`). */
  externalId: z.string().min(1),
});
export type NeutralOrderRef = z.infer<typeof NeutralOrderRef>;

export const NeutralTracking = z.object({
  /** Carrier name as a person reads it (`UPS`, `DHL Express`). */
  carrier: z.string().min(1).max(255).optional(),
  number: z.string().min(1).max(255).optional(),
  url: z.url().optional(),
});
export type NeutralTracking = z.infer<typeof NeutralTracking>;

export const CreateFulfillmentWrite = z.object({
  order: NeutralOrderRef,
  /**
   * Lines and units to ship, by the line's platform id (`LineItem.externalId`); every unit not yet
   * shipped when omitted.
   */
  lines: z
    .array(z.object({ externalId: z.string().min(1), quantity: z.int().positive() }))
    .min(1)
    .optional(),
  tracking: NeutralTracking.optional(),
  /** Let the platform email the buyer. @default false */
  notifyCustomer: z.boolean().default(false),
});
export type CreateFulfillmentWrite = z.output<typeof CreateFulfillmentWrite>;

export const SetInventoryLevelWrite = z.object({
  variant: z.object({
    /** `Variant.externalId`. */
    externalId: z.string().min(1),
    /** The variant's product (`Product.externalId`). */
    productExternalId: z.string().min(1),
    sku: z.string().min(1).nullable(),
  }),
  /** `Location.externalId`. */
  location: z.object({ externalId: z.string().min(1) }),
  /** The new quantity available to sell at that location. */
  available: z.int().min(-1_000_000_000).max(1_000_000_000),
});
export type SetInventoryLevelWrite = z.output<typeof SetInventoryLevelWrite>;

export const AddOrderNoteWrite = z.object({
  order: NeutralOrderRef,
  note: z.string().trim().min(1).max(5000),
  /** Show or send the note to the buyer where the platform can. @default false */
  notifyCustomer: z.boolean().default(false),
});
export type AddOrderNoteWrite = z.output<typeof AddOrderNoteWrite>;

export const AddOrderTagsWrite = z.object({
  order: NeutralOrderRef,
  tags: z.array(z.string().trim().min(1).max(255)).min(1).max(100),
});
export type AddOrderTagsWrite = z.output<typeof AddOrderTagsWrite>;

/** The life-cycle states an order can be moved to (`OrderStatus` without `draft`). */
export const WritableOrderStatus = z.enum(['open', 'closed', 'cancelled']);
export type WritableOrderStatus = z.infer<typeof WritableOrderStatus>;

export const UpdateOrderStatusWrite = z.object({
  order: NeutralOrderRef,
  status: WritableOrderStatus,
});
export type UpdateOrderStatusWrite = z.output<typeof UpdateOrderStatusWrite>;

export const DiscountValue = z.discriminatedUnion('kind', [
  /** Percent off the qualifying items. */
  z.object({ kind: z.literal('percentage'), percent: z.number().gt(0).max(100) }),
  /** A fixed amount off the order (or off the qualifying items when `variants` is given). */
  z.object({ kind: z.literal('fixed_amount'), amount: Money }),
  z.object({ kind: z.literal('free_shipping') }),
]);
export type DiscountValue = z.infer<typeof DiscountValue>;

export const CreateDiscountCodeWrite = z.object({
  /** The code buyers type; letters, digits, '-' and '_' so it survives every platform unchanged. */
  code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/, 'expected 3-64 letters, digits, - or _'),
  /** Shown to the merchant in the platform's discount list. @default the code */
  title: z.string().trim().min(1).max(255).optional(),
  value: DiscountValue,
  /** Only these variants qualify; every item when omitted. */
  variants: z
    .array(z.object({ externalId: z.string().min(1), productExternalId: z.string().min(1) }))
    .min(1)
    .max(100)
    .optional(),
  /** Only this buyer may redeem it (by platform customer id, or email where the platform restricts by email). */
  customer: z
    .object({ externalId: z.string().min(1).optional(), email: z.email().optional() })
    .refine((c) => c.externalId !== undefined || c.email !== undefined, 'give externalId or email')
    .optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  endsAt: z.iso.datetime({ offset: true }).nullable(),
  /** Total redemptions. @default 1 (a single-use, per-recipient code) */
  usageLimit: z.int().positive().default(1),
});
export type CreateDiscountCodeWrite = z.output<typeof CreateDiscountCodeWrite>;

/** The order as the platform has it after the write. */
export interface OrderWriteResult {
  order: Order;
}

/** The discount code as the platform created it (codes may be normalized, e.g. lower-cased). */
export interface DiscountCodeWriteResult {
  discountCode: {
    code: string;
    /** The platform's id of the discount (or coupon). */
    externalId: string;
    startsAt: string | null;
    endsAt: string | null;
  };
}

/** The stock level after the write, and its product when the platform keeps stock on it too. */
export interface InventoryWriteResult {
  inventoryLevel: InventoryLevel;
  product: Product | null;
}

const NEUTRAL_WRITE_INPUTS = {
  createFulfillment: CreateFulfillmentWrite,
  setInventoryLevel: SetInventoryLevelWrite,
  addOrderNote: AddOrderNoteWrite,
  addOrderTags: AddOrderTagsWrite,
  updateOrderStatus: UpdateOrderStatusWrite,
  createDiscountCode: CreateDiscountCodeWrite,
} as const;

export type NeutralWriteName = keyof typeof NEUTRAL_WRITE_INPUTS;
export const NEUTRAL_WRITE_NAMES = Object.keys(NEUTRAL_WRITE_INPUTS) as NeutralWriteName[];

export interface NeutralWriteResults {
  createFulfillment: OrderWriteResult;
  setInventoryLevel: InventoryWriteResult;
  addOrderNote: OrderWriteResult;
  addOrderTags: OrderWriteResult;
  updateOrderStatus: OrderWriteResult;
  createDiscountCode: DiscountCodeWriteResult;
}

export type NeutralWriteInput<K extends NeutralWriteName> = z.output<(typeof NEUTRAL_WRITE_INPUTS)[K]>;

/**
 * The platform has no such write, or not for this record (Amazon order notes, WooCommerce partial
 * shipments, stock Amazon holds). Nothing was sent to the platform.
 */
export class UnsupportedWriteError extends Error {
  override readonly name = 'UnsupportedWriteError';
  constructor(
    readonly platform: Platform,
    readonly write: NeutralWriteName,
    readonly reason: string,
  ) {
    super(`${platform} cannot ${write}: ${reason}`);
  }
}

/** One platform's implementation of one neutral write, or the reason it has none. */
export type NeutralWriteImplementation<K extends NeutralWriteName> =
  | ((context: ActionContext, input: NeutralWriteInput<K>) => Promise<NeutralWriteResults[K]>)
  | { unsupported: string };

export type NeutralWriteImplementations = {
  [K in NeutralWriteName]: NeutralWriteImplementation<K>;
};

/** Action name under which a neutral write is registered in a connector's `actions`. */
export function neutralActionName(write: NeutralWriteName): `neutral.${NeutralWriteName}` {
  return `neutral.${write}`;
}

/**
 * A platform's neutral writes as connector actions (`neutral.createFulfillment`, …), spread into the
 * connector's `actions` with one line. Every write must be implemented or declared unsupported with a
 * reason, so a new neutral write does not compile until each platform has answered it.
 *
 * @example
 * actions: { ...wooActions, ...wooNeutralWrites },
 */
/** Why a declared write is unsupported, by its action: answered before any request is made. */
const UNSUPPORTED = new WeakMap<ActionDefinition, string>();

export function defineNeutralWrites(
  platform: Platform,
  implementations: NeutralWriteImplementations,
): Record<string, ActionDefinition> {
  const actions: Record<string, ActionDefinition> = {};
  for (const write of NEUTRAL_WRITE_NAMES) {
    const implementation = implementations[write] as NeutralWriteImplementation<typeof write>;
    const action: ActionDefinition = {
      input: NEUTRAL_WRITE_INPUTS[write],
      run: (context, input) => {
        if (typeof implementation !== 'function') {
          throw new UnsupportedWriteError(platform, write, implementation.unsupported);
        }
        return (implementation as (c: ActionContext, i: unknown) => Promise<unknown>)(context, input);
      },
    };
    if (typeof implementation !== 'function') UNSUPPORTED.set(action, implementation.unsupported);
    actions[neutralActionName(write)] = action;
  }
  return actions;
}

/**
 * Why the connector cannot do `write` (declared unsupported, or not declared at all), or null when it can.
 * Lets callers pick a fallback (e.g. a discount code pool) without calling the platform.
 */
export function unsupportedReason(connector: AnyConnector, write: NeutralWriteName): string | null {
  const action = connector.actions?.[neutralActionName(write)];
  if (action === undefined) return 'this connector declares no such write';
  return UNSUPPORTED.get(action as ActionDefinition) ?? null;
}

/** Whether the connector declares `write` (possibly as unsupported). */
export function hasNeutralWrite(connector: AnyConnector, write: NeutralWriteName): boolean {
  return connector.actions?.[neutralActionName(write)] !== undefined;
}

export interface RunNeutralWriteOptions<K extends NeutralWriteName> {
  engine: ConnectorEngine;
  connector: AnyConnector;
  store: StoreInput;
  write: K;
  /** Validated against the write's schema; a mismatch is an InvalidPayloadError. */
  input: z.input<(typeof NEUTRAL_WRITE_INPUTS)[K]> | NeutralWriteInput<K>;
}

/**
 * Runs a neutral write through the engine (auth, limits, retries, classification).
 *
 * @throws UnsupportedWriteError when the platform has no such write
 * @throws ConnectorError (auth, not_found, invalid_payload, …) when the platform refuses it
 * @example
 * const { order } = await runNeutralWrite({ engine, connector, store, write: 'addOrderNote',
 *   input: { order: { externalId: '1001' }, note: 'Gift wrap' } });
 */
export async function runNeutralWrite<K extends NeutralWriteName>(
  options: RunNeutralWriteOptions<K>,
): Promise<NeutralWriteResults[K]> {
  const { connector, write } = options;
  const unsupported = unsupportedReason(connector, write);
  if (unsupported !== null) throw new UnsupportedWriteError(connector.platform, write, unsupported);
  const result = await runAction({
    engine: options.engine,
    connector,
    store: options.store,
    action: neutralActionName(write),
    input: options.input,
  });
  return result as NeutralWriteResults[K];
}
