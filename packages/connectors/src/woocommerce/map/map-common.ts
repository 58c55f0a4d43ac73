import {
  type Address,
  EmailAddress,
  fromMinorUnits,
  type Money,
  money,
  toIsoUtc,
  toMinorUnits,
} from '@cartwire/model';
import { decodeHTML } from 'entities';
import { z } from 'zod';
import type { WooAddress } from '../raw/raw-common';

/** `""`, null and undefined all mean "not given" in WooCommerce payloads. */
export function blankToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A `*_gmt` field (UTC without a zone designator) as ISO-8601 UTC. */
export function gmtToIso(value: string): string {
  return toIsoUtc(value);
}

export function gmtToIsoOrNull(value: string | null | undefined): string | null {
  return value ? toIsoUtc(value) : null;
}

/** WooCommerce amounts: decimal strings (or the odd JSON number), signed. */
export function wooMoney(amount: string | number, currency: string): Money {
  return money(amount, currency);
}

/** Refund summaries and refund lines carry negative amounts; the model counts money returned as positive. */
export function absoluteMoney(amount: string, currency: string): Money {
  return money(amount.startsWith('-') ? amount.slice(1) : amount, currency);
}

/**
 * `total / quantity`, rounded half-up to the currency's minor units. Division is done on integer
 * minor units, so no float is involved.
 */
export function perUnit(total: Money, quantity: number): Money {
  const minor = toMinorUnits(total);
  const count = BigInt(quantity);
  const negative = minor < 0n;
  const magnitude = negative ? -minor : minor;
  const rounded = (2n * magnitude + count) / (2n * count);
  return fromMinorUnits(negative ? -rounded : rounded, total.currency);
}

/** Names come HTML-encoded from WordPress (`&ndash;`, `&amp;`); the model holds plain text. */
export function plainText(value: string): string {
  return decodeHTML(value).trim();
}

export function emailOrNull(value: string | null | undefined): string | null {
  const email = blankToNull(value);
  return email !== null && EmailAddress.safeParse(email).success ? email : null;
}

/** WooCommerce's `state` is a code for countries with a state list (`CA`, `RJ`) and free text otherwise. */
const STATE_CODE = /^[A-Z0-9]{1,3}$/;

export function toAddress(address: WooAddress): Address | null {
  const state = blankToNull(address.state);
  const country = blankToNull(address.country)?.toUpperCase() ?? null;
  const mapped: Address = {
    firstName: blankToNull(address.first_name),
    lastName: blankToNull(address.last_name),
    company: blankToNull(address.company),
    address1: blankToNull(address.address_1),
    address2: blankToNull(address.address_2),
    city: blankToNull(address.city),
    province: state !== null && !STATE_CODE.test(state) ? state : null,
    provinceCode: state !== null && STATE_CODE.test(state) ? state : null,
    postalCode: blankToNull(address.postcode),
    countryCode: country !== null && /^[A-Z]{2}$/.test(country) ? country : null,
    phone: blankToNull(address.phone),
  };
  return Object.values(mapped).every((part) => part === null) ? null : mapped;
}

const HttpUrl = z.url({ protocol: /^https?$/ });

/** An absolute http(s) URL, or null: links in payloads can be blank or relative. */
export function urlOrNull(value: string | null | undefined): string | null {
  const candidate = blankToNull(value);
  return candidate !== null && HttpUrl.safeParse(candidate).success ? candidate : null;
}
