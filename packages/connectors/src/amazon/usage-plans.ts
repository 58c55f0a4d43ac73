import type { ConnectorResponse } from '../engine/http-types';
import type { TokenBucket, TokenBucketRateLimit } from '../engine/rate-limit/rate-limit-types';

/**
 * Documented default usage plans per operation (rate = requests/s, burst = bucket size). The
 * operation names are the `operation` of every request this connector makes. Orders API plans are
 * dynamic per seller: the live rate from `x-amzn-RateLimit-Limit` replaces the default.
 */
export const AMAZON_USAGE_PLANS = {
  lwaToken: { rate: 10, burst: 10 },
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
  /** The report document download goes to storage (S3), which SP-API does not meter. */
  downloadReportDocument: { rate: 10, burst: 10 },
} as const satisfies Record<string, TokenBucket>;

export type AmazonOperationName = keyof typeof AMAZON_USAGE_PLANS;

/** `x-amzn-RateLimit-Limit` (best effort: absent on 429/401/403 and sometimes on 200). */
export function observedRate(response: ConnectorResponse): { rate?: number } | undefined {
  const header = response.headers.get('x-amzn-ratelimit-limit');
  if (header === null) return undefined;
  const rate = Number(header);
  return Number.isFinite(rate) && rate > 0 ? { rate } : undefined;
}

export const amazonRateLimit: TokenBucketRateLimit = {
  kind: 'token-bucket',
  perOperation: AMAZON_USAGE_PLANS,
  default: { rate: 1, burst: 5 },
  maxConcurrent: 4,
  observe: observedRate,
};
