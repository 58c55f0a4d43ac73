import { z } from 'zod';
import { tokenExchangeAuth } from '../engine/auth';
import { AuthError } from '../engine/errors';
import { type AmazonCredentials, lwaTokenUrl } from './credentials';

/** SP-API requires a user agent naming the application. */
export const AMAZON_USER_AGENT = 'Cartwire/0.1 (Language=TypeScript)';

const LwaTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
});

/**
 * Login with Amazon: the refresh token is exchanged for a one-hour access token, cached per store
 * until shortly before it expires (the engine's refresh skew) and exchanged again after a 401 or an
 * expired-token 403. The token goes in `x-amz-access-token`; no SigV4 signing since 2023-10-02.
 */
export const lwaAuth = tokenExchangeAuth<AmazonCredentials>({
  key: 'lwa_access_token',
  async exchange(context) {
    const { credentials } = context;
    const response = await context.exchange({
      operation: 'lwaToken',
      method: 'POST',
      url: lwaTokenUrl(credentials),
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      form: {
        grant_type: 'refresh_token',
        refresh_token: credentials.refreshToken,
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      },
    });
    const parsed = LwaTokenResponse.safeParse(response.body);
    if (!parsed.success) {
      throw new AuthError('LWA token response without access_token', {
        platform: 'amazon',
        storeId: context.storeId,
        operation: 'lwaToken',
      });
    }
    return { token: parsed.data.access_token, expiresInSeconds: parsed.data.expires_in };
  },
  apply: (token) => ({ headers: { 'x-amz-access-token': token, 'user-agent': AMAZON_USER_AGENT } }),
});
