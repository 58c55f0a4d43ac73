import type { ManualClock } from '../store/clock';
import { currencyDigits, formatScaled, multiplyMinor, toMinor } from '../store/money';
import type { SandboxStore } from '../store/sandbox-store';
import type { ProductOption } from '../store/types';
import { DAY, HOUR, randomAddress, usdCentsIn } from './context';
import { createWeightedSampler, type Random } from './random';
import type { Timeline } from './timeline';
import type { CountryProfile } from './vocabulary';
import { CATEGORY_NAMES, COLORS, PRODUCT_ADJECTIVES, PRODUCT_NOUNS, SIZES, VENDORS } from './vocabulary';

export interface SeededCatalog {
  locationIds: number[];
  pickVariant(at: number): number;
  giftVariantId: number;
  giftCardVariantId: number;
}

interface CatalogInput {
  store: SandboxStore;
  random: Random;
  clock: ManualClock;
  timeline: Timeline;
  home: CountryProfile;
  currency: string;
  productCount: number;
  start: number;
  now: number;
}

/** A 13-digit EAN with a valid check digit. */
function ean13(random: Random): string {
  const digits = Array.from({ length: 12 }, () => random.int(0, 9));
  const sum = digits.reduce((acc, digit, index) => acc + digit * (index % 2 === 0 ? 1 : 3), 0);
  return `${digits.join('')}${(10 - (sum % 10)) % 10}`;
}

/** Retail-looking price in US cents, log-uniform between $5 and $250. */
function retailCents(random: Random): number {
  const dollars = Math.floor(Math.exp(random.float(Math.log(5), Math.log(250))));
  return dollars * 100 + random.pick([0, 0, 50, 95, 99]);
}

function optionsFor(random: Random): ProductOption[] {
  const kind = random.next();
  if (kind < 0.45) return [];
  const first = random.int(0, 2);
  const sizes = { name: 'Size', values: SIZES.slice(first, first + random.int(2, 3)) };
  if (kind < 0.8) return [sizes];
  const colorStart = random.int(0, COLORS.length - 2);
  return [sizes, { name: 'Color', values: COLORS.slice(colorStart, colorStart + 2) }];
}

function combinations(options: ProductOption[]): string[][] {
  return options.reduce<string[][]>(
    (rows, option) => rows.flatMap((row) => option.values.map((value) => [...row, value])),
    [[]],
  );
}

/**
 * Categories, two locations and a catalogue, created before the order history starts; a few popular
 * products are scheduled for deletion near the end so old order lines point at missing products.
 */
