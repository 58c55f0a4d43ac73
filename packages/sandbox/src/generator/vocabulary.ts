// Word lists the generator draws from. Names deliberately include accents, non-Latin scripts and
// apostrophes, because connectors and templates break on exactly those.

export const FIRST_NAMES = [
  'Olivia',
  'Liam',
  'Emma',
  'Noah',
  'Ava',
  'Lucas',
  'Mia',
  'Ethan',
  'Sophia',
  'Mason',
  'Isabella',
  'Leo',
  'Charlotte',
  'Oscar',
  'Amelia',
  'Henry',
  'Chloé',
  'Zoë',
  'Jürgen',
  'François',
  'Søren',
  'Ångström',
  'José',
  'María',
  'Łukasz',
  'Ünal',
  'Siobhán',
  'Nnamdi',
  'Aarav',
  'Priya',
  'Hiroshi',
  'Yuki',
  '翔太',
  'さくら',
  'Дмитрий',
  'Анна',
  'Fatima',
  'Omar',
  'Kai',
  'Léa',
  'Björn',
  'Ines',
  'Mateo',
  'Nora',
  'Ada',
] as const;

export const LAST_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Martinez',
  'Wilson',
  'Anderson',
  'Taylor',
  'Müller',
  'Schröder',
  'Dubois',
  'Lefèvre',
  'Sørensen',
  'Nuñez',
  "O'Brien",
  'Kowalczyk',
  'Yılmaz',
  'Nakamura',
  '佐藤',
  '田中',
  'Иванов',
  'Okafor',
  'Patel',
  'Singh',
  'van der Berg',
  'García-Márquez',
  'Björklund',
  'Rossi',
  'Nguyễn',
  'Kim',
  'Lindqvist',
  'MacDonald',
  'Fernández',
] as const;

export interface CountryProfile {
  code: string;
  currency: string;
  locale: string;
  timeZone: string;
  /** Tax rate applied to orders shipped there, as a decimal fraction. */
  taxRate: string;
  phonePrefix: string;
  cities: readonly { city: string; province: string; provinceCode: string; postcode: string }[];
  streets: readonly string[];
}

export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: 'US',
    currency: 'USD',
    locale: 'en-US',
    timeZone: 'America/New_York',
    taxRate: '0.0725',
    phonePrefix: '+1415555',
    cities: [
      { city: 'San Francisco', province: 'California', provinceCode: 'CA', postcode: '94103' },
      { city: 'Brooklyn', province: 'New York', provinceCode: 'NY', postcode: '11201' },
      { city: 'Austin', province: 'Texas', provinceCode: 'TX', postcode: '78701' },
      { city: 'Portland', province: 'Oregon', provinceCode: 'OR', postcode: '97205' },
      { city: 'Chicago', province: 'Illinois', provinceCode: 'IL', postcode: '60607' },
    ],
    streets: ['Market St', 'Main St', 'Elm Ave', 'Congress Ave', 'Broadway'],
  },
  {
    code: 'CA',
    currency: 'CAD',
    locale: 'en-CA',
    timeZone: 'America/Toronto',
    taxRate: '0.13',
    phonePrefix: '+1416555',
    cities: [
      { city: 'Toronto', province: 'Ontario', provinceCode: 'ON', postcode: 'M5V 2T6' },
      { city: 'Montréal', province: 'Quebec', provinceCode: 'QC', postcode: 'H2X 1Y4' },
    ],
    streets: ['King St W', 'Rue Saint-Denis', 'Queen St E'],
  },
  {
    code: 'GB',
    currency: 'GBP',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    taxRate: '0.2',
    phonePrefix: '+44791100',
    cities: [
      { city: 'London', province: '', provinceCode: '', postcode: 'EC1V 9HX' },
      { city: 'Manchester', province: '', provinceCode: '', postcode: 'M1 1AE' },
    ],
    streets: ['High Street', 'Station Road', 'Church Lane'],
  },
  {
    code: 'DE',
    currency: 'EUR',
    locale: 'de-DE',
    timeZone: 'Europe/Berlin',
    taxRate: '0.19',
    phonePrefix: '+4915100',
    cities: [
      { city: 'Berlin', province: 'Berlin', provinceCode: 'BE', postcode: '10115' },
      { city: 'Köln', province: 'Nordrhein-Westfalen', provinceCode: 'NW', postcode: '50667' },
      { city: 'München', province: 'Bayern', provinceCode: 'BY', postcode: '80331' },
    ],
    streets: ['Hauptstraße', 'Schillerstraße', 'Gartenweg'],
  },
  {
    code: 'FR',
    currency: 'EUR',
    locale: 'fr-FR',
    timeZone: 'Europe/Paris',
    taxRate: '0.2',
    phonePrefix: '+3361200',
    cities: [
      { city: 'Paris', province: '', provinceCode: '', postcode: '75011' },
      { city: 'Lyon', province: '', provinceCode: '', postcode: '69002' },
    ],
    streets: ['Rue de la République', 'Avenue Jean Jaurès', 'Rue du Faubourg'],
  },
  {
    code: 'JP',
    currency: 'JPY',
    locale: 'ja-JP',
    timeZone: 'Asia/Tokyo',
    taxRate: '0.1',
    phonePrefix: '+8190120',
    cities: [{ city: '東京', province: 'Tokyo', provinceCode: 'JP-13', postcode: '150-0002' }],
    streets: ['渋谷 2-21-1', '神南 1-19-11'],
  },
];

