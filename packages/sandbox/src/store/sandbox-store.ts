import * as carts from './carts';
import * as catalog from './catalog';
import { type Clock, systemClock } from './clock';
import * as customers from './customers';
import type {
  CancelOrderInput,
  ChangePriceInput,
  ConvertCartInput,
  CreateCartInput,
  CreateCategoryInput,
  CreateCustomerInput,
  CreateLocationInput,
  CreateProductInput,
  FulfillOrderInput,
  PlaceOrderInput,
  RefundOrderInput,
  UpdateCartInput,
  UpdateCustomerInput,
  UpdateOrderInput,
  UpdateProductInput,
} from './inputs';
import * as orders from './orders';
import { createState, SEQUENCES, type SequenceName, type StoreState } from './store-state';
import type {
  Cart,
  Category,
  Customer,
  Fulfillment,
  InventoryLevel,
  Location,
  Order,
  Product,
  Refund,
  ShopSettings,
  StoreChangeListener,
  StoreSnapshot,
  Variant,
} from './types';

export interface SandboxStoreOptions {
  /** @default { name: 'Sandbox Shop', currency: 'USD', domain: 'sandbox-shop.example', timeZone: 'UTC', … } */
  shop?: Partial<ShopSettings>;
  /** Source of mutation timestamps. @default systemClock */
  clock?: Clock;
}

export const DEFAULT_SHOP: ShopSettings = {
  name: 'Sandbox Shop',
  currency: 'USD',
  domain: 'sandbox-shop.example',
  timeZone: 'UTC',
  email: 'owner@sandbox-shop.example',
};

/**
 * Platform-neutral in-memory commerce data; the one source of truth every emulator renders.
 * Records returned by reads are immutable snapshots: mutations store new objects, never edit old ones.
 *
 * @example
 * const store = new SandboxStore({ clock: createManualClock('2026-01-01T00:00:00Z') });
 * store.onChange((change) => console.log(change.kind, change.action, change.id));
 */
export class SandboxStore {
  readonly #state: StoreState;

  constructor(options: SandboxStoreOptions = {}) {
    this.#state = createState({ ...DEFAULT_SHOP, ...options.shop }, options.clock ?? systemClock);
  }

  /** Rebuilds a store from {@link snapshot} output; numbering continues where it stopped. */
  static restore(snapshot: StoreSnapshot, options: Pick<SandboxStoreOptions, 'clock'> = {}): SandboxStore {
    const store = new SandboxStore({ shop: snapshot.shop, ...options });
    const state = store.#state;
    const copy = structuredClone(snapshot);
    for (const record of copy.categories) state.categories.set(record.id, record);
    for (const record of copy.locations) state.locations.set(record.id, record);
    for (const record of copy.products) state.products.set(record.id, record);
    for (const record of copy.variants) state.variants.set(record.id, record);
    for (const record of copy.inventoryLevels) {
      state.inventoryLevels.set(record.id, record);
      let byLocation = state.inventoryIndex.get(record.variantId);
      if (!byLocation) {
        byLocation = new Map();
        state.inventoryIndex.set(record.variantId, byLocation);
      }
      byLocation.set(record.locationId, record.id);
    }
    for (const record of copy.customers) {
      state.customers.set(record.id, record);
      if (record.email) state.customerEmails.set(record.email.toLowerCase(), record.id);
    }
    let latest = Number.NEGATIVE_INFINITY;
    for (const record of copy.orders) {
      state.orders.set(record.id, record);
      latest = Math.max(latest, Date.parse(record.updatedAt));
      if (record.customerId !== null) {
        const list = state.customerOrders.get(record.customerId) ?? [];
        list.push(record.id);
        state.customerOrders.set(record.customerId, list);
      }
    }
    for (const record of copy.carts) state.carts.set(record.id, record);
    for (const name of SEQUENCES) {
      const value = copy.sequences[name];
      if (value !== undefined) state.sequences[name as SequenceName] = value;
    }
    state.lastMs = latest;
    return store;
  }

  get shop(): ShopSettings {
    return this.#state.shop;
  }

  /** Increments on every change; emulators use it to cache derived indexes. */
  get version(): number {
    return this.#state.version;
  }

  /** Replaces the clock, e.g. after seeding history with a manual one. */
  setClock(clock: Clock): void {
    this.#state.clock = clock;
  }

  /** Subscribes to change events; returns the unsubscribe function. */
  onChange(listener: StoreChangeListener): () => void {
    this.#state.listeners.add(listener);
    return () => {
      this.#state.listeners.delete(listener);
    };
  }

  // Reads. Lists are in id order.