export function seedCatalog(input: CatalogInput): SeededCatalog {
  const { store, random, clock, currency } = input;
  const digits = currencyDigits(currency);
  let at = input.start - 200 * DAY;
  const tick = (ms: number) => {
    at += ms;
    clock.set(at);
  };

  tick(0);
  const categoryIds = CATEGORY_NAMES.map((name) => {
    tick(HOUR);
    return store.createCategory({ name, description: `${name} from independent makers` }).id;
  });
  const contact = { firstName: '', lastName: '' };
  tick(HOUR);
  const warehouse = store.createLocation({
    name: 'Main Warehouse',
    address: randomAddress(random, input.home, contact, ''),
  });
  tick(HOUR);
  const shop = store.createLocation({
    name: 'Flagship Store',
    address: randomAddress(random, input.home, contact, ''),
  });
  const locationIds = [warehouse.id, shop.id];

  const regular = Math.max(1, input.productCount - 2);
  const spacing = Math.floor((190 * DAY) / regular);
  const usedTitles = new Set<string>();
  const sellable: number[] = [];
  const variantsByProduct = new Map<number, number[]>();
  for (let index = 0; index < regular; index++) {
    tick(spacing);
    let title = `${random.pick(PRODUCT_ADJECTIVES)} ${random.pick(PRODUCT_NOUNS)}`;
    if (usedTitles.has(title)) title = `${title} No. ${index + 1}`;
    usedTitles.add(title);
    const options = optionsFor(random);
    const baseCents = retailCents(random);
    const costShare = random.float(0.3, 0.55).toFixed(2);
    const statusDraw = random.next();
    const status = statusDraw < 0.9 ? 'active' : statusDraw < 0.95 ? 'draft' : 'archived';
    const skuPrefix = `SKU-${String(index + 1).padStart(4, '0')}`;
    const product = store.createProduct({
      title,
      descriptionHtml: `<p>${title}: made to last, shipped in recycled packaging.</p>`,
      vendor: random.pick(VENDORS),
      productType: random.pick(CATEGORY_NAMES),
      categoryIds: [
        random.pick(categoryIds),
        ...(random.chance(0.3) ? [random.pick(categoryIds)] : []),
      ].filter((id, position, all) => all.indexOf(id) === position),
      tags: random.chance(0.3) ? ['bestseller'] : [],
      status,
      options,
      imageUrls: [`https://cdn.${store.shop.domain}/products/${index + 1}-1.jpg`],
      variants: combinations(options).map((values, position) => {
        const cents = baseCents + (values.includes('XL') ? 200 : 0);
        const price = usdCentsIn(cents, currency);
        const priceMinor = toMinor(price, currency);
        return {
          sku: values.length > 0 ? `${skuPrefix}-${position + 1}` : skuPrefix,
          barcode: ean13(random),
          options: values,
          price,
          compareAtPrice: random.chance(0.12)
            ? formatScaled(multiplyMinor(priceMinor, '1.25'), digits)
            : null,
          unitCost: formatScaled(multiplyMinor(priceMinor, costShare), digits),
          weightGrams: random.int(80, 2500),
          stock: {
            [warehouse.id]: random.chance(0.05) ? 0 : random.int(10, 150),
            [shop.id]: random.int(0, 40),
          },
        };
      }),
    });
    if (status === 'active') sellable.push(product.id);
    variantsByProduct.set(product.id, product.variantIds);
  }

  tick(HOUR);
  const gift = store.createProduct({
    title: 'Free Tote Bag 🎁',
    descriptionHtml: '<p>A thank-you gift with qualifying orders.</p>',
    vendor: store.shop.name,
    productType: 'Gifts',
    tags: ['gift'],
    variants: [
      { sku: 'GIFT-TOTE', price: '0', unitCost: usdCentsIn(150, currency), stock: { [warehouse.id]: 5000 } },
    ],
  });
  tick(HOUR);
  const giftCard = store.createProduct({
    title: 'Digital Gift Card',
    descriptionHtml: '<p>Delivered by email.</p>',
    vendor: store.shop.name,
    productType: 'Gift Cards',
    variants: [
      {
        sku: 'GIFTCARD-25',
        price: usdCentsIn(2500, currency),
        requiresShipping: false,
        inventoryTracked: false,
        taxable: false,
      },
    ],
  });

  // Popularity follows a Zipf-like curve over a shuffled catalogue.
  const ranked = sellable.map((id) => ({ id, key: random.next() }));
  ranked.sort((a, b) => a.key - b.key);
  const popularity = ranked.map((_, rank) => 1 / (rank + 1) ** 1.1);
  const sample = createWeightedSampler(popularity);

  // Delete a few well-selling products near the end of the history.
  const deletedAt = new Map<number, number>();
  const deletions = Math.max(1, Math.round(sellable.length * 0.03));
  const candidates = ranked.slice(1, Math.max(2, Math.ceil(ranked.length * 0.4)));
  for (let i = 0; i < deletions && candidates.length > 0; i++) {
    const [victim] = candidates.splice(random.int(0, candidates.length - 1), 1);
    if (!victim) break;
    const when = input.now - random.int(1, 10) * DAY - random.int(0, 23) * HOUR;
    deletedAt.set(victim.id, when);
    input.timeline.schedule(when, () => store.deleteProduct(victim.id));
  }

  // Occasional price moves during the history: markdowns shown against the old price, or increases.
  for (const productId of sellable) {
    for (const variantId of variantsByProduct.get(productId)!) {
      if (!random.chance(0.04)) continue;
      const when = random.int(input.start, input.now - HOUR);
      const markdown = random.chance(0.6);
      const factor = markdown ? random.pick(['0.8', '0.85', '0.9']) : random.pick(['1.05', '1.1']);
      input.timeline.schedule(when, () => {
        const variant = store.getVariant(variantId);
        if (!variant) return;
        const old = toMinor(variant.price, currency);
        store.changePrice(variantId, {
          price: formatScaled(multiplyMinor(old, factor), digits),
          compareAtPrice: markdown ? variant.price : null,
        });
      });
    }
  }

  const pickVariant = (time: number): number => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const productId = ranked[sample(random)]!.id;
      const gone = deletedAt.get(productId);
      if (gone !== undefined && gone <= time) continue;
      return random.pick(variantsByProduct.get(productId)!);
    }
    const alive = ranked.find((entry) => !deletedAt.has(entry.id))!;
    return variantsByProduct.get(alive.id)![0]!;
  };

  return {
    locationIds,
    pickVariant,
    giftVariantId: gift.variantIds[0]!,
    giftCardVariantId: giftCard.variantIds[0]!,
  };
}
