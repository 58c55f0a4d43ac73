import { z } from 'zod';
import { type Clock, createManualClock, systemClock } from '../store/clock';
import { SandboxStore } from '../store/sandbox-store';
import type { ShopSettings } from '../store/types';
import { countryForCurrency, DAY, type GeneratorContext } from './context';
import { createRandom } from './random';
import { seedCarts } from './seed-carts';
import { seedCatalog } from './seed-catalog';
import { seedCustomers } from './seed-customers';
import { seedOrders } from './seed-orders';
import { SIZE_PROFILES, type StoreSize } from './sizes';
import { Timeline } from './timeline';
import { USD_RATES } from './vocabulary';

/** The default "present" of a generated store; fixed so the same seed always yields the same bytes. */
export const DEFAULT_GENERATOR_NOW = '2026-01-01T00:00:00.000Z';

const GenerateStoreOptions = z.object({
  seed: z.union([z.number().finite(), z.string().min(1)]),
  size: z.enum(['tiny', 'small', 'medium', 'large']),
  currency: z
    .string()
    .refine((code) => code in USD_RATES, {
      message: `currency must be one of ${Object.keys(USD_RATES).join(', ')}`,
    })
    .default('USD'),
  now: z.union([z.string(), z.number(), z.date()]).default(DEFAULT_GENERATOR_NOW),
});

export interface GenerateStoreOptions {
  /** Same seed (and options) → byte-identical store. */
  seed: number | string;
  size: StoreSize;
  /** Shop currency. @default 'USD' */
  currency?: string;
  /** End of the generated history; nothing happens after it. @default DEFAULT_GENERATOR_NOW */
  now?: string | number | Date;
  /** Shop settings other than the currency. */
  shop?: Partial<Omit<ShopSettings, 'currency'>>;
  /** Clock for mutations made after generation. @default systemClock */
  clock?: Clock;
}

/**
 * Generates a realistic sandbox store by replaying its history through the store's own mutation API.
 *
 * @example
 * const store = generateStore({ seed: 42, size: 'small' });
 * store.listOrders().length; // ≈ 2 000
 */
export function generateStore(options: GenerateStoreOptions): SandboxStore {
  const parsed = GenerateStoreOptions.parse({
    seed: options.seed,
    size: options.size,
    currency: options.currency,
    now: options.now,
  });
  const now = parsed.now instanceof Date ? parsed.now.getTime() : new Date(parsed.now).getTime();
  if (!Number.isFinite(now)) throw new RangeError(`now is not a valid time: ${String(options.now)}`);
  const profile = SIZE_PROFILES[parsed.size];
  const random = createRandom(`${parsed.seed}:${parsed.size}:${parsed.currency}`);
  const clock = createManualClock(now);
  const store = new SandboxStore({ shop: { ...options.shop, currency: parsed.currency }, clock });
  const timeline = new Timeline();
  const home = countryForCurrency(parsed.currency);
  const start = now - profile.historyDays * DAY;

  const catalog = seedCatalog({
    store,
    random,
    clock,
    timeline,
    home,
    currency: parsed.currency,
    productCount: profile.products,
    start,
    now,
  });
  const base = {
    store,
    random,
    timeline,
    clock,
    profile,
    currency: parsed.currency,
    home,
    now,
    start,
    ...catalog,
    pendingRestocks: new Set<number>(),
  };
  const ctx: GeneratorContext = { ...base, customers: seedCustomers(base) };
  seedOrders(ctx);
  seedCarts(ctx);
  timeline.drain((at) => clock.set(at));

  store.setClock(options.clock ?? systemClock);
  return store;
}
