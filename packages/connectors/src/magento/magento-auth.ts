import { z } from 'zod';
import type { AuthDefinition, AuthStoreContext } from '../engine/auth';
import { InvalidPayloadError } from '../engine/errors';
import type { MagentoCredentials } from './credentials';
import { oauth1AuthorizationHeader } from './oauth1-signer';

/** Admin tokens live four hours (`oauth/access_token_lifetime/admin`). */
const ADMIN_TOKEN_LIFETIME_S = 4 * 60 * 60;
const ADMIN_TOKEN_KEY = 'admin_token';

async function exchangeAdminToken(context: AuthStoreContext<MagentoCredentials>): Promise<string> {
  const { auth } = context.credentials;
  if (auth.kind !== 'admin') throw new Error('admin token exchange without admin credentials');
  const response = await context.exchange({
    operation: 'integration.admin.token',
    method: 'POST',
    path: '/integration/admin/token',
    body: { username: auth.username, password: auth.password },
  });
  const token = z.string().min(1).safeParse(response.body);
  if (!token.success) {
    throw new InvalidPayloadError('magento admin token response is not a token string', {
      platform: 'magento',
      storeId: context.storeId,
      operation: 'integration.admin.token',
    });
  }
  return token.data;
}

/**
 * Magento auth by credential kind: OAuth 1.0a HMAC-SHA256 signatures over method, URL and query
 * (integrations, the default since 2.4.4); a static Bearer token; or an admin token exchanged from
 * username/password, cached per store and exchanged again on a 401 or shortly before its 4 h expiry.
 */
export const magentoAuth: AuthDefinition<MagentoCredentials> = {
  async authenticate(context) {
    const { auth } = context.credentials;
    switch (auth.kind) {
      case 'oauth1':
        return {
          headers: {
            authorization: oauth1AuthorizationHeader({
              method: context.request.method,
              url: context.request.url,
              credentials: auth,
              timestamp: Math.floor(context.now() / 1000),
            }),
          },
        };
      case 'bearer':
        return { headers: { authorization: `Bearer ${auth.token}` } };
      case 'admin': {
        const token = await context.tokens.get(ADMIN_TOKEN_KEY, async () => ({
          value: await exchangeAdminToken(context),
          expiresAt: context.now() + ADMIN_TOKEN_LIFETIME_S * 1000,
        }));
        return { headers: { authorization: `Bearer ${token}` } };
      }
    }
  },
  refresh(context) {
    // Only admin tokens can be renewed; for the other kinds the retry re-signs with a fresh nonce.
    context.tokens.invalidate(ADMIN_TOKEN_KEY);
  },
};
