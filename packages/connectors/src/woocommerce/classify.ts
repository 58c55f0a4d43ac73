import type { Classification, PlatformClassifier } from '../engine/classify';
import { WooErrorBody } from './raw/raw-admin';

/**
 * WooCommerce specifics on top of the engine's status-based rules (which already make 401/403 auth
 * failures, 404 not_found, 429/5xx retries):
 * - `rest_no_route` means the WooCommerce REST API is not reachable at this URL (plugin inactive or
 *   plain permalinks), which is a connection problem rather than a missing record;
 * - `json_oauth1_nonce_already_used` is retried, since each attempt is signed with a fresh nonce.
 */
export const classifyWooCommerce: PlatformClassifier = (outcome): Classification | undefined => {
  if (outcome.kind !== 'response') return undefined;
  const parsed = WooErrorBody.safeParse(outcome.response.body);
  if (!parsed.success) return undefined;
  const { status } = outcome.response;
  const { code, message } = parsed.data;
  const reason = `HTTP ${status}: ${code}: ${message}`;
  if (code === 'rest_no_route') {
    return {
      action: 'fail',
      errorClass: 'not_found',
      reason: `${reason} (is WooCommerce active, with pretty permalinks, at this URL?)`,
    };
  }
  if (code === 'json_oauth1_nonce_already_used') {
    return { action: 'retry', errorClass: 'auth', reason };
  }
  return undefined;
};