/** Units of each currency per US dollar; the generator's prices are authored in USD cents. */
export const USD_RATES: Record<string, string> = {
  USD: '1',
  CAD: '1.36',
  GBP: '0.79',
  EUR: '0.92',
  JPY: '151',
  AUD: '1.52',
};

export const CATEGORY_NAMES = [
  'Apparel',
  'Footwear',
  'Home & Living',
  'Kitchen',
  'Outdoors',
  'Beauty',
  'Accessories',
  'Gifts',
] as const;

export const PRODUCT_ADJECTIVES = [
  'Classic',
  'Everyday',
  'Organic',
  'Vintage',
  'Ultralight',
  'Handmade',
  'Crème',
  'Nordic',
  'Café',
  'Merino',
  'Recycled',
  'Artisan',
  'Ærø',
  'Kyoto 京都',
  'Cosy',
  'Weatherproof',
  'Signature',
] as const;

export const PRODUCT_NOUNS = [
  'T-Shirt',
  'Hoodie',
  'Sneakers',
  'Boots',
  'Mug',
  'Candle',
  'Backpack',
  'Water Bottle',
  'Scarf',
  'Beanie',
  'Tote Bag',
  'Face Serum',
  'Hand Cream',
  'Chef Knife',
  'Cutting Board',
  'Blanket',
  'Tent',
  'Jacket',
  'Socks',
  'Sunglasses',
  'Wallet',
  'Teapot',
  'Notebook',
  'Lamp',
] as const;

export const VENDORS = [
  'Northwind Goods',
  'Atelier Lumière',
  'Fjord & Pine',
  'Kōbō Works',
  'Bright Harbor',
] as const;

export const SIZES = ['XS', 'S', 'M', 'L', 'XL'] as const;
export const COLORS = ['Black', 'Navy', 'Forest Green', 'Sand', 'Crimson', 'Off-White'] as const;

export const CARRIERS = [
  { name: 'UPS', url: 'https://www.ups.com/track?tracknum=' },
  { name: 'USPS', url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=' },
  { name: 'FedEx', url: 'https://www.fedex.com/fedextrack/?trknbr=' },
  { name: 'DHL Express', url: 'https://www.dhl.com/track?tracking-id=' },
] as const;

export const DISCOUNT_CODES = [
  { code: 'WELCOME10', type: 'percentage', value: '10' },
  { code: 'SPRING15', type: 'percentage', value: '15' },
  { code: 'SAVE5', type: 'fixed_amount', value: '5.00' },
  { code: 'VIP20', type: 'percentage', value: '20' },
] as const;

export const REFUND_REASONS = [
  'Item damaged in transit',
  'Wrong size',
  'Changed mind',
  'Late delivery',
] as const;

export const CUSTOMER_NOTES = [
  '',
  '',
  '',
  'Prefers email contact',
  'Wholesale enquiry 2025',
  'Leave parcels at the back door',
] as const;
