import { z } from 'zod';
import { InvalidTimestampError } from './errors';

export const IsoDateTime = z.iso
  .datetime()
  .describe('ISO-8601 timestamp in UTC with a "Z" suffix, e.g. "2026-01-31T12:00:00Z".');
export type IsoDateTime = z.infer<typeof IsoDateTime>;

const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const NAIVE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;
const LEADING_DATE = /^(\d{4})-(\d{2})-(\d{2})/;

// Date parsing rolls impossible days over ("2024-02-30" becomes March 1st); refuse them instead.
function hasImpossibleDay(text: string): boolean {
  const match = LEADING_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month < 1 || month > 12 || day < 1 || day > daysInMonth;
}

/**
 * Converts a platform timestamp to ISO-8601 UTC ("…Z"). Accepts offsets ("2024-01-02T10:00:00-05:00",
 * Shopify REST), and zone-less values, which are read as UTC: Magento's "2024-01-02 15:00:00" and
 * WooCommerce's `*_gmt` fields are UTC without saying so. Also accepts a Date or epoch milliseconds.
 * @throws InvalidTimestampError
 */
export function toIsoUtc(input: string | number | Date): IsoDateTime {
  let date: Date;
  if (input instanceof Date) {
    date = new Date(input.getTime());
  } else if (typeof input === 'number') {
    date = new Date(input);
  } else if (typeof input === 'string') {
    const text = input.trim();
    if (hasImpossibleDay(text)) throw new InvalidTimestampError(input);
    if (HAS_ZONE.test(text)) {
      date = new Date(text);
    } else if (NAIVE.test(text)) {
      const [day, time = '00:00:00'] = text.split(/[T ]/);
      date = new Date(`${day}T${time}Z`);
    } else {
      throw new InvalidTimestampError(input);
    }
  } else {
    throw new InvalidTimestampError(input);
  }
  if (Number.isNaN(date.getTime())) throw new InvalidTimestampError(input);
  return date.toISOString();
}
