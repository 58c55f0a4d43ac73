import type { Logger } from '../logger';

/** Who is calling, set by the API key middleware on every `/v1` request. */
export interface AuthContext {
  readonly tenantId: string;
  readonly apiKeyId: string;
  readonly mode: 'test' | 'live';
}

/** Variables every request carries (set by request-context.ts). */
export interface RequestVariables {
  requestId: string;
  logger: Logger;
}

export interface AppEnv {
  Variables: RequestVariables & { auth?: AuthContext };
}

/** Env of routers mounted behind the API key middleware: `c.var.auth` is always there. */
export interface AuthedEnv {
  Variables: RequestVariables & { auth: AuthContext };
}
