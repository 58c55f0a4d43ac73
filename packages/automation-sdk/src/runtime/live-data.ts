import type { Cart, Customer, Order, Product, Variant } from '@cartwire/model';
import type { EntityRepository } from '@cartwire/storage';
import type { PredictedValues } from '../evaluate/metrics';
import type { WaitlistStore } from '../waitlist/waitlist-store';

/** Records the runtime asks to refresh before a send or action: what live checks and flow filters read. */
export type RefreshableEntity = 'cart' | 'order' | 'variant';

/**
 * Current records, read right before each step so sends and actions see live data (cart converted?
 * stock? price?). The default reads Cartwire's stored entities; a library user can back it by their own
 * store or wrap it to refresh stale records through a connector first.
 */
export interface LiveData {
  customer(tenantId: string, id: string): Promise<Customer | null>;
  cart(tenantId: string, id: string): Promise<Cart | null>;
  order(tenantId: string, id: string): Promise<Order | null>;
  variant(tenantId: string, id: string): Promise<Variant | null>;
  product(tenantId: string, id: string): Promise<Product | null>;
  /** Candidate products for cross-sell recommendations in a store. */
  catalogue(tenantId: string, storeId: string): Promise<Product[]>;
  /**
   * Whether the shopper has an active waitlist subscription for the variant (`metrics.shopperOnWaitlist`).
   * Optional: without it the metric is null.
   */
  waitlisted?(
    tenantId: string,
    variantId: string,
    shopper: { customerId: string | null; email: string | null },
  ): Promise<boolean>;
  /**
   * The shopper's most recently updated carts (by customer id, else email), for
   * `metrics.shopperCartHasVariant`. Optional: without it the metric is null.
   */
  shopperCarts?(
    tenantId: string,
    shopper: { customerId: string | null; email: string | null },
  ): Promise<Cart[]>;
  /**
   * Brings the stored copy of a record up to date through its platform when it is stale (the
   * implementation decides how old is stale), so the reads that follow see the platform's state. The
   * runtime calls it before each send and action for the run's cart, order and variants, bounds it with
   * `refreshTimeoutMs`, and when it fails goes on with the stored copy and records a `refresh_failed`
   * step. Optional: without it the stored copies are used as they are.
   */
  refresh?(tenantId: string, entity: RefreshableEntity, id: string): Promise<void>;
  /**
   * The customer's CLV prediction, for `metrics.customerProbabilityAlive`, `customerExpectedPurchases*` and
   * `customerPredictedClv`. Optional: without it those metrics are null.
   */
  prediction?(tenantId: string, customerId: string): Promise<PredictedValues | null>;
}

export interface EntityLiveDataOptions {
  /**
   * Variant waitlists, for `metrics.shopperOnWaitlist`.
   * @example createEntityLiveData(entities, { waitlist: createWaitlistStore(db) })
   */
  waitlist?: Pick<WaitlistStore, 'isSubscribed'>;
  /**
   * Refreshes stale records through their platform before sends (see `LiveData.refresh`); the gateway
   * wires it to its connectors.
   */
  refresh?: LiveData['refresh'];
  /**
   * CLV predictions, for the `customerProbabilityAlive`, `customerExpectedPurchases*` and
   * `customerPredictedClv` metrics.
   * @example createEntityLiveData(entities, { predictions: createClvService({ db }) })
   */
  predictions?: {
    getCustomerPrediction(tenantId: string, customerId: string): Promise<PredictedValues | null>;
  };
  /**
   * Products read as cross-sell candidates (most recently updated first).
   * @default 200
   */
  catalogueSize?: number;
}

/** Live data from the stored entities (`@cartwire/storage`), tenant-scoped. */
export function createEntityLiveData(
  entities: EntityRepository,
  options: EntityLiveDataOptions = {},
): LiveData {
  return {
    customer: (tenantId, id) => entities.getEntity('customer', tenantId, id),
    cart: (tenantId, id) => entities.getEntity('cart', tenantId, id),
    order: (tenantId, id) => entities.getEntity('order', tenantId, id),
    variant: (tenantId, id) => entities.getEntity('variant', tenantId, id),
    product: (tenantId, id) => entities.getEntity('product', tenantId, id),
    async catalogue(tenantId, storeId) {
      const page = await entities.listEntities('product', {
        tenantId,
        storeId,
        limit: options.catalogueSize ?? 200,
      });
      return page.items;
    },
    async shopperCarts(tenantId, shopper) {
      const filters = shopper.customerId
        ? { customerId: shopper.customerId }
        : shopper.email
          ? { email: shopper.email }
          : null;
      if (!filters) return [];
      const page = await entities.listEntities('cart', { tenantId, filters, limit: SHOPPER_CARTS });
      return page.items;
    },
    ...(options.waitlist ? { waitlisted: options.waitlist.isSubscribed } : {}),
    ...(options.refresh ? { refresh: options.refresh } : {}),
    ...(options.predictions
      ? {
          prediction: (tenantId: string, customerId: string) =>
            options.predictions!.getCustomerPrediction(tenantId, customerId),
        }
      : {}),
  };
}

/** Carts read per shopper: a shopper with more recent carts than this has moved on from older ones. */
const SHOPPER_CARTS = 20;

type AnyRecord = Customer | Cart | Order | Variant | Product;

/** Live data held in memory: for tests, demos, and library users who pass records in themselves. */
export interface MemoryLiveData extends LiveData {
  /** Stores (or replaces) records under their tenant; a product also stores its variants. */
  put(tenantId: string, ...records: AnyRecord[]): void;
}

export function createMemoryLiveData(): MemoryLiveData {
  const records = new Map<string, AnyRecord>();
  const key = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;
  const read =
    <T extends AnyRecord>(prefix: string) =>
    async (tenantId: string, id: string): Promise<T | null> =>
      id.startsWith(prefix) ? ((records.get(key(tenantId, id)) as T | undefined) ?? null) : null;
  return {
    put(tenantId, ...items) {
      for (const item of items) {
        records.set(key(tenantId, item.id), structuredClone(item));
        if ('variants' in item)
          for (const v of item.variants) records.set(key(tenantId, v.id), structuredClone(v));
      }
    },
    customer: read<Customer>('cus_'),
    cart: read<Cart>('crt_'),
    order: read<Order>('ord_'),
    variant: read<Variant>('var_'),
    product: read<Product>('prd_'),
    async catalogue(tenantId, storeId) {
      return [...records.entries()]
        .filter(([k, v]) => k.startsWith(`${tenantId}\u0000prd_`) && v.storeId === storeId)
        .map(([, v]) => v as Product);
    },
    async shopperCarts(tenantId, shopper) {
      if (!shopper.customerId && !shopper.email) return [];
      return [...records.entries()]
        .filter(([k]) => k.startsWith(`${tenantId}\u0000crt_`))
        .map(([, v]) => v as Cart)
        .filter((cart) =>
          shopper.customerId ? cart.customerId === shopper.customerId : cart.email === shopper.email,
        )
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
        .slice(0, SHOPPER_CARTS);
    },
  };
}
