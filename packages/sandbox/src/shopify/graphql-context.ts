import type { SandboxStore } from '../store/sandbox-store';
import type { BulkOperationRegistry, RunBulkQuery } from './bulk-operations';

/** What every resolver can reach while one GraphQL request runs. */
export interface ShopifyGraphqlContext {
  store: SandboxStore;
  /** `{shop}.myshopify.com`. */
  shopDomain: string;
  /** Current emulator time, milliseconds. */
  now: number;
  /** Bulk operations read connections whole, without first/last. */
  unbounded: boolean;
  bulk: BulkOperationRegistry;
  /** Base URL the request reached the emulator at; bulk result URLs point back to it. */
  origin: string;
  /** Runs a bulk query document against the store, connections unbounded. */
  runBulkQuery: RunBulkQuery;
}
