import { ProviderError } from '../errors';
import { type ProviderHttpOptions, providerRequest } from '../provider-http';
import type { AdsAudienceProvider } from './ads-provider';
import type { HashedIdentifiers } from './identifiers';

export interface HttpAdsAudienceProviderOptions extends ProviderHttpOptions {
  /** Graph API base including the version, e.g. `https://graph.facebook.com/v21.0`. */
  baseUrl: string;
  /** A system-user access token with ads_management on the audience's ad account (bearer). */
  accessToken: string;
  /** @default 'meta-custom-audience' */
  name?: string;
}

/**
 * Graph API error codes that mean "slow down" even when they come with HTTP 400: app, user and page limits
 * (4, 17, 32, 613) and the business use case limits of custom audiences (80003), catalogues (80009) and
 * the catalogue batch API (80014).
 */
const THROTTLING_CODES = new Set(['4', '17', '32', '613', '80003', '80009', '80014']);

/** A Graph API error with a throttling code is retryable whatever its HTTP status says. */
export function asGraphError(error: unknown): unknown {
  if (error instanceof ProviderError && error.providerCode && THROTTLING_CODES.has(error.providerCode)) {
    return new ProviderError(error.message, true, error.status, error.providerCode, error.retryAfterSeconds);
  }
  return error;
}

/** One row per person; extra emails/phones of the same person go in further rows (Meta dedupes rows). */
function rowsOf(members: readonly HashedIdentifiers[]): string[][] {
  const rows: string[][] = [];
  for (const member of members) {
    const count = Math.max(member.email.length, member.phone.length, 1);
    for (let i = 0; i < count; i++) rows.push([member.email[i] ?? '', member.phone[i] ?? '']);
  }
  return rows;
}

/**
 * Reference ads audience adapter in the shape of Meta's Custom Audience users edge: `POST` (add) and
 * `DELETE` (remove) `{baseUrl}/{audienceId}/users` with `{ payload: { schema: ['EMAIL_SHA256',
 * 'PHONE_SHA256'], data: [[emailHash, phoneHash], …] } }`, at most 10,000 rows per request (Meta's
 * limit). Graph errors come as `{ error: { message, code } }`; throttling codes are retryable.
 */
export function createHttpAdsAudienceProvider(options: HttpAdsAudienceProviderOptions): AdsAudienceProvider {
  const name = options.name ?? 'meta-custom-audience';
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call(method: 'POST' | 'DELETE', audience: string, members: readonly HashedIdentifiers[]) {
    const rows = rowsOf(members);
    for (let start = 0; start < rows.length; start += 10_000) {
      try {
        await providerRequest(name, options, {
          method,
          url: `${base}/${encodeURIComponent(audience)}/users`,
          headers: {
            authorization: `Bearer ${options.accessToken}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({
            payload: { schema: ['EMAIL_SHA256', 'PHONE_SHA256'], data: rows.slice(start, start + 10_000) },
          }),
        });
      } catch (error) {
        throw asGraphError(error);
      }
    }
  }

  return {
    platform: 'meta',
    name,
    addMembers: (audience, members) => call('POST', audience, members),
    removeMembers: (audience, members) => call('DELETE', audience, members),
  };
}
