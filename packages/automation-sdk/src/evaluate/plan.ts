import { createHash } from 'node:crypto';
import { durationMs } from '../definition/duration';
import { type Action, assertNever, type Offer, type WorkflowNode } from '../definition/workflow-definition';
import type { EvaluationContext } from './context';
import { customerOfEvent } from './context';
import { evaluateCondition } from './evaluate-condition';
import { lineMarginPercent } from './metrics';
import { nextLocalTime } from './time-of-day';

/** The message a send node would produce: ids and choices only; the channel renders and delivers it. */
export interface MessageDraft {
  channel: string;
  template: string;
  offer: Offer;
  /** For a percent-off limited to high-margin items: the variants it applies to. */
  discountedVariantIds: string[] | null;
  recommendedProductIds: string[];
  recipient: { customerId: string | null; email: string | null; phone: string | null };
  subject: {
    cartId: string | null;
    orderId: string | null;
    variantId: string | null;
    productId: string | null;
  };
}

export type StepDecision =
  | { kind: 'continue'; next: string }
  | { kind: 'wait'; until: Date; next: string }
  | { kind: 'wait_event'; deadline: Date; next: string; timeoutNext: string }
  | { kind: 'branch'; branch: string; next: string }
  | { kind: 'variant'; variant: string; next: string }
  | { kind: 'send'; message: MessageDraft; next: string }
  | { kind: 'action'; action: Action; next: string }
  | { kind: 'exit'; reason: string };

export interface PlanInput {
  workflowKey: string;
  /** Stable key of who is in the run (customer id or email, else the correlation key), for split arms. */
  assignmentKey: string;
}

/**
 * What a node does in a context, without doing it: shared by the dry run and the runtime so both take
 * the same path. Nodes must come from a validated definition (every `next` is set).
 */
export function decideStep(node: WorkflowNode, context: EvaluationContext, input: PlanInput): StepDecision {
  switch (node.type) {
    case 'trigger':
      return { kind: 'continue', next: required(node.next) };
    case 'wait':
      switch (node.until.kind) {
        case 'duration':
          return {
            kind: 'wait',
            until: new Date(context.now.getTime() + durationMs(node.until.duration)),
            next: required(node.next),
          };
        case 'time_of_day': {
          const zone = context.customer?.timeZone ?? node.until.fallbackTimeZone;
          return {
            kind: 'wait',
            until: nextLocalTime(
              context.now,
              node.until.at,
              safeZone(zone, node.until.fallbackTimeZone),
              node.until.days,
            ),
            next: required(node.next),
          };
        }
        case 'event':
          return {
            kind: 'wait_event',
            deadline: new Date(context.now.getTime() + durationMs(node.until.timeout)),
            next: required(node.next),
            timeoutNext: required(node.timeoutNext),
          };
      }
      return assertNever(node.until);
    case 'condition': {
      const taken = node.branches.find((branch) => evaluateCondition(branch.when, context));
      return taken
        ? { kind: 'branch', branch: taken.key, next: required(taken.next) }
        : { kind: 'branch', branch: 'otherwise', next: required(node.otherwise) };
    }
    case 'split': {
      const chosen = chooseVariant(
        node.variants,
        `${input.workflowKey}\u0000${node.id}\u0000${input.assignmentKey}`,
      );
      return { kind: 'variant', variant: chosen.key, next: required(chosen.next) };
    }
    case 'send':
      return { kind: 'send', message: draftMessage(node, context), next: required(node.next) };
    case 'action':
      return { kind: 'action', action: node.action, next: required(node.next) };
    case 'exit':
      return { kind: 'exit', reason: node.reason };
    default:
      return assertNever(node);
  }
}

function required(next: string | undefined): string {
  if (next === undefined) throw new TypeError('Node without a next node: validate the definition first');
  return next;
}

function safeZone(zone: string, fallback: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return fallback;
  }
}

/** Weighted choice from a hash, so the same customer lands in the same arm on every run and replay. */
export function chooseVariant<V extends { key: string; weight: number }>(
  variants: readonly V[],
  seed: string,
): V {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  const hash = createHash('sha256').update(seed).digest().readUInt32BE(0);
  let point = (hash / 2 ** 32) * total;
  for (const v of variants) {
    if (point < v.weight) return v;
    point -= v.weight;
  }
  return variants[variants.length - 1] as V;
}

function draftMessage(
  node: Extract<WorkflowNode, { type: 'send' }>,
  context: EvaluationContext,
): MessageDraft {
  const who = customerOfEvent(context.event);
  const lines = context.cart?.lines ?? context.order?.lineItems ?? [];
  let discountedVariantIds: string[] | null = null;
  if (node.offer.kind === 'percent_off' && node.offer.minItemMarginPercent !== undefined) {
    const threshold = node.offer.minItemMarginPercent;
    discountedVariantIds = lines
      .filter((line) => {
        const margin = lineMarginPercent(line, context.variants);
        return line.variantId !== null && margin !== null && margin >= threshold;
      })
      .map((line) => line.variantId as string);
  }
  return {
    channel: node.channel,
    template: node.template,
    offer: node.offer,
    discountedVariantIds,
    recommendedProductIds: node.recommendations
      ? recommend(node.recommendations.strategy, node.recommendations.limit, context)
      : [],
    recipient: {
      customerId: context.customer?.id ?? who.customerId,
      email: context.customer?.email ?? context.cart?.email ?? context.order?.email ?? who.email,
      phone: context.customer?.phone ?? context.cart?.phone ?? context.order?.phone ?? null,
    },
    subject: {
      cartId: context.cart?.id ?? null,
      orderId: context.order?.id ?? null,
      variantId: context.variant?.id ?? null,
      productId: context.product?.id ?? context.variant?.productId ?? null,
    },
  };
}

/**
 * `cart_items`: the products in the cart or order. `cross_sell`: active catalogue products sharing a
 * collection or product type with what was bought, not already bought, with a variant in stock.
 */
export function recommend(
  strategy: 'cart_items' | 'cross_sell',
  limit: number,
  context: EvaluationContext,
): string[] {
  const lines = context.cart?.lines ?? context.order?.lineItems ?? [];
  const owned = new Set(lines.map((line) => line.productId).filter((id): id is string => id !== null));
  if (context.product) owned.add(context.product.id);
  if (strategy === 'cart_items') return [...owned].slice(0, limit);
  const catalogue = context.catalogue ?? [];
  const ownedProducts = catalogue.filter((p) => owned.has(p.id));
  const collections = new Set(ownedProducts.flatMap((p) => p.collectionIds));
  const types = new Set(ownedProducts.map((p) => p.productType).filter((t): t is string => t !== null));
  return catalogue
    .filter(
      (p) =>
        !owned.has(p.id) &&
        p.status === 'active' &&
        (p.collectionIds.some((c) => collections.has(c)) ||
          (p.productType !== null && types.has(p.productType))) &&
        p.variants.some((v) => !v.inventoryTracked || (v.inventoryQuantity ?? 0) > 0),
    )
    .map((p) => p.id)
    .slice(0, limit);
}
