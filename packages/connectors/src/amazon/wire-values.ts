import { type Money, money } from '@cartwire/model';

/** Amazon instants (`2024-12-25T09:15:00Z`, `…+00:00`, `….284Z`) → ISO-8601 UTC with milliseconds. */
export function amazonInstant(value: string): string {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`not an Amazon date-time: ${value}`);
  return new Date(ms).toISOString();
}

export function textOrNull(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Default currency of the main marketplaces, for orders that carry no money yet (Pending on v0). */
const MARKETPLACE_CURRENCY: Record<string, string> = {
  ATVPDKIKX0DER: 'USD',
  A2EUQ1WTGCTBG2: 'CAD',
  A1AM78C64UM0Y8: 'MXN',
  A2Q3Y263D00KWC: 'BRL',
  A1F83G8C2ARO7P: 'GBP',
  A1PA6795UKMFR9: 'EUR',
  A13V1IB3VIYZZH: 'EUR',
  APJ6JRA9NG5V4: 'EUR',
  A1RKKUPIHCS9HS: 'EUR',
  A1805IZSGTT6HS: 'EUR',
  A2NODRKZP88ZB9: 'SEK',
  A1C3SOZRARQ6R3: 'PLN',
  A21TJRUUN4KGV: 'INR',
  A1VC38T7YXB528: 'JPY',
  A39IBJ37TRP1C6: 'AUD',
  A19VAU5U5O7RUS: 'SGD',
};

export function marketplaceCurrency(marketplaceId: string | undefined): string {
  return MARKETPLACE_CURRENCY[marketplaceId ?? ''] ?? 'USD';
}

/** Absolute value of an Amazon amount (discounts arrive negative). */
export function absMoney(amount: string, currency: string): Money {
  return money(amount.replace(/^-/, ''), currency);
}
