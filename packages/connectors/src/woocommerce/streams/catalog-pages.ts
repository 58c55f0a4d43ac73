import { z } from 'zod';
import type { CustomPage, CustomStreamContext } from '../../engine/connector';
import { WooSettings } from '../credentials';
import { listPages, listRequest, readAll } from './list-request';

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

/** Every variation of a product, all pages. */
export function readVariations(
  context: Pick<CustomStreamContext, 'request' | 'store'>,
  productId: number,
): Promise<unknown[]> {
  return readAll(context, listRequest('products.variations.list', `/products/${productId}/variations`, null));
}

const VariableHead = z.object({
  id: z.number().int(),
  type: z.literal('variable'),
  variations: z.array(z.number()).min(1),
});

/**
 * Products page by page (resumable at the page), each with its variations (read only for variable
 * products that have some) and the shop currency: the records of the products and inventory
 * streams. A record that is not even a product is passed on as is, for the stream's schema to report.
 */
export async function* catalogPages(context: CustomStreamContext): AsyncIterable<CustomPage> {
  const currency = await shopCurrency(context);
  yield* listPages(context, listRequest('products.list', '/products', context.since), (products) =>
    Promise.all(
      products.map(async (product) => {
        const head = VariableHead.safeParse(product);
        const variations = head.success ? await readVariations(context, head.data.id) : [];
        return { product, variations, currency };
      }),
    ),
  );
}
