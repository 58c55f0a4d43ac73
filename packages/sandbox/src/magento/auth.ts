import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../store/clock';
import {
  hmacSignature,
  parseOAuthHeader,
  type SignatureMethod,
  signatureBaseString,
  signaturesEqual,
} from './oauth1-verifier';

/** The four credentials of a Magento integration (System › Extensions › Integrations). */
export interface IntegrationCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

/** Why a request was refused; each maps onto the message Magento answers 401 with. */
export type AuthFailure =
  | 'missing'
  | 'unknown_token'
  | 'expired_token'
  | 'integration_bearer_disabled'
  | 'bad_consumer'
  | 'bad_token'
  | 'bad_signature_method'
  | 'bad_signature'
  | 'bad_timestamp'
  | 'nonce_reused';

export type AuthResult = { ok: true } | { ok: false; failure: AuthFailure; parameters?: string[] };

/** Magento's admin tokens live 4 hours (`oauth/access_token_lifetime/admin`). */
export const ADMIN_TOKEN_TTL_MS = 4 * 60 * 60 * 1000;
/** OAuth timestamps further than this from the server clock are refused. */
export const OAUTH_TIMESTAMP_WINDOW_S = 600;

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface MagentoAuthOptions {
  clock: Clock;
  /** Bearer tokens that never expire (an integration token where bearer use is enabled, fixtures). */
  tokens: readonly string[];
  oauth?: IntegrationCredentials & { integrationAsBearer: boolean };
  admin?: { username: string; password: string };
}

/** Bearer-token store and OAuth 1.0a verifier of one emulated Magento instance. */
export class MagentoAuth {
  private readonly adminTokens = new Map<string, number>();
  private readonly nonces = new Map<string, number>();

  constructor(private readonly options: MagentoAuthOptions) {}

  /** `POST /V1/integration/admin/token`: a 32-character token valid for four hours, or null. */
  issueAdminToken(username: string, password: string): string | null {
    const admin = this.options.admin;
    if (!admin || !same(username, admin.username) || !same(password, admin.password)) return null;
    const token = randomBytes(16).toString('hex');
    this.adminTokens.set(token, this.options.clock.now() + ADMIN_TOKEN_TTL_MS);
    return token;
  }

  /** Checks one request's `Authorization` header; `form` is a form-encoded body's pairs. */
  check(
    method: string,
    url: URL,
    authorization: string | undefined,
    form: [string, string][] = [],
  ): AuthResult {
    if (!authorization) return { ok: false, failure: 'missing' };
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization);
    if (bearer?.[1]) return this.checkBearer(bearer[1].trim());
    const params = parseOAuthHeader(authorization);
    if (params) return this.checkOAuth(method, url, params, form);
    return { ok: false, failure: 'missing' };
  }

  private checkBearer(token: string): AuthResult {
    if (this.options.tokens.some((known) => same(token, known))) return { ok: true };
    const oauth = this.options.oauth;
    if (oauth && same(token, oauth.accessToken)) {
      // Since 2.4.4 an integration token is a bearer token only when the store enables it.
      return oauth.integrationAsBearer ? { ok: true } : { ok: false, failure: 'integration_bearer_disabled' };
    }
    const expiresAt = this.adminTokens.get(token);
    if (expiresAt === undefined) return { ok: false, failure: 'unknown_token' };
    if (expiresAt <= this.options.clock.now()) {
      this.adminTokens.delete(token);
      return { ok: false, failure: 'expired_token' };
    }
    return { ok: true };
  }

  private checkOAuth(
    method: string,
    url: URL,
    params: Map<string, string>,
    form: [string, string][],
  ): AuthResult {
    const oauth = this.options.oauth;
    const consumerKey = params.get('oauth_consumer_key') ?? '';
    if (!oauth || !same(consumerKey, oauth.consumerKey)) return { ok: false, failure: 'bad_consumer' };
    if (!same(params.get('oauth_token') ?? '', oauth.accessToken)) return { ok: false, failure: 'bad_token' };
    const signatureMethod = params.get('oauth_signature_method');
    if (signatureMethod !== 'HMAC-SHA256' && signatureMethod !== 'HMAC-SHA1') {
      return { ok: false, failure: 'bad_signature_method', parameters: [signatureMethod ?? ''] };
    }
    const nowS = Math.floor(this.options.clock.now() / 1000);
    const timestamp = Number(params.get('oauth_timestamp'));
    if (!Number.isInteger(timestamp) || Math.abs(nowS - timestamp) > OAUTH_TIMESTAMP_WINDOW_S) {
      return { ok: false, failure: 'bad_timestamp' };
    }
    const expected = hmacSignature(
      signatureMethod as SignatureMethod,
      signatureBaseString(method, url, params, form),
      oauth.consumerSecret,
      oauth.accessTokenSecret,
    );
    if (!signaturesEqual(params.get('oauth_signature') ?? '', expected))
      return { ok: false, failure: 'bad_signature' };
    // Checked after the signature so a forged request cannot burn a legitimate client's nonce.
    const nonce = params.get('oauth_nonce') ?? '';
    const nonceKey = `${consumerKey}\u0000${nonce}\u0000${timestamp}`;
    this.forgetOldNonces(nowS);
    if (nonce === '' || this.nonces.has(nonceKey)) {
      return { ok: false, failure: 'nonce_reused', parameters: [consumerKey] };
    }
    this.nonces.set(nonceKey, timestamp);
    return { ok: true };
  }

  private forgetOldNonces(nowS: number): void {
    if (this.nonces.size < 10_000) return;
    for (const [key, timestamp] of this.nonces) {
      if (nowS - timestamp > OAUTH_TIMESTAMP_WINDOW_S) this.nonces.delete(key);
    }
  }
}
