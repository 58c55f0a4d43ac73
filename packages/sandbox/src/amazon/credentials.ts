import { randomBytes } from 'node:crypto';
import type { Clock } from '../store/clock';

/** Login with Amazon access tokens live one hour. */
export const LWA_TOKEN_SECONDS = 3600;
/** Restricted Data Tokens live one hour. */
export const RDT_SECONDS = 3600;

export interface RestrictedResource {
  method: string;
  path: string;
  dataElements?: string[];
}

interface IssuedToken {
  expiresAt: number;
  applicationId: string;
  /** Grantless (client_credentials) tokens have no seller and only reach their scope. */
  grantless: boolean;
  scope: string | null;
}

interface IssuedRdt {
  expiresAt: number;
  applicationId: string;
  resources: RestrictedResource[];
}

/** Who a request is authorised as, and which buyer PII it may see. */
export type Caller =
  | { ok: true; applicationId: string; rdt: RestrictedResource | null }
  | { ok: false; details: string };

function templateMatches(template: string, path: string): boolean {
  const a = template.split('/');
  const b = path.split('/');
  return a.length === b.length && a.every((part, index) => /^\{.+\}$/.test(part) || part === b[index]);
}

/** LWA access tokens and Restricted Data Tokens the emulator has issued. */
export class AmazonCredentials {
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #rdts = new Map<string, IssuedRdt>();

  constructor(private readonly clock: Clock) {}

  issueAccessToken(applicationId: string, scope: string | null): string {
    const token = `Atza|${randomBytes(48).toString('base64url')}`;
    this.#tokens.set(token, {
      expiresAt: this.clock.now() + LWA_TOKEN_SECONDS * 1000,
      applicationId,
      grantless: scope !== null,
      scope,
    });
    return token;
  }

  issueRdt(applicationId: string, resources: RestrictedResource[]): string {
    const token = `Atz.sprdt|${randomBytes(48).toString('base64url')}`;
    this.#rdts.set(token, { expiresAt: this.clock.now() + RDT_SECONDS * 1000, applicationId, resources });
    return token;
  }

  /** Checks `x-amz-access-token` for a request to `method path`, as SP-API does (403 on failure). */
  check(token: string | undefined, method: string, path: string): Caller {
    if (!token) return { ok: false, details: 'Access token is missing in the request header.' };
    const now = this.clock.now();
    const rdt = this.#rdts.get(token);
    if (rdt) {
      if (rdt.expiresAt <= now) return { ok: false, details: 'The access token you provided has expired.' };
      const resource = rdt.resources.find(
        (candidate) => candidate.method.toUpperCase() === method && templateMatches(candidate.path, path),
      );
      if (!resource) {
        return { ok: false, details: 'The restricted data token is not valid for the requested resource.' };
      }
      return { ok: true, applicationId: rdt.applicationId, rdt: resource };
    }
    const issued = this.#tokens.get(token);
    if (!issued)
      return { ok: false, details: 'The access token you provided is revoked, malformed or invalid.' };
    if (issued.expiresAt <= now) return { ok: false, details: 'The access token you provided has expired.' };
    if (issued.grantless) {
      return { ok: false, details: 'Access to requested resource is denied for a grantless token.' };
    }
    return { ok: true, applicationId: issued.applicationId, rdt: null };
  }
}
