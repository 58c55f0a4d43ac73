import type { Classification, ClassifyContext } from '../engine/classify';
import { errorMessageFromBody } from '../engine/classify';
import type { AttemptOutcome } from '../engine/http-types';

function errorCodes(body: unknown): { code: string; details: string }[] {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors))
    return [];
  return body.errors.map((entry: unknown) => {
    const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    return {
      code: typeof record.code === 'string' ? record.code : '',
      details: typeof record.details === 'string' ? record.details : '',
    };
  });
}

/** OAuth 2.0 token errors (RFC 6749 §5.2) meaning the credentials themselves were refused. */
const LWA_CREDENTIAL_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

function oauthError(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  return typeof body.error === 'string' ? body.error : null;
}

/**
 * SP-API specifics on top of the default rules: an expired access token comes back as 403
 * `Unauthorized` ("The access token you provided has expired."), which is worth one token refresh;
 * `QuotaExceeded` is rate_limited whatever the status (the 429 carries no Retry-After, so the engine
 * backs off). Everything else follows the defaults (400 InvalidInput → invalid_payload, 500
 * InternalFailure → retry, 404 → not_found). Login with Amazon answers a revoked refresh token or a
 * wrong client secret with an OAuth 2.0 error (400 `invalid_grant`, 401 `invalid_client`): auth, so a
 * store connected with them is refused as bad credentials, not as a bad request.
 */
export function classifyAmazon(
  outcome: AttemptOutcome,
  context: ClassifyContext,
): Classification | undefined {
  if (outcome.kind !== 'response') return undefined;
  const { status, body } = outcome.response;
  const errors = errorCodes(body);
  const reason = `HTTP ${status}: ${errorMessageFromBody(body) ?? 'no error message'}`;
  const tokenError = status === 400 || status === 401 ? oauthError(body) : null;
  if (tokenError !== null && LWA_CREDENTIAL_ERRORS.has(tokenError)) {
    return { action: 'fail', errorClass: 'auth', reason: `HTTP ${status}: LWA ${tokenError}` };
  }
  if (errors.some((error) => error.code === 'QuotaExceeded')) {
    return { action: 'rate_limited', errorClass: 'rate_limited', reason };
  }
  if (
    status === 403 &&
    context.refreshableAuth &&
    errors.some((error) => error.code === 'Unauthorized' && /expired/i.test(error.details))
  ) {
    return { action: 'refresh_auth', errorClass: 'auth', reason };
  }
  return undefined;
}