  getCategory(id: number): Category | undefined {
    return this.#state.categories.get(id);
  }
  listCategories(): Category[] {
    return [...this.#state.categories.values()];
  }
  getLocation(id: number): Location | undefined {
    return this.#state.locations.get(id);
  }
  listLocations(): Location[] {
    return [...this.#state.locations.values()];
  }
  getProduct(id: number): Product | undefined {
    return this.#state.products.get(id);
  }
  listProducts(): Product[] {
    return [...this.#state.products.values()];
  }
  getVariant(id: number): Variant | undefined {
    return this.#state.variants.get(id);
  }
  listVariants(): Variant[] {
    return [...this.#state.variants.values()];
  }
  /** The product's variants in display order. */
  variantsOf(productId: number): Variant[] {
    const product = this.#state.products.get(productId);
    if (!product) return [];
    return product.variantIds.flatMap((id) => {
      const variant = this.#state.variants.get(id);
      return variant ? [variant] : [];
    });
  }
  getInventoryLevel(id: number): InventoryLevel | undefined {
    return this.#state.inventoryLevels.get(id);
  }
  listInventoryLevels(): InventoryLevel[] {
    return [...this.#state.inventoryLevels.values()];
  }
  /** Stock of one variant at one location. */
  inventoryLevelAt(variantId: number, locationId: number): InventoryLevel | undefined {
    return catalog.findLevel(this.#state, variantId, locationId);
  }
  /** The variant's stock per location, in location id order. */
  inventoryOf(variantId: number): InventoryLevel[] {
    const byLocation = this.#state.inventoryIndex.get(variantId);
    if (!byLocation) return [];
    return [...byLocation.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([, levelId]) => {
        const level = this.#state.inventoryLevels.get(levelId);
        return level ? [level] : [];
      });
  }
  /** Number of orders the customer has placed. */
  orderCountOf(customerId: number): number {
    return this.#state.customerOrders.get(customerId)?.length ?? 0;
  }
  getCustomer(id: number): Customer | undefined {
    return this.#state.customers.get(id);
  }
  listCustomers(): Customer[] {
    return [...this.#state.customers.values()];
  }
  findCustomerByEmail(email: string): Customer | undefined {
    const id = this.#state.customerEmails.get(email.toLowerCase());
    return id === undefined ? undefined : this.#state.customers.get(id);
  }
  getOrder(id: number): Order | undefined {
    return this.#state.orders.get(id);
  }
  listOrders(): Order[] {
    return [...this.#state.orders.values()];
  }
  /** The customer's orders in the order they were placed. */
  ordersOf(customerId: number): Order[] {
    return (this.#state.customerOrders.get(customerId) ?? []).flatMap((id) => {
      const order = this.#state.orders.get(id);
      return order ? [order] : [];
    });
  }
  getCart(id: number): Cart | undefined {
    return this.#state.carts.get(id);
  }
  listCarts(): Cart[] {
    return [...this.#state.carts.values()];
  }
  counts(): Record<
    'categories' | 'locations' | 'products' | 'variants' | 'customers' | 'orders' | 'carts',
    number
  > {
    const s = this.#state;
    return {
      categories: s.categories.size,
      locations: s.locations.size,
      products: s.products.size,
      variants: s.variants.size,
      customers: s.customers.size,
      orders: s.orders.size,
      carts: s.carts.size,
    };
  }

  /** All data as plain JSON in id order; `JSON.stringify` of two equal stores is identical. */
  snapshot(): StoreSnapshot {
    const s = this.#state;
    return structuredClone({
      shop: s.shop,
      categories: this.listCategories(),
      locations: this.listLocations(),
      products: this.listProducts(),
      variants: this.listVariants(),
      inventoryLevels: this.listInventoryLevels(),
      customers: this.listCustomers(),
      orders: this.listOrders(),
      carts: this.listCarts(),
      sequences: { ...s.sequences },
    });
  }

  // Mutations. Each stamps updatedAt with the clock and emits change events.

  createCategory(input: CreateCategoryInput): Category {
    return catalog.createCategory(this.#state, input);
  }
  createLocation(input: CreateLocationInput): Location {
    return catalog.createLocation(this.#state, input);
  }
  createProduct(input: CreateProductInput): Product {
    return catalog.createProduct(this.#state, input);
  }
  updateProduct(productId: number, input: UpdateProductInput): Product {
    return catalog.updateProduct(this.#state, productId, input);
  }
  /** Removes the product, its variants and stock; order and cart lines keep dangling references. */
  deleteProduct(productId: number): void {
    catalog.deleteProduct(this.#state, productId);
  }
  changePrice(variantId: number, input: ChangePriceInput): Variant {
    return catalog.changePrice(this.#state, variantId, input);
  }
  setInventory(variantId: number, locationId: number, available: number): InventoryLevel {
    return catalog.setInventory(this.#state, variantId, locationId, available);
  }
  /** Adds `quantity` units at the location. */
  restock(variantId: number, locationId: number, quantity: number): InventoryLevel {
    return catalog.restock(this.#state, variantId, locationId, quantity);
  }
  createCustomer(input: CreateCustomerInput): Customer {
    return customers.createCustomer(this.#state, input);
  }
  updateCustomer(customerId: number, input: UpdateCustomerInput): Customer {
    return customers.updateCustomer(this.#state, customerId, input);
  }
  /** Prices lines, allocates discounts, adds tax and shipping, takes stock, and records the order. */
  placeOrder(input: PlaceOrderInput): Order {
    return orders.placeOrder(this.#state, input);
  }
  markPaid(orderId: number): Order {
    return orders.markPaid(this.#state, orderId);
  }
  updateOrder(orderId: number, input: UpdateOrderInput): Order {
    return orders.updateOrder(this.#state, orderId, input);
  }
  /** See {@link RefundOrderInput}: lines, a bare amount, or (no input) everything left. */
  refundOrder(orderId: number, input: RefundOrderInput = {}): Refund {
    return orders.refundOrder(this.#state, orderId, input);
  }
  fulfillOrder(orderId: number, input: FulfillOrderInput = {}): Fulfillment {
    return orders.fulfillOrder(this.#state, orderId, input);
  }
  markDelivered(orderId: number, fulfillmentId: number): Fulfillment {
    return orders.markDelivered(this.#state, orderId, fulfillmentId);
  }
  cancelOrder(orderId: number, input: CancelOrderInput = {}): Order {
    return orders.cancelOrder(this.#state, orderId, input);
  }
  createCart(input: CreateCartInput): Cart {
    return carts.createCart(this.#state, input);
  }
  updateCart(cartId: number, input: UpdateCartInput): Cart {
    return carts.updateCart(this.#state, cartId, input);
  }
  abandonCart(cartId: number): Cart {
    return carts.abandonCart(this.#state, cartId);
  }
  convertCart(cartId: number, input: ConvertCartInput = {}): Order {
    return carts.convertCart(this.#state, cartId, input);
  }
}
