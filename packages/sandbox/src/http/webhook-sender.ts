import { randomUUID } from 'node:crypto';

export interface WebhookDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryAttempt {
  at: string;
  /** HTTP status, or null when the request failed (network error, timeout). */
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryRecord extends WebhookDelivery {
  /** Sender-side id of this delivery (not a platform header). */
  id: string;
  attempts: DeliveryAttempt[];
  delivered: boolean;
}

export interface WebhookSenderOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Total tries per delivery, first one included. @default 4 */
  maxAttempts?: number;
  /** Delay before retry n is `baseDelayMs × 2^(n-1)`. @default 500 */
  baseDelayMs?: number;
  /** Per-attempt timeout. @default 10_000 */
  timeoutMs?: number;
  /** Which statuses count as delivered. @default 200–299 */
  isSuccess?: (status: number) => boolean;
  /** Injectable for tests. @default setTimeout-based */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for attempt timestamps. @default Date.now */
  now?: () => number;
}

/**
 * Posts emulator webhooks with retries and exponential backoff, and keeps a log of every delivery
 * for tests. Can be switched off to simulate missed webhooks.
 *
 * @example
 * const sender = createWebhookSender();
 * await sender.send({ url, headers, body });
 * await sender.settled(); // every delivery in flight has finished
 */
export interface WebhookSender {
  /** Delivers (with retries) unless disabled; resolves with the record, never rejects. */
  send(delivery: WebhookDelivery): Promise<DeliveryRecord | null>;
  /** Every delivery made so far, in the order they started. */
  readonly deliveries: readonly DeliveryRecord[];
  /** Deliveries dropped while disabled. */
  readonly suppressed: number;
  readonly enabled: boolean;
  enable(): void;
  disable(): void;
  clear(): void;
  /** Resolves once no delivery is in flight. */
  settled(): Promise<void>;
}

const defaultSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref?.();
  });

export function createWebhookSender(options: WebhookSenderOptions = {}): WebhookSender {
  const doFetch = options.fetch ?? globalThis.fetch;
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const isSuccess = options.isSuccess ?? ((status: number) => status >= 200 && status < 300);
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const deliveries: DeliveryRecord[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let enabled = true;
  let suppressed = 0;

  const attempt = async (record: DeliveryRecord): Promise<DeliveryAttempt> => {
    const started = now();
    try {
      const response = await doFetch(record.url, {
        method: 'POST',
        headers: record.headers,
        body: record.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so keep-alive sockets are reusable.
      await response.arrayBuffer();
      return {
        at: new Date(started).toISOString(),
        status: response.status,
        error: null,
        durationMs: now() - started,
      };
    } catch (error) {
      return {
        at: new Date(started).toISOString(),
        status: null,
        error: error instanceof Error ? error.message : String(error),
        durationMs: now() - started,
      };
    }
  };

  const deliver = async (record: DeliveryRecord): Promise<DeliveryRecord> => {
    for (let n = 1; n <= maxAttempts; n++) {
      const result = await attempt(record);
      record.attempts.push(result);
      if (result.status !== null && isSuccess(result.status)) {
        record.delivered = true;
        break;
      }
      if (n < maxAttempts) await sleep(baseDelayMs * 2 ** (n - 1));
    }
    return record;
  };

  return {
    send(delivery) {
      if (!enabled) {
        suppressed += 1;
        return Promise.resolve(null);
      }
      const record: DeliveryRecord = {
        ...delivery,
        headers: { ...delivery.headers },
        id: randomUUID(),
        attempts: [],
        delivered: false,
      };
      deliveries.push(record);
      const running = deliver(record);
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running));
      return running;
    },
    get deliveries() {
      return deliveries;
    },
    get suppressed() {
      return suppressed;
    },
    get enabled() {
      return enabled;
    },
    enable() {
      enabled = true;
    },
    disable() {
      enabled = false;
    },
    clear() {
      deliveries.length = 0;
      suppressed = 0;
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
