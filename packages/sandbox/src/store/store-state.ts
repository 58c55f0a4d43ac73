import { type Clock, toIso } from './clock';
import { notFound } from './errors';
import type {
  Cart,
  Category,
  Customer,
  InventoryLevel,
  Location,
  Order,
  Product,
  ShopSettings,
  StoreChange,
  StoreChangeListener,
  Variant,
} from './types';

export const SEQUENCES = [
  'category',
  'location',
  'product',
  'variant',
  'inventoryLevel',
  'customer',
  'order',
  'orderNumber',
  'orderLine',
  'refund',
  'fulfillment',
  'cart',
  'cartLine',
] as const;
export type SequenceName = (typeof SEQUENCES)[number];

/** First value of each sequence; order numbers start where a new Shopify shop's do. */
export const SEQUENCE_START: Record<SequenceName, number> = {
  category: 1,
  location: 1,
  product: 1,
  variant: 1,
  inventoryLevel: 1,
  customer: 1,
  order: 1,
  orderNumber: 1001,
  orderLine: 1,
  refund: 1,
  fulfillment: 1,
  cart: 1,
  cartLine: 1,
};

/**
 * The mutable inside of a SandboxStore, shared by the mutation modules. Records are never edited in
 * place: a mutation stores a new object, so a record handed out earlier stays a consistent snapshot.
 */
export interface StoreState {
  shop: ShopSettings;
  clock: Clock;
  /** Last timestamp handed out; store time never runs backwards even if the clock does. */
  lastMs: number;
  /** `lastMs` as ISO text, cached because mutations at one instant are common. */
  lastIso: string;
  version: number;
  sequences: Record<SequenceName, number>;
  listeners: Set<StoreChangeListener>;
  categories: Map<number, Category>;
  locations: Map<number, Location>;
  products: Map<number, Product>;
  variants: Map<number, Variant>;
  inventoryLevels: Map<number, InventoryLevel>;
  /** variantId → locationId → inventory level id */
  inventoryIndex: Map<number, Map<number, number>>;
  customers: Map<number, Customer>;
  /** lower-cased email → customer id */
  customerEmails: Map<string, number>;
  orders: Map<number, Order>;
  /** customerId → order ids in placement order */
  customerOrders: Map<number, number[]>;
  carts: Map<number, Cart>;
}

export function createState(shop: ShopSettings, clock: Clock): StoreState {
  return {
    shop,
    clock,
    lastMs: Number.NEGATIVE_INFINITY,
    lastIso: '',
    version: 0,
    sequences: { ...SEQUENCE_START },
    listeners: new Set(),
    categories: new Map(),
    locations: new Map(),
    products: new Map(),
    variants: new Map(),
    inventoryLevels: new Map(),
    inventoryIndex: new Map(),
    customers: new Map(),
    customerEmails: new Map(),
    orders: new Map(),
    customerOrders: new Map(),
    carts: new Map(),
  };
}

export function nextId(state: StoreState, sequence: SequenceName): number {
  const id = state.sequences[sequence];
  state.sequences[sequence] = id + 1;
  return id;
}

/** The time of the mutation in progress: the clock, but never earlier than the previous mutation. */
export function stamp(state: StoreState): string {
  const ms = Math.max(state.clock.now(), state.lastMs);
  if (ms !== state.lastMs || state.lastIso === '') {
    state.lastMs = ms;
    state.lastIso = toIso(ms);
  }
  return state.lastIso;
}

export function emit(state: StoreState, change: StoreChange): void {
  state.version += 1;
  for (const listener of state.listeners) listener(change);
}

export function requireRecord<T>(map: Map<number, T>, kind: string, id: number): T {
  const record = map.get(id);
  if (!record) throw notFound(kind, id);
  return record;
}
