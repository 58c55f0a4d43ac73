import type { ManualClock } from '../store/clock';
import { convertMinor, currencyDigits, formatScaled } from '../store/money';
import type { SandboxStore } from '../store/sandbox-store';
import type { Address } from '../store/types';
import type { Random } from './random';
import type { SizeProfile } from './sizes';
import type { Timeline } from './timeline';
import { COUNTRIES, type CountryProfile, FIRST_NAMES, LAST_NAMES, USD_RATES } from './vocabulary';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A planned customer; `id` is filled in when the creation runs on the timeline. */
export interface PlannedCustomer {
  createdAt: number;
  country: CountryProfile;
  id: number | undefined;
}

/** State shared by the seeding steps of one generation run. */
export interface GeneratorContext {
  store: SandboxStore;
  random: Random;
  timeline: Timeline;
  clock: ManualClock;
  profile: SizeProfile;
  currency: string;
  home: CountryProfile;
  now: number;
  /** Start of the order history. */
  start: number;
  locationIds: number[];
  customers: PlannedCustomer[];
  /** Draws a sellable variant id for an order or cart at time `at` (skips products deleted by then). */
  pickVariant(at: number): number;
  giftVariantId: number;
  giftCardVariantId: number;
  /** Inventory level ids with a restock already scheduled. */
  pendingRestocks: Set<number>;
}

export function countryForCurrency(currency: string): CountryProfile {
  return COUNTRIES.find((country) => country.currency === currency) ?? COUNTRIES[0]!;
}

/** A price authored in US cents, expressed in `currency` as a decimal string. */
export function usdCentsIn(cents: number, currency: string): string {
  const rate = USD_RATES[currency];
  if (rate === undefined) throw new RangeError(`The generator has no exchange rate for ${currency}`);
  return formatScaled(convertMinor(cents, 'USD', currency, rate), currencyDigits(currency));
}

/** Presentment units per shop unit, rendered with 6 decimals. */
export function exchangeRate(from: string, to: string): string {
  const fromRate = Number(USD_RATES[from] ?? '1');
  const toRate = Number(USD_RATES[to] ?? '1');
  return (toRate / fromRate).toFixed(6);
}

export function personName(random: Random): { firstName: string; lastName: string } {
  return { firstName: random.pick(FIRST_NAMES), lastName: random.pick(LAST_NAMES) };
}

/** Lower-case ASCII local part for an email; names in other scripts fall back to `fallback`. */
export function emailSafe(text: string, fallback: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
  return ascii || fallback;
}

export function randomAddress(
  random: Random,
  country: CountryProfile,
  name: { firstName: string; lastName: string },
  phone: string,
): Address {
  const place = random.pick(country.cities);
  return {
    firstName: name.firstName,
    lastName: name.lastName,
    company: random.chance(0.08) ? 'Acme GmbH' : '',
    address1: `${random.int(1, 999)} ${random.pick(country.streets)}`,
    address2: random.chance(0.2) ? `Apt ${random.int(1, 80)}` : '',
    city: place.city,
    province: place.province,
    provinceCode: place.provinceCode,
    postcode: place.postcode,
    countryCode: country.code,
    phone,
  };
}

export function randomPhone(random: Random, country: CountryProfile): string {
  return `${country.phonePrefix}${String(random.int(0, 9999)).padStart(4, '0')}`;
}

/** Random country: mostly the shop's home market, sometimes abroad. */
export function randomCountry(random: Random, home: CountryProfile): CountryProfile {
  return random.chance(0.7) ? home : random.pick(COUNTRIES);
}
