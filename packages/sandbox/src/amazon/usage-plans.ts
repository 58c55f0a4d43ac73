import type { Clock } from '../store/clock';

/** A usage plan: `rate` tokens added per second, `burst` tokens at most. */
export interface UsagePlan {
  rate: number;
  burst: number;
}

/**
 * The documented default usage plans (PLATFORMS.md §4.2), by operation. The Orders API plans are
 * dynamic per seller on the real platform; these are the published defaults.
 */
export const DEFAULT_USAGE_PLANS = {
  lwaToken: { rate: 100, burst: 100 },
  searchOrders: { rate: 0.0056, burst: 20 },
  getOrder: { rate: 0.5, burst: 30 },
  getOrders: { rate: 0.0167, burst: 20 },
  getOrderV0: { rate: 0.5, burst: 30 },
  getOrderItems: { rate: 0.5, burst: 30 },
  getOrderBuyerInfo: { rate: 0.5, burst: 30 },
  getOrderAddress: { rate: 0.5, burst: 30 },
  createRestrictedDataToken: { rate: 1, burst: 10 },
  getInventorySummaries: { rate: 2, burst: 2 },
  getListingsItem: { rate: 5, burst: 10 },
  searchListingsItems: { rate: 5, burst: 5 },
  getCatalogItem: { rate: 2, burst: 2 },
  createReport: { rate: 0.0167, burst: 15 },
  getReport: { rate: 2, burst: 15 },
  getReportDocument: { rate: 0.0167, burst: 15 },
  confirmShipment: { rate: 2, burst: 10 },
  patchListingsItem: { rate: 5, burst: 10 },
} as const satisfies Record<string, UsagePlan>;

export type AmazonOperation = Exclude<keyof typeof DEFAULT_USAGE_PLANS, 'lwaToken'>;

/**
 * Token buckets per (application, selling partner, operation), as SP-API meters them. Each request
 * takes one token; a bucket starts full and refills continuously at `rate`.
 */
export class UsagePlanBuckets {
  readonly #levels = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly plans: Record<AmazonOperation, UsagePlan>,
    private readonly clock: Clock,
  ) {}

  planOf(operation: AmazonOperation): UsagePlan {
    return this.plans[operation];
  }

  /** Takes a token; false when the bucket holds less than one (the request gets a 429). */
  take(operation: AmazonOperation, applicationId: string, sellerId: string): boolean {
    const plan = this.plans[operation];
    const key = `${applicationId}\u0000${sellerId}\u0000${operation}`;
    const now = this.clock.now();
    const level = this.#levels.get(key) ?? { tokens: plan.burst, at: now };
    const tokens = Math.min(plan.burst, level.tokens + (Math.max(0, now - level.at) / 1000) * plan.rate);
    if (tokens < 1) {
      this.#levels.set(key, { tokens, at: now });
      return false;
    }
    this.#levels.set(key, { tokens: tokens - 1, at: now });
    return true;
  }

  /** Tokens left now (for tests and the bench). */
  level(operation: AmazonOperation, applicationId: string, sellerId: string): number {
    const plan = this.plans[operation];
    const level = this.#levels.get(`${applicationId}\u0000${sellerId}\u0000${operation}`);
    if (!level) return plan.burst;
    return Math.min(plan.burst, level.tokens + ((this.clock.now() - level.at) / 1000) * plan.rate);
  }
}
