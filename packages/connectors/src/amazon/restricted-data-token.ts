import { z } from 'zod';
import type { CustomStreamContext } from '../engine/connector';
import { InvalidPayloadError } from '../engine/errors';

/** `POST /tokens/2021-03-01/restrictedDataToken` body. */
export const RestrictedDataTokenRequest = z.object({
  targetApplication: z.string().optional(),
  restrictedResources: z
    .array(
      z.object({
        method: z.enum(['GET', 'PUT', 'POST', 'DELETE']),
        path: z.string().startsWith('/'),
        dataElements: z.array(z.enum(['buyerInfo', 'shippingAddress', 'buyerTaxInformation'])).optional(),
      }),
    )
    .min(1)
    .max(50),
});
export type RestrictedDataTokenRequest = z.infer<typeof RestrictedDataTokenRequest>;

export const RestrictedDataTokenResponse = z.object({
  restrictedDataToken: z.string().min(1),
  expiresIn: z.number().positive(),
});

/** What the v0 order streams ask for: buyer info and shipping address on getOrders. */
export const ORDERS_RDT_REQUEST: RestrictedDataTokenRequest = {
  restrictedResources: [
    { method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] },
  ],
};

/** Renew a Restricted Data Token this long before it expires. */
const RENEW_BEFORE_MS = 5 * 60_000;

/**
 * A Restricted Data Token for Orders v0 `getOrders` with buyer info and shipping address, renewed
 * shortly before its hour runs out. Requests carrying it replace the LWA token with it.
 */
export function restrictedDataTokens(request: CustomStreamContext['request'], storeId: string) {
  let current: { token: string; expiresAt: number } | null = null;
  return async (): Promise<string> => {
    if (current && current.expiresAt - RENEW_BEFORE_MS > Date.now()) return current.token;
    const response = await request({
      operation: 'createRestrictedDataToken',
      method: 'POST',
      path: '/tokens/2021-03-01/restrictedDataToken',
      body: ORDERS_RDT_REQUEST,
    });
    const parsed = RestrictedDataTokenResponse.safeParse(response.body);
    if (!parsed.success) {
      throw new InvalidPayloadError('restrictedDataToken missing from the Tokens API response', {
        platform: 'amazon',
        storeId,
        operation: 'createRestrictedDataToken',
        status: response.status,
      });
    }
    current = {
      token: parsed.data.restrictedDataToken,
      expiresAt: Date.now() + parsed.data.expiresIn * 1000,
    };
    return current.token;
  };
}
