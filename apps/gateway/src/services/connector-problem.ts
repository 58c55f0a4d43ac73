import { type ConnectorError, isConnectorError } from '@cartwire/connectors';
import { ProblemError } from '../http/problem';

/**
 * A platform call that failed, as the API reports it: the platform refusing the request (credentials,
 * missing record, invalid payload) is the caller's to fix (422); the platform being down or throttling
 * is an upstream failure (502). The connector's error class travels as `connector_error`.
 */
export function connectorProblem(error: ConnectorError, what: string): ProblemError {
  const extensions = { connector_error: error.code, platform: error.platform };
  if (error.code === 'transient' || error.code === 'rate_limited') {
    const retryAfter: Record<string, string> =
      error.retryAfterMs === null ? {} : { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) };
    return new ProblemError('upstream_error', {
      detail: `${what}: the ${error.platform} API did not answer successfully (${error.code}).`,
      headers: retryAfter,
      extensions,
      cause: error,
    });
  }
  // A refused payload or a missing record is explained by the platform's own words (validation
  // messages, never credentials); auth failures are not echoed.
  const explained = error.code === 'invalid_payload' || error.code === 'not_found';
  return new ProblemError('platform_rejected', {
    detail: `${what}: the ${error.platform} API refused the request (${error.code}).`,
    extensions: explained ? { ...extensions, platform_message: error.message } : extensions,
    cause: error,
  });
}

/** Runs a platform call, turning a ConnectorError into the problem above; anything else propagates. */
export async function throughConnector<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isConnectorError(error)) throw connectorProblem(error, what);
    throw error;
  }
}
