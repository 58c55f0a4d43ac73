import { createMiddleware } from 'hono/factory';
import type { AppEnv, AuthContext } from '../http/app-env';
import { UnauthorizedError } from '../http/problem';

/** Resolves a presented secret to its tenant, or null when unknown or revoked. */
export type VerifyApiKey = (secret: string) => Promise<AuthContext | null>;

/** `cw_test_` or `cw_live_` followed by the random part; anything else is refused without a lookup. */
const API_KEY_FORMAT = /^cw_(test|live)_[A-Za-z0-9_-]{16,128}$/;

/**
 * `Authorization: Bearer cw_…` → `c.var.auth`. Missing, malformed, unknown and revoked keys all get
 * 401 with `WWW-Authenticate: Bearer`; the detail says which, never whether a key exists elsewhere.
 */
export function apiKeyAuth(verifyApiKey: VerifyApiKey) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined || header.trim() === '') {
      throw new UnauthorizedError('Send your secret API key as `Authorization: Bearer cw_test_…`.');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const secret = match?.[1];
    if (secret === undefined) {
      throw new UnauthorizedError('The Authorization header must use the Bearer scheme: `Bearer cw_test_…`.');
    }
    if (!API_KEY_FORMAT.test(secret)) {
      throw new UnauthorizedError(
        'That is not a Cartwire API key (they start with `cw_test_` or `cw_live_`).',
      );
    }
    const auth = await verifyApiKey(secret);
    if (auth === null) throw new UnauthorizedError('This API key is invalid or has been revoked.');
    c.set('auth', auth);
    await next();
  });
}
