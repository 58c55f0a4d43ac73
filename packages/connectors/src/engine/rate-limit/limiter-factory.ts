import Bottleneck from 'bottleneck';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import type { EngineLogger } from '../logger';
import { silentLogger } from '../logger';
import {
  type BucketGate,
  type BucketOptions,
  bucketReservoirSettings,
  LocalBucketGate,
  SharedBucketGate,
} from './bucket-gate';

/**
 * Redis connection for limiters shared across processes: `redis://host:port/db` or `{ host, port }`.
 */
export const RedisTarget = z.union([
  z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL'),
  z.object({ host: z.string().min(1), port: z.int().positive().max(65535) }),
]);
export type RedisTarget = z.infer<typeof RedisTarget>;

export interface LimiterFactoryOptions {
  /**
   * Share limiter state through Redis (bottleneck's ioredis datastore). Omit for in-process limiters.
   * @example { host: '127.0.0.1', port: 6379 }
   * @default undefined (in-process)
   */
  redis?: RedisTarget;
  /** Prefix of limiter ids in Redis. @default 'cartwire' */
  keyPrefix?: string;
  logger?: EngineLogger;
  /** Time source of in-process buckets. @default system clock */
  clock?: Clock;
}

export interface LimiterFactory {
  /** True when limiters are shared through Redis. */
  readonly shared: boolean;
  /**
   * The bottleneck for `id`, created on first use. With Redis, every process asking for the same id
   * gets the same shared limiter; `settings` are (re)applied except `reservoir`, which is live state.
   */
  bottleneck(id: string, settings: Bottleneck.ConstructorOptions): Bottleneck;
  /**
   * The cost/token bucket for `id`, created full on first use: exact in-process model, or a bottleneck
   * reservoir in Redis shared by every process.
   */
  bucket(id: string, options: BucketOptions): BucketGate;
  disconnect(): Promise<void>;
}

/**
 * Creates limiters, one per id (`platform:store[:operation]`).
 *
 * @example
 * const limiterFactory = createLimiterFactory({ redis: 'redis://127.0.0.1:6379' });
 * const engine = createConnectorEngine({ limiterFactory });
 */
export function createLimiterFactory(options: LimiterFactoryOptions = {}): LimiterFactory {
  const logger = options.logger ?? silentLogger;
  const prefix = options.keyPrefix ?? 'cartwire';
  const target = options.redis === undefined ? undefined : RedisTarget.parse(options.redis);
  const clock = options.clock ?? systemClock;
  const limiters = new Map<string, Bottleneck>();
  const buckets = new Map<string, BucketGate>();
  let connection: Bottleneck.IORedisConnection | undefined;

  function redisConnection(redisTarget: RedisTarget): Bottleneck.IORedisConnection {
    if (!connection) {
      const client =
        typeof redisTarget === 'string'
          ? new Redis(redisTarget, { maxRetriesPerRequest: 3 })
          : new Redis({ host: redisTarget.host, port: redisTarget.port, maxRetriesPerRequest: 3 });
      // Passing the ioredis module explicitly: bottleneck otherwise `require`s it lazily.
      connection = new Bottleneck.IORedisConnection({ client, Redis } as Bottleneck.IORedisConnectionOptions);
      connection.on('error', (error: unknown) =>
        logger.error({ err: String(error) }, 'rate limiter redis connection error'),
      );
    }
    return connection;
  }

  const factory: LimiterFactory = {
    shared: target !== undefined,
    bucket(id, bucketOptions) {
      let gate = buckets.get(id);
      if (!gate) {
        gate =
          target === undefined
            ? new LocalBucketGate({ ...bucketOptions, clock })
            : new SharedBucketGate(
                factory.bottleneck(id, {
                  reservoir: bucketOptions.capacity,
                  ...bucketReservoirSettings(bucketOptions.capacity, bucketOptions.refillPerSecond),
                }),
                bucketOptions,
              );
        buckets.set(id, gate);
      }
      return gate;
    },
    bottleneck(id, settings) {
      const existing = limiters.get(id);
      if (existing) return existing;
      let limiter: Bottleneck;
      if (target === undefined) {
        limiter = new Bottleneck({ ...settings, id });
      } else {
        limiter = new Bottleneck({
          ...settings,
          id: `${prefix}:${id}`,
          datastore: 'ioredis',
          clearDatastore: false,
          connection: redisConnection(target),
        });
        // With clearDatastore: false an existing limiter keeps the settings it was created with;
        // re-apply the configuration (not the live reservoir) so config changes take effect.
        const { reservoir: _live, ...configuration } = settings;
        // A failed connection also fails every scheduled job, so callers still see the error.
        limiter
          .ready()
          .then(() => limiter.updateSettings(configuration))
          .catch((error: unknown) => logger.error({ limiter: id, err: String(error) }, 'limiter not ready'));
      }
      limiter.on('error', (error: unknown) =>
        logger.error({ limiter: id, err: String(error) }, 'limiter error'),
      );
      limiters.set(id, limiter);
      return limiter;
    },
    async disconnect() {
      const all = [...limiters.values()];
      limiters.clear();
      buckets.clear();
      if (connection) {
        const current = connection;
        connection = undefined;
        await current.disconnect(false);
      } else {
        await Promise.all(all.map((limiter) => limiter.disconnect(false)));
      }
    },
  };
  return factory;
}
