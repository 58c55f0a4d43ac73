import { z } from 'zod';
import {
  RawCart,
  RawCreditMemo,
  RawOrder,
  RawProduct,
  RawShipment,
  RawSource,
  RawSourceItem,
} from './raw-schemas';

/**
 * What the Magento streams hand to their mappers. Magento spreads one normalized record over several
 * resources (a configurable product and its children, an order and its credit memos and shipments),
 * so each stream joins them per page and the mapper stays pure. `raw` on the entity is this record.
 */
export const ProductFamily = z.object({
  product: RawProduct,
  /** The simple children of a configurable product, in `configurable_product_links` order. */
  children: z.array(RawProduct),
  /** Base currency (`GET /V1/directory/currency`); product prices carry none. */
  currency: z.string().length(3),
  /** Storefront root, for media (`/media/catalog/product`) and product URLs. */
  storefrontUrl: z.url(),
});
export type ProductFamily = z.infer<typeof ProductFamily>;

export const OrderBundle = z.object({
  order: RawOrder,
  creditMemos: z.array(RawCreditMemo),
  shipments: z.array(RawShipment),
});
export type OrderBundle = z.infer<typeof OrderBundle>;

export const QuoteRecord = z.object({
  quote: RawCart,
  /** `entity_id` of the order placed from this quote, looked up by `quote_id`; null when none. */
  orderId: z.int().nullable(),
});
export type QuoteRecord = z.infer<typeof QuoteRecord>;

/** MSI carries no timestamps: `observedAt` is when Cartwire read the record (the response `Date`). */
export const SourceItemRecord = z.object({
  item: RawSourceItem,
  /** Entity id of the product with this SKU; null when no product has it. */
  productId: z.int().nullable(),
  observedAt: z.iso.datetime(),
});
export type SourceItemRecord = z.infer<typeof SourceItemRecord>;

export const SourceRecord = z.object({ source: RawSource, observedAt: z.iso.datetime() });
export type SourceRecord = z.infer<typeof SourceRecord>;
