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
