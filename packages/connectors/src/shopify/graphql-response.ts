import { z } from 'zod';
import type { Classification, ClassifyContext } from '../engine/classify';
import type { AttemptOutcome, ConnectorResponse } from '../engine/http-types';
import type { CostObservation } from '../engine/rate-limit/rate-limit-types';

const ThrottleStatus = z.object({
  maximumAvailable: z.number(),
  currentlyAvailable: z.number(),
  restoreRate: z.number(),
});

const Cost = z.object({
  requestedQueryCost: z.number().nullish(),
  actualQueryCost: z.number().nullish(),
  throttleStatus: ThrottleStatus.optional(),
});

const GraphqlError = z.object({
  message: z.string(),
  extensions: z.looseObject({ code: z.string().optional() }).optional(),
});

/** The GraphQL envelope: `data`, `errors` (an array, or Shopify's string on 401) and `extensions.cost`. */
export const GraphqlEnvelope = z.looseObject({
  data: z.unknown().optional(),
  errors: z.union([z.array(GraphqlError), z.string()]).optional(),
  extensions: z.looseObject({ cost: Cost.optional() }).optional(),
});
export type GraphqlEnvelope = z.infer<typeof GraphqlEnvelope>;

export function envelopeOf(body: unknown): GraphqlEnvelope | undefined {
  const parsed = GraphqlEnvelope.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}

/** What the cost-bucket limiter learns from a response (`extensions.cost`). */
export function observeCost(response: ConnectorResponse): CostObservation | undefined {
  const cost = envelopeOf(response.body)?.extensions?.cost;
  if (!cost) return undefined;
  return {
    requestedCost: cost.requestedQueryCost ?? null,
    ...(cost.throttleStatus ?? {}),
  };
}

/**
 * Milliseconds until the bucket holds the requested cost again: (requested − available) / restoreRate.
 * Shopify throttles with HTTP 200, so this is the only signal of how long to wait.
 */
export function throttleWaitMs(envelope: GraphqlEnvelope): number {
  const cost = envelope.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!cost || !status || status.restoreRate <= 0) return 1000;
  const missing = (cost.requestedQueryCost ?? 0) - status.currentlyAvailable;
  return Math.max(0, Math.ceil((missing / status.restoreRate) * 1000));
}

function codesOf(envelope: GraphqlEnvelope): string[] {
  if (!Array.isArray(envelope.errors)) return [];
  return envelope.errors.map((error) => error.extensions?.code ?? '');
}

function messagesOf(envelope: GraphqlEnvelope): string {
  if (typeof envelope.errors === 'string') return envelope.errors;
  return (envelope.errors ?? [])
    .map((error) => (error.extensions?.code ? `${error.extensions.code}: ${error.message}` : error.message))
    .join('; ')
    .slice(0, 500);
}

/**
 * Shopify-specific classification of GraphQL answers that arrive as HTTP 200: THROTTLED is
 * rate_limited with the computed wait; INTERNAL_SERVER_ERROR is transient; any other error (query
 * invalid, MAX_COST_EXCEEDED, access denied) fails as invalid_payload — a partially answered query
 * would silently drop data. Everything else falls through to the engine's default rules.
 */
export function classifyShopify(
  outcome: AttemptOutcome,
  _context: ClassifyContext,
): Classification | undefined {
  if (outcome.kind !== 'response') return undefined;
  const { status, body } = outcome.response;
  if (status !== 200) return undefined;
  const envelope = envelopeOf(body);
  if (!envelope?.errors || envelope.errors.length === 0) return undefined;
  const codes = codesOf(envelope);
  const reason = `GraphQL errors: ${messagesOf(envelope)}`;
  if (codes.includes('THROTTLED')) {
    return { action: 'rate_limited', errorClass: 'rate_limited', reason, waitMs: throttleWaitMs(envelope) };
  }
  if (codes.length > 0 && codes.every((code) => code === 'INTERNAL_SERVER_ERROR')) {
    return { action: 'retry', errorClass: 'transient', reason };
  }
  if (codes.includes('ACCESS_DENIED')) return { action: 'fail', errorClass: 'auth', reason };
  return { action: 'fail', errorClass: 'invalid_payload', reason };
}
