import { z } from 'zod';
import { RawDeliveryAddress, RawInventorySummary, RawListingsItem } from './raw-schemas';

/**
 * What the Amazon streams hand to their mappers where one raw payload is not enough. SP-API has no
 * customer, location or per-location stock resource, so those records are assembled here.
 */

/** A buyer as one order shows them (email is Amazon's anonymized relay address). */
export const BuyerRecord = z.object({
  buyerEmail: z.string().min(1),
  buyerName: z.string().nullable(),
  companyName: z.string().nullable(),
  address: RawDeliveryAddress.nullable(),
  orderCreatedTime: z.string(),
  orderUpdatedTime: z.string(),
});
export type BuyerRecord = z.infer<typeof BuyerRecord>;

/** A listing with the marketplace it was read for. */
export const ListingRecord = z.object({ item: RawListingsItem, marketplaceId: z.string().min(1) });
export type ListingRecord = z.infer<typeof ListingRecord>;

/** Fulfillment networks, Cartwire's Amazon locations. */
export const FulfillmentNetwork = z.enum(['AFN', 'MFN']);
export type FulfillmentNetwork = z.infer<typeof FulfillmentNetwork>;

/** Stock of one SKU in one network: FBA summaries (AFN) or a listing's DEFAULT availability (MFN). */
export const StockRecord = z.discriminatedUnion('network', [
  z.object({ network: z.literal('AFN'), summary: RawInventorySummary, observedAt: z.iso.datetime() }),
  z.object({ network: z.literal('MFN'), listing: ListingRecord }),
]);
export type StockRecord = z.infer<typeof StockRecord>;

/** A fulfillment network, observed at a time (networks carry no timestamps). */
export const NetworkRecord = z.object({ network: FulfillmentNetwork, observedAt: z.iso.datetime() });
export type NetworkRecord = z.infer<typeof NetworkRecord>;
