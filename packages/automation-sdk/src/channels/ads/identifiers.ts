import { createHash } from 'node:crypto';
import { InvalidPhoneNumberError } from '../errors';
import { toE164 } from '../phone';

/** The ad platforms whose customer-list audiences Cartwire syncs. */
export type AdsPlatform = 'meta' | 'google';

/** SHA-256 hex digests of a person's normalized identifiers, as uploaded (and stored to remove them later). */
export interface HashedIdentifiers {
  email: string[];
  phone: string[];
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Both platforms: trim surrounding whitespace and lower-case.
 *
 * Meta: "Trim any leading and trailing spaces. Convert all characters to lowercase."
 * (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters,
 * the rules the Custom Audience API's "Hashing and Normalizing Data" section refers to:
 * https://developers.facebook.com/docs/marketing-api/custom-audience-api).
 * Google Customer Match: remove leading/trailing whitespace, lower-case, SHA-256
 * (https://developers.google.com/google-ads/api/docs/remarketing/audience-segments/customer-match/get-started).
 *
 * No Gmail dot or `+tag` rewriting: Google documents removing the dots before gmail.com/googlemail.com only
 * for enhanced conversions (https://developers.google.com/google-ads/api/docs/conversions/enhance-conversions),
 * not for Customer Match uploads, and neither platform documents stripping `+tag` suffixes, so doing it
 * here would hash an address the platform never normalizes that way and lose matches.
 */
export function normalizeAdsEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Meta: "Remove symbols, letters, and any leading zeros. Phone numbers must include a country code"
 * (example: US (650)555-1212 → 16505551212), i.e. the E.164 digits without '+'.
 * Google Customer Match: "Format phone numbers using the E.164 format", i.e. with the leading '+'.
 * @throws InvalidPhoneNumberError
 */
export function normalizeAdsPhone(
  platform: AdsPlatform,
  phone: string,
  defaultCountry?: string | null,
): string {
  const e164 = toE164(phone, defaultCountry);
  return platform === 'meta' ? e164.slice(1) : e164;
}

/**
 * The identifiers a platform matches on, normalized its way and hashed. A phone number that cannot exist
 * is left out (the email may still match) and reported in `skipped`.
 */
export function hashIdentifiers(
  platform: AdsPlatform,
  input: { emails: readonly string[]; phones: readonly string[]; defaultCountry?: string | null },
): { identifiers: HashedIdentifiers; skipped: string[] } {
  const emails = new Set<string>();
  const phones = new Set<string>();
  const skipped: string[] = [];
  for (const email of input.emails) {
    const normalized = normalizeAdsEmail(email);
    if (normalized.includes('@')) emails.add(sha256Hex(normalized));
    else skipped.push(email);
  }
  for (const phone of input.phones) {
    try {
      phones.add(sha256Hex(normalizeAdsPhone(platform, phone, input.defaultCountry)));
    } catch (error) {
      if (!(error instanceof InvalidPhoneNumberError)) throw error;
      skipped.push(phone);
    }
  }
  return { identifiers: { email: [...emails], phone: [...phones] }, skipped };
}
