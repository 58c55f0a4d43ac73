import type { RouteHandler } from '@hono/zod-openapi';
import type { AuthedEnv } from '../../http/app-env';
import { createRouter } from '../../http/create-router';
import { NotFoundError } from '../../http/problem';
import { providerCallbackPath } from '../../providers/provider-channels';
import {
  last4,
  type ProviderKind,
  type ProviderSettings,
  type StoredProvider,
} from '../../providers/provider-settings';
import { adsRoutes, pushRoutes, smsRoutes } from './provider-settings.routes';

export interface ProviderSettingsRouterDeps {
  settings: ProviderSettings;
  /** The public base URL callback URLs are built on (CARTWIRE_PUBLIC_URL). @default the request's origin */
  publicUrl?: string;
}

const secret = (value: string) => ({ configured: true as const, last4: last4(value) });
const times = (stored: StoredProvider) => ({
  createdAt: stored.createdAt.toISOString(),
  updatedAt: stored.updatedAt.toISOString(),
});

/**
 * `/v1/messaging-settings/{sms,push,ads}`: the tenant's own SMS, push and ads-audience providers (the
 * reference HTTP adapters), credentials encrypted and masked.
 */
export function createProviderSettingsRouter(deps: ProviderSettingsRouterDeps) {
  const { settings } = deps;
  const callbackUrl = (requestUrl: string, kind: 'sms' | 'push', tenantId: string) =>
    `${(deps.publicUrl ?? new URL(requestUrl).origin).replace(/\/+$/, '')}${providerCallbackPath(kind, tenantId)}`;

  const sms = (stored: StoredProvider<'sms'>, requestUrl: string) => ({
    object: 'sms_provider' as const,
    endpointUrl: stored.settings.endpointUrl,
    accountId: stored.settings.accountId,
    from: stored.settings.from,
    defaultCountry: stored.settings.defaultCountry,
    authToken: secret(stored.credentials.authToken),
    callbackUrl: callbackUrl(requestUrl, 'sms', stored.tenantId),
    ...times(stored),
  });
  const push = (stored: StoredProvider<'push'>, requestUrl: string, generated: string | null = null) => ({
    object: 'push_provider' as const,
    endpointUrl: stored.settings.endpointUrl,
    apiKey: secret(stored.credentials.apiKey),
    callbackSecret: {
      ...secret(stored.credentials.callbackSecret),
      ...(generated === null ? {} : { value: generated }),
    },
    callbackUrl: callbackUrl(requestUrl, 'push', stored.tenantId),
    ...times(stored),
  });
  const ads = (stored: StoredProvider<'ads'>) => ({
    object: 'ads_provider' as const,
    platform: 'meta' as const,
    endpointUrl: stored.settings.endpointUrl,
    audiences: stored.settings.audiences,
    defaultCountry: stored.settings.defaultCountry,
    catalog: stored.settings.catalog ?? null,
    accessToken: secret(stored.credentials.accessToken),
    ...times(stored),
  });

  const labels: Record<ProviderKind, string> = { sms: 'SMS', push: 'push', ads: 'ads' };
  async function configured<K extends ProviderKind>(tenantId: string, kind: K) {
    const stored = await settings.get(tenantId, kind);
    if (!stored) throw new NotFoundError(`No ${labels[kind]} provider is configured.`);
    return stored;
  }
  const remove =
    (kind: ProviderKind): RouteHandler<typeof smsRoutes.remove, AuthedEnv> =>
    async (c) => {
      if (!(await settings.remove(c.var.auth.tenantId, kind))) {
        throw new NotFoundError(`No ${labels[kind]} provider is configured.`);
      }
      return c.body(null, 204);
    };

  const getSms: RouteHandler<typeof smsRoutes.get, AuthedEnv> = async (c) =>
    c.json(sms(await configured(c.var.auth.tenantId, 'sms'), c.req.url), 200);
  const putSms: RouteHandler<typeof smsRoutes.put, AuthedEnv> = async (c) => {
    const { provider } = await settings.put(c.var.auth.tenantId, 'sms', c.req.valid('json'));
    return c.json(sms(provider, c.req.url), 200);
  };
  const getPush: RouteHandler<typeof pushRoutes.get, AuthedEnv> = async (c) =>
    c.json(push(await configured(c.var.auth.tenantId, 'push'), c.req.url), 200);
  const putPush: RouteHandler<typeof pushRoutes.put, AuthedEnv> = async (c) => {
    const { provider, generatedCallbackSecret } = await settings.put(
      c.var.auth.tenantId,
      'push',
      c.req.valid('json'),
    );
    return c.json(push(provider, c.req.url, generatedCallbackSecret), 200);
  };
  const getAds: RouteHandler<typeof adsRoutes.get, AuthedEnv> = async (c) =>
    c.json(ads(await configured(c.var.auth.tenantId, 'ads')), 200);
  const putAds: RouteHandler<typeof adsRoutes.put, AuthedEnv> = async (c) => {
    const { provider } = await settings.put(c.var.auth.tenantId, 'ads', c.req.valid('json'));
    return c.json(ads(provider), 200);
  };

  return createRouter<AuthedEnv>()
    .openapi(smsRoutes.get, getSms)
    .openapi(smsRoutes.put, putSms)
    .openapi(smsRoutes.remove, remove('sms'))
    .openapi(pushRoutes.get, getPush)
    .openapi(pushRoutes.put, putPush)
    .openapi(pushRoutes.remove, remove('push'))
    .openapi(adsRoutes.get, getAds)
    .openapi(adsRoutes.put, putAds)
    .openapi(adsRoutes.remove, remove('ads'));
}
