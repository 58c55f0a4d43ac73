import type { AdsPlatform, HashedIdentifiers } from './identifiers';

/**
 * An ads platform's customer-list audience API behind the ads channel. Members are sent hashed only
 * (`hashIdentifiers`); `audience` is the platform's audience id. Both calls throw `ProviderError`
 * (`retryable` for throttling and server errors). `createHttpAdsAudienceProvider` is the reference.
 */
export interface AdsAudienceProvider {
  readonly platform: AdsPlatform;
  readonly name: string;
  addMembers(audience: string, members: readonly HashedIdentifiers[]): Promise<void>;
  removeMembers(audience: string, members: readonly HashedIdentifiers[]): Promise<void>;
}

/** What a platform said about one catalogue batch. */
export interface CatalogBatchResult {
  /** The platform's handles of the batches sent (Meta applies them asynchronously; look them up there). */
  handles: string[];
  /** Items the platform refused at once (unknown item, invalid value), with its message; the rest were accepted. */
  rejected: { sku: string; message: string }[];
}

/**
 * An ads platform's product catalogue behind item audiences (product sets): `pauseItems` takes SKUs out of
 * the ads that show the catalogue, `resumeItems` puts them back. `catalog` is the platform's catalogue id;
 * SKUs are the catalogue items' retailer ids. Both throw `ProviderError` (`retryable` for throttling and
 * server errors). `createHttpAdsCatalogProvider` is the reference.
 */
export interface AdsCatalogProvider {
  readonly platform: AdsPlatform;
  readonly name: string;
  pauseItems(catalog: string, skus: readonly string[]): Promise<CatalogBatchResult>;
  resumeItems(catalog: string, skus: readonly string[]): Promise<CatalogBatchResult>;
}
