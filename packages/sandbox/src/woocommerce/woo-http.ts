import type { Context } from 'hono';
import type { z } from 'zod';
import { currencyDigits } from '../store/money';
import type { SandboxStore } from '../store/sandbox-store';
import { phpJsonEncode } from './php-json';
import type { WooAuthenticator } from './woo-auth';
import { invalidParams, WooRestError } from './woo-errors';
import type { WooRenderContext } from './woo-format';

export interface WooRouteDeps {
  store: SandboxStore;
  authenticate: WooAuthenticator;
  timeZone: string;
  salesIndex: (productId: number) => number;
}

/** A WordPress REST JSON response, encoded byte-for-byte like `wp_json_encode`. */
export function wooJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(phpJsonEncode(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=UTF-8', ...headers },
  });
}

export function requestUrl(c: Context): URL {
  return new URL(c.req.url);
}

/** Authenticates the request for `access` and returns the render context for its response. */
export function authorize(c: Context, deps: WooRouteDeps, access: 'read' | 'write'): WooRenderContext {
  const url = requestUrl(c);
  deps.authenticate({ method: c.req.method, url, authorization: c.req.header('Authorization') }, access);
  const dpRaw = url.searchParams.get('dp');
  // `dp` defaults to the store's price decimals (2 for most currencies, 0 for JPY).
  const dp =
    dpRaw !== null && /^\d+$/.test(dpRaw) && Number(dpRaw) <= 10
      ? Number(dpRaw)
      : currencyDigits(deps.store.shop.currency);
  // Links point back at the host the client used, so Link headers and `_links` are followable.
  return { siteUrl: url.origin, timeZone: deps.timeZone, dp };
}

export function pathId(c: Context, name: string, notFound: () => WooRestError): number {
  const raw = c.req.param(name) ?? '';
  if (!/^\d+$/.test(raw)) throw notFound();
  return Number(raw);
}

/** Parses and validates a JSON body; WordPress answers malformed JSON with `rest_invalid_json`. */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new WooRestError(400, 'rest_invalid_json', 'Invalid JSON body passed.');
    }
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'body');
      problems[name] ??= `${name} is invalid: ${issue.message}`;
    }
    throw invalidParams(problems);
  }
  return parsed.data;
}
