import { z } from 'zod';
import type { CustomStreamContext } from '../engine/connector';
import { InvalidPayloadError } from '../engine/errors';

const RdtResponse = z.object({ restrictedDataToken: z.string().min(1), expiresIn: z.number().positive() });

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
      body: {
        restrictedResources: [
          { method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] },
        ],
      },
    });
    const parsed = RdtResponse.safeParse(response.body);
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
