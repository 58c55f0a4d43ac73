export type StoreSize = 'tiny' | 'small' | 'medium' | 'large';

export interface SizeProfile {
  products: number;
  customers: number;
  /** Orders placed (directly or by converting a cart). */
  orders: number;
  /** Carts that never convert (abandoned or still open). */
  unconvertedCarts: number;
  /** Length of the order history, in days before `now`. */
  historyDays: number;
}

export const SIZE_PROFILES: Record<StoreSize, SizeProfile> = {
  tiny: { products: 10, customers: 20, orders: 50, unconvertedCarts: 16, historyDays: 90 },
  small: { products: 50, customers: 300, orders: 2_000, unconvertedCarts: 400, historyDays: 180 },
  medium: { products: 200, customers: 3_000, orders: 20_000, unconvertedCarts: 3_000, historyDays: 365 },
  large: { products: 500, customers: 15_000, orders: 100_000, unconvertedCarts: 12_000, historyDays: 365 },
};
