import { z } from 'zod';
import type { CustomPage, CustomStreamContext } from '../../engine/connector';
import { paginate } from '../../engine/pagination/paginate';
import { WooSettings } from '../credentials';
import { arrayBody, listRequest, wooPagination } from './list-request';

const CurrencySetting = z.object({ value: z.string().regex(/^[A-Z]{3}$/) });

/** The shop currency: from the store settings, else `settings/general/woocommerce_currency`. */
export async function shopCurrency(context: Pick<CustomStreamContext, 'store' | 'request'>): Promise<string> {
  const configured = WooSettings.parse(context.store.settings).currency;
  if (configured !== undefined) return configured;
  const response = await context.request({
    operation: 'settings.currency',
    path: '/settings/general/woocommerce_currency',
  });
  return CurrencySetting.parse(response.body).value;
}

const VariableHead = z.object({
  id: z.number().int(),
  type: z.literal('variable'),
  variations: z.array(z.number()).min(1),
});

/** Every variation of a product, all pages. */
export async function readVariations(
  context: Pick<CustomStreamContext, 'request'>,
  productId: number,
): Promise<unknown[]> {
  const variations: unknown[] = [];
  for await (const page of paginate({
    pagination: wooPagination,
    base: listRequest('products.variations.list', `/products/${productId}/variations`, null),
    start: null,
    send: context.request,
    records: arrayBody,
  })) {
    variations.push(...page.records);
  }
  return variations;
}

/**
 * A raw product with what mapping it needs. Variations are read only for variable products that
 * have some; a record that is not even a product is passed on as is, for the stream's schema to
 * report.
 */
async function withVariations(
  context: Pick<CustomStreamContext, 'request'>,
  product: unknown,
  currency: string,
): Promise<unknown> {
  const head = VariableHead.safeParse(product);
  const variations = head.success ? await readVariations(context, head.data.id) : [];
  return { product, variations, currency };
}

/**
 * Products page by page (resumable at the page), each with its variations and the shop currency:
 * the records of the products and inventory streams.
 */
export async function* catalogPages(context: CustomStreamContext): AsyncIterable<CustomPage> {
  const currency = await shopCurrency(context);
  for await (const page of paginate({
    pagination: wooPagination,
    base: listRequest('products.list', '/products', context.since),
    start: context.resumeFrom,
    send: context.request,
    records: arrayBody,
  })) {
    const records = await Promise.all(
      page.records.map((product) => withVariations(context, product, currency)),
    );
    yield { records, next: page.next };
  }
}
