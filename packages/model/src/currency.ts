import { z } from 'zod';

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'expected an ISO-4217 currency code such as "EUR"')
  .describe('ISO-4217 alphabetic currency code, upper case (e.g. "USD", "EUR", "JPY").');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

// Minor-unit exponents from the ISO-4217 list where they differ from the usual 2.
const ZERO_DECIMAL = [
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'UYI',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
];
const THREE_DECIMAL = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
const FOUR_DECIMAL = ['CLF', 'UYW'];

const DECIMALS = new Map<string, number>([
  ...ZERO_DECIMAL.map((code) => [code, 0] as const),
  ...THREE_DECIMAL.map((code) => [code, 3] as const),
  ...FOUR_DECIMAL.map((code) => [code, 4] as const),
]);

/** Number of minor-unit digits for a currency (JPY 0, USD 2, KWD 3); 2 for codes not listed otherwise. */
export function currencyDecimals(code: string): number {
  return DECIMALS.get(code.toUpperCase()) ?? 2;
}
