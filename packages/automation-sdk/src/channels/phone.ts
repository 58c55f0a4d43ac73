import {
  type CountryCode,
  isSupportedCountry,
  ParseError,
  parsePhoneNumberWithError,
} from 'libphonenumber-js/max';
import { InvalidPhoneNumberError } from './errors';

/**
 * A phone number in E.164 (`+` country code, national number, no spaces), validated against the
 * numbering plan of its country with libphonenumber's full metadata.
 *
 * @param defaultCountry ISO 3166-1 alpha-2 country for numbers written without an international
 *   prefix (e.g. the store's or the customer's address country); such numbers are refused without it.
 * @throws InvalidPhoneNumberError when the number cannot exist
 * @example toE164('(650) 555-1212', 'US') // '+16505551212'
 * @example toE164('+49 151 2345 6789') // '+4915123456789'
 */
export function toE164(input: string, defaultCountry?: string | null): string {
  const country = defaultCountry?.toUpperCase();
  if (country !== undefined && !isSupportedCountry(country)) {
    throw new InvalidPhoneNumberError(input, `unknown country ${JSON.stringify(defaultCountry)}`);
  }
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(input.trim(), country as CountryCode | undefined);
  } catch (error) {
    if (error instanceof ParseError)
      throw new InvalidPhoneNumberError(input, describeParseError(error.message));
    throw error;
  }
  if (!parsed.isValid()) {
    throw new InvalidPhoneNumberError(
      input,
      `no such number in the numbering plan of ${parsed.country ?? `+${parsed.countryCallingCode}`}`,
    );
  }
  return parsed.number;
}

function describeParseError(code: string): string {
  switch (code) {
    case 'INVALID_COUNTRY':
      return 'no country code (write it as +<country code>… or give a default country)';
    case 'NOT_A_NUMBER':
      return 'not a phone number';
    case 'TOO_SHORT':
      return 'too short';
    case 'TOO_LONG':
      return 'too long';
    default:
      return code.toLowerCase().replace(/_/g, ' ');
  }
}
