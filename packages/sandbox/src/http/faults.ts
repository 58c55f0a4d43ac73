import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { createRandom, type Random } from '../generator/random';
import { dropConnectionResponse } from './fetch-app';

const probability = z.number().min(0).max(1);

export const FaultConfig = z
  .object({
    /** Share of requests answered 429 with `Retry-After`. */
    rate429: probability.default(0),
    /** Share of requests answered 500. */
    rate500: probability.default(0),
    /** Share of requests held until the client gives up (or `timeoutMs` passes, then 504). */
    timeoutRate: probability.default(0),
    /** Share of requests whose connection is dropped without a response. */
    dropConnectionRate: probability.default(0),
    /** Extra latency added to every request that is answered. */
    delayMs: z.number().int().min(0).default(0),
    /** Seconds sent in `Retry-After` on injected 429s. */
    retryAfterSeconds: z.number().min(0).default(1),
    /** How long a "timed out" request is held before the emulator gives up with 504. */
    timeoutMs: z.number().int().min(0).default(30_000),
    /** Seed of the draws, so a fault pattern replays identically. */
    seed: z.union([z.number(), z.string()]).default(0),
  })
  .refine((c) => c.rate429 + c.rate500 + c.timeoutRate + c.dropConnectionRate <= 1, {
    message: 'The fault rates add up to more than 1',
  });
export type FaultConfig = z.infer<typeof FaultConfig>;
export type FaultConfigInput = z.input<typeof FaultConfig>;

export type FaultKind = 'rate_limited' | 'server_error' | 'timeout' | 'drop_connection';

export type ForcedFault = FaultKind | { status: number; body?: string; headers?: Record<string, string> };

export interface FaultStats {
  requests: number;
  injected: Record<FaultKind | 'custom', number>;
}

export interface FaultInjectorOptions {
  /** Renders the platform's own error body for an injected status (429, 500, 504). */
  errorResponse?: (status: number, retryAfterSeconds: number | null) => Response;
}

/**
 * Runtime-configurable fault injection for an emulator: random 429/500/timeouts/dropped
 * connections at given rates, a fixed delay, and "fail the next N requests with X".
 *
 * @example
 * const faults = createFaultInjector();
 * app.use('*', faults.middleware);
 * faults.set({ rate429: 0.1, seed: 1 });
 * faults.failNext(2, 'server_error');
 */
export interface FaultInjector {
  middleware: MiddlewareHandler;
  /** Replaces the random fault configuration (validated); omitted fields fall back to defaults. */
  set(config: FaultConfigInput): void;
  /** The next `count` requests fail with `fault`, before any random draw. */
  failNext(count: number, fault: ForcedFault): void;
  /** No faults, counters kept. */
  reset(): void;
  stats(): FaultStats;
  readonly config: FaultConfig;
}

const DEFAULT_ERROR = (status: number, retryAfter: number | null): Response =>
  new Response(JSON.stringify({ error: status === 429 ? 'Too Many Requests' : 'Internal Server Error' }), {
    status,
    headers: {
      'content-type': 'application/json',
      ...(retryAfter === null ? {} : { 'retry-after': String(retryAfter) }),
    },
  });

export function createFaultInjector(options: FaultInjectorOptions = {}): FaultInjector {
  const errorResponse = options.errorResponse ?? DEFAULT_ERROR;
  let config = FaultConfig.parse({});
  let random: Random = createRandom(config.seed);
  const forced: ForcedFault[] = [];
  const stats: FaultStats = {
    requests: 0,
    injected: { rate_limited: 0, server_error: 0, timeout: 0, drop_connection: 0, custom: 0 },
  };

  const draw = (): FaultKind | null => {
    const roll = random.next();
    let edge = config.rate429;
    if (roll < edge) return 'rate_limited';
    edge += config.rate500;
    if (roll < edge) return 'server_error';
    edge += config.timeoutRate;
    if (roll < edge) return 'timeout';
    edge += config.dropConnectionRate;
    if (roll < edge) return 'drop_connection';
    return null;
  };

  const hold = (signal: AbortSignal, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  const respond = async (fault: ForcedFault, signal: AbortSignal): Promise<Response> => {
    if (typeof fault === 'object') {
      stats.injected.custom += 1;
      return new Response(fault.body ?? null, { status: fault.status, headers: fault.headers });
    }
    stats.injected[fault] += 1;
    switch (fault) {
      case 'rate_limited':
        return errorResponse(429, config.retryAfterSeconds);
      case 'server_error':
        return errorResponse(500, null);
      case 'timeout':
        await hold(signal, config.timeoutMs);
        return errorResponse(504, null);
      case 'drop_connection':
        return dropConnectionResponse();
    }
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    stats.requests += 1;
    const fault = forced.shift() ?? draw();
    if (fault !== null) return respond(fault, c.req.raw.signal);
    if (config.delayMs > 0) await hold(c.req.raw.signal, config.delayMs);
    await next();
  };

  return {
    middleware,
    set(input) {
      config = FaultConfig.parse(input);
      random = createRandom(config.seed);
    },
    failNext(count, fault) {
      if (!Number.isInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
      for (let i = 0; i < count; i++) forced.push(fault);
    },
    reset() {
      config = FaultConfig.parse({});
      random = createRandom(config.seed);
      forced.length = 0;
    },
    stats: () => structuredClone(stats),
    get config() {
      return config;
    },
  };
}
