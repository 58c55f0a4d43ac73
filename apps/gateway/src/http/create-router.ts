import { OpenAPIHono } from '@hono/zod-openapi';
import type { Env, ValidationTargets } from 'hono';
import type { ZodError } from 'zod';
import { type FieldError, ValidationError } from './problem';

const LOCATION: Record<keyof ValidationTargets, FieldError['in']> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'param',
  header: 'header',
  cookie: 'cookie',
};

/** zod issues → one entry per failing field, named the way the client sent it. */
export function toFieldErrors(target: keyof ValidationTargets, error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    in: LOCATION[target],
    path: issue.path.map(String).join('.'),
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * Every router of the gateway comes from here, so every route shares one validation hook: a request
 * that fails its zod schema becomes a 400 problem+json listing each failing field.
 *
 * @example const router = createRouter<AuthedEnv>().openapi(getTenantRoute, getTenant);
 */
export function createRouter<E extends Env>() {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) throw new ValidationError(toFieldErrors(result.target, result.error));
    },
  });
}
