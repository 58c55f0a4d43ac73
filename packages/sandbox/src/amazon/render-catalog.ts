import type { SandboxStore } from '../store/sandbox-store';
import type { InventoryLevel, Product, Variant } from '../store/types';
import { asinOf, fnSkuOf } from './amazon-ids';
import { amazonTime } from './order-view';

type Json = Record<string, unknown>;

/**
 * Where sandbox stock lives on Amazon: the store's second location is the seller's FBA inventory
 * (Amazon fulfilment network); every other location is merchant-fulfilled (MFN) stock, reported as
 * the listing's `DEFAULT` fulfillment availability. A store with one location has no FBA stock.
 */
export function afnLocationId(store: SandboxStore): number | null {
  return store.listLocations()[1]?.id ?? null;
}

/** A seller listing: one per SKU (sandbox variant), as Listings Items 2021-08-01 keys them. */
export interface ListingView {
  sku: string;
  variant: Variant;
  product: Product;
  mfnQuantity: number;
  createdMs: number;
  updatedMs: number;
}

function wholeSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000) * 1000;
}

export function listingViews(store: SandboxStore): ListingView[] {
  const afn = afnLocationId(store);
  const views: ListingView[] = [];
  for (const variant of store.listVariants()) {
    const product = store.getProduct(variant.productId);
    if (!product || variant.sku === '') continue;
    const mfn = store.inventoryOf(variant.id).filter((level) => level.locationId !== afn);
    const updated = [product.updatedAt, variant.updatedAt, ...mfn.map((level) => level.updatedAt)]
      .map(wholeSeconds)
      .reduce((a, b) => Math.max(a, b), 0);
    views.push({
      sku: variant.sku,
      variant,
      product,
      mfnQuantity: mfn.reduce((sum, level) => sum + Math.max(0, level.available), 0),
      createdMs: wholeSeconds(variant.createdAt),
      updatedMs: updated,
    });
  }
  return views;
}

function itemName(view: ListingView): string {
  return view.product.options.length > 0 && view.variant.title
    ? `${view.product.title} - ${view.variant.title}`
    : view.product.title;
}

export const LISTING_INCLUDED_DATA = [
  'summaries',
  'attributes',
  'issues',
  'offers',
  'fulfillmentAvailability',
  'procurement',
  'relationships',
  'productTypes',
] as const;

/** A listings item with the requested `includedData` sections. */
export function renderListing(
  view: ListingView,
  included: ReadonlySet<string>,
  marketplaceId: string,
  currency: string,
): Json {
  const { product, variant } = view;
  return {
    sku: view.sku,
    ...(included.has('summaries')
      ? {
          summaries: [
            {
              marketplaceId,
              asin: asinOf(variant.id),
              productType: product.productType.toUpperCase().replace(/[^A-Z0-9]+/g, '_') || 'PRODUCT',
              conditionType: 'new_new',
              status: product.status === 'active' ? ['BUYABLE', 'DISCOVERABLE'] : [],
              itemName: itemName(view),
              createdDate: amazonTime(view.createdMs),
              lastUpdatedDate: amazonTime(view.updatedMs),
              ...(product.imageUrls[0]
                ? { mainImage: { link: product.imageUrls[0], height: 1000, width: 1000 } }
                : {}),
            },
          ],
        }
      : {}),
    ...(included.has('attributes')
      ? {
          attributes: {
            brand: [{ value: product.vendor, marketplace_id: marketplaceId }],
            ...(variant.barcode
              ? { externally_assigned_product_identifier: [{ type: 'ean', value: variant.barcode }] }
              : {}),
          },
        }
      : {}),
    ...(included.has('issues') ? { issues: [] } : {}),
    ...(included.has('offers')
      ? {
          offers: [
            {
              marketplaceId,
              offerType: 'B2C',
              price: { currencyCode: currency, amount: variant.price },
              audience: { value: 'ALL', displayName: 'Sell on Amazon' },
            },
          ],
        }
      : {}),
    ...(included.has('fulfillmentAvailability')
      ? { fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: view.mfnQuantity }] }
      : {}),
  };
}

/** An FBA inventory summary (`details=true`) for one SKU's stock at the AFN location. */
export function renderInventorySummary(store: SandboxStore, level: InventoryLevel): Json | null {
  const variant = store.getVariant(level.variantId);
  const product = variant ? store.getProduct(variant.productId) : undefined;
  if (!variant || !product || variant.sku === '') return null;
  const fulfillable = Math.max(0, level.available);
  return {
    asin: asinOf(variant.id),
    fnSku: fnSkuOf(variant.id),
    sellerSku: variant.sku,
    condition: 'NewItem',
    inventoryDetails: {
      fulfillableQuantity: fulfillable,
      inboundWorkingQuantity: 0,
      inboundShippedQuantity: 0,
      inboundReceivingQuantity: 0,
      reservedQuantity: {
        totalReservedQuantity: 0,
        pendingCustomerOrderQuantity: 0,
        pendingTransshipmentQuantity: 0,
        fcProcessingQuantity: 0,
      },
      researchingQuantity: { totalResearchingQuantity: 0, researchingQuantityBreakdown: [] },
      unfulfillableQuantity: {
        totalUnfulfillableQuantity: 0,
        customerDamagedQuantity: 0,
        warehouseDamagedQuantity: 0,
        distributorDamagedQuantity: 0,
        carrierDamagedQuantity: 0,
        defectiveQuantity: 0,
        expiredQuantity: 0,
      },
    },
    lastUpdatedTime: amazonTime(wholeSeconds(level.updatedAt)),
    productName: product.title,
    totalQuantity: fulfillable,
  };
}

/** Catalog Items 2022-04-01 item with `summaries` (and `identifiers` when asked). */
export function renderCatalogItem(
  store: SandboxStore,
  variant: Variant,
  included: ReadonlySet<string>,
  marketplaceId: string,
): Json {
  const product = store.getProduct(variant.productId);
  return {
    asin: asinOf(variant.id),
    ...(included.has('summaries')
      ? {
          summaries: [
            {
              marketplaceId,
              brand: product?.vendor ?? '',
              itemClassification: 'BASE_PRODUCT',
              itemName: product
                ? `${product.title}${variant.title ? ` - ${variant.title}` : ''}`
                : variant.title,
              manufacturer: product?.vendor ?? '',
            },
          ],
        }
      : {}),
    ...(included.has('identifiers') && variant.barcode
      ? {
          identifiers: [
            { marketplaceId, identifiers: [{ identifierType: 'EAN', identifier: variant.barcode }] },
          ],
        }
      : {}),
  };
}
