import type { ShopifyWebhookDelivery, ShopifyWebhookTransport } from './webhook-dispatcher';

export class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
  constructor(
    message: string,
    readonly attempts: number,
    readonly lastStatus: number | undefined,
  ) {
    super(message);
  }
}

export interface FetchWebhookTransportOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Retries after the first attempt; Shopify makes 8. @default 8 */
  retries?: number;
  /** First retry delay, doubled each time (Shopify spreads 8 retries over 4 hours; a sandbox is quicker). @default 250 */
  baseDelayMs?: number;
  /** Shopify gives a subscriber 5 s in total. @default 5000 */
  timeoutMs?: number;
}

/**
 * POSTs each delivery, treating any 2xx as received and retrying anything else (including
 * timeouts and refused connections) with exponential backoff and the same headers, so the
 * `X-Shopify-Webhook-Id` stays stable across retries as Shopify's does.
 */
export function createFetchWebhookTransport(
  options: FetchWebhookTransportOptions = {},
): ShopifyWebhookTransport {
  const send = options.fetch ?? globalThis.fetch;
  const retries = options.retries ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 250;
  const timeoutMs = options.timeoutMs ?? 5000;
  return async (delivery: ShopifyWebhookDelivery) => {
    let lastStatus: number | undefined;
    let lastError: unknown;
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** (attempt - 1)));
      try {
        const response = await send(delivery.url, {
          method: 'POST',
          headers: delivery.headers,
          body: delivery.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        lastStatus = response.status;
        await response.body?.cancel();
        if (response.ok) return;
      } catch (error) {
        lastError = error;
      }
    }
    throw new WebhookDeliveryError(
      `${delivery.topic} to ${delivery.url} failed after ${retries + 1} attempts` +
        (lastStatus === undefined ? `: ${String(lastError)}` : ` (last status ${lastStatus})`),
      retries + 1,
      lastStatus,
    );
  };
}
