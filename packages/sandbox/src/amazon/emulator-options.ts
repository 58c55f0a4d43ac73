import { z } from 'zod';
import type { FaultInjector } from '../http/faults';
import { type Clock, systemClock } from '../store/clock';
import { SandboxStore } from '../store/sandbox-store';
import { type AmazonOperation, DEFAULT_USAGE_PLANS, type UsagePlan } from './usage-plans';

const Plan = z.object({ rate: z.number().positive(), burst: z.int().positive() });
const OPERATIONS = Object.keys(DEFAULT_USAGE_PLANS).filter((name) => name !== 'lwaToken') as [
  AmazonOperation,
  ...AmazonOperation[],
];

export const AmazonEmulatorOptions = z.object({
  /** The sandbox data this selling account serves. */
  store: z.custom<SandboxStore>((value) => value instanceof SandboxStore, 'a SandboxStore'),
  /** The application's LWA credentials and the seller's refresh token (from authorizing the app). */
  lwa: z.object({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    refreshToken: z.string().min(1),
  }),
  /** Merchant token of the selling partner. @example 'A3TH9S8BH6GOGM' */
  sellerId: z.string().min(1),
  /** @default 'ATVPDKIKX0DER' (Amazon.com) */
  marketplaceId: z.string().min(1).default('ATVPDKIKX0DER'),
  /**
   * Whether the application holds the restricted roles for buyer PII: Restricted Data Tokens are
   * issued (Orders v0) and `includedData=BUYER` / full `RECIPIENT` addresses are returned (2026-01-01).
   * @default true
   */
  rdtAllowed: z.boolean().default(true),
  /**
   * Usage-plan overrides by operation. The documented plans are the defaults; tests and the bench
   * scale them explicitly (searchOrders' 0.0056 rps would make a backfill take hours).
   * @example { searchOrders: { rate: 20, burst: 20 } }
   */
  usagePlans: z.partialRecord(z.enum(OPERATIONS), Plan).default({}),
  /** Orders v0 getOrderItems page size (the real API pages rarely, at an undocumented size). @default 100 */
  orderItemsPageSize: z.int().min(1).max(100).default(100),
  /** URL ORDER_CHANGE notifications are posted to as SQS message bodies. @default none */
  notificationUrl: z.url().optional(),
  /** Fault injection placed in front of every route (`amazonFaultInjector` gives SP-API's bodies). */
  faults: z
    .custom<FaultInjector>((value) => typeof (value as FaultInjector | undefined)?.middleware === 'function')
    .optional(),
  /** Time source for tokens, usage plans, pagination token expiry and the 2-minute rule. @default systemClock */
  clock: z
    .custom<Clock>((value) => typeof (value as Clock | undefined)?.now === 'function', 'a clock with now()')
    .default(systemClock),
});
export type AmazonEmulatorOptions = z.input<typeof AmazonEmulatorOptions>;
export type ResolvedAmazonEmulatorOptions = z.output<typeof AmazonEmulatorOptions>;

export type UsagePlanOverrides = Partial<Record<AmazonOperation, UsagePlan>>;
