import {
  type ActionHandler,
  type AdsAudienceProvider,
  type AdsAudiences,
  type AdsCatalogProvider,
  type Channel,
  createAdsAudiences,
  createAdsCatalogItems,
  createEntityLiveData,
  createGovernanceGate,
  createGovernedChannel,
  createHttpAdsAudienceProvider,
  createHttpAdsCatalogProvider,
  createHttpPushProvider,
  createHttpSmsProvider,
  createMessageRenderer,
  createPushChannel,
  createSmsChannel,
  createTemplateStore,
  type PushProvider,
  type SmsProvider,
  StepFailedError,
} from '@cartwire/automation-sdk';
import type { Db, Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import { createMessageEventChannel } from '../workflows/message-event-channel';
import type { ProviderSettings, StoredProvider } from './provider-settings';
import type { PushDevices } from './push-devices';

/** The path providers POST delivery statuses to; `tenantId` picks the tenant whose key verifies them. */
export const providerCallbackPath = (kind: 'sms' | 'push', tenantId: string) =>
  `/callbacks/${kind}/${encodeURIComponent(tenantId)}`;

/** The reference SMS adapter on a tenant's stored settings. */
export function smsProviderOf(stored: StoredProvider<'sms'>, fetch?: typeof globalThis.fetch): SmsProvider {
  return createHttpSmsProvider({
    baseUrl: stored.settings.endpointUrl,
    accountId: stored.settings.accountId,
    authToken: stored.credentials.authToken,
    from: stored.settings.from,
    ...(fetch ? { fetch } : {}),
  });
}

/** The reference push adapter on a tenant's stored settings. */
export function pushProviderOf(
  stored: StoredProvider<'push'>,
  fetch?: typeof globalThis.fetch,
): PushProvider {
  return createHttpPushProvider({
    baseUrl: stored.settings.endpointUrl,
    apiKey: stored.credentials.apiKey,
    callbackSecret: stored.credentials.callbackSecret,
    ...(fetch ? { fetch } : {}),
  });
}

/** The reference ads adapter, with workflow audience names mapped to the platform's audience ids. */
export function adsProviderOf(
  stored: StoredProvider<'ads'>,
  fetch?: typeof globalThis.fetch,
): AdsAudienceProvider {
  const http = createHttpAdsAudienceProvider({
    baseUrl: stored.settings.endpointUrl,
    accessToken: stored.credentials.accessToken,
    ...(fetch ? { fetch } : {}),
  });
  const idOf = (audience: string) => stored.settings.audiences[audience] ?? audience;
  return {
    platform: http.platform,
    name: http.name,
    addMembers: (audience, members) => http.addMembers(idOf(audience), members),
    removeMembers: (audience, members) => http.removeMembers(idOf(audience), members),
  };
}

/** The reference catalogue adapter on a tenant's stored ads settings, or null without a catalogue. */
export function adsCatalogProviderOf(
  stored: StoredProvider<'ads'>,
  fetch?: typeof globalThis.fetch,
): AdsCatalogProvider | null {
  const catalog = stored.settings.catalog ?? null;
  if (!catalog) return null;
  return createHttpAdsCatalogProvider({
    baseUrl: stored.settings.endpointUrl,
    accessToken: stored.credentials.accessToken,
    pauseLabel: catalog.pauseLabel,
    pausedValue: catalog.pausedValue,
    ...(fetch ? { fetch } : {}),
  });
}

export interface ProviderChannelsOptions {
  db: Db;
  repositories: Pick<Repositories, 'entities' | 'events'>;
  clock: Clock;
  settings: ProviderSettings;
  devices: PushDevices;
  /** Provider requests go through it (the SSRF-guarded fetch). */
  fetch: typeof globalThis.fetch;
  /** Signs the unsubscribe links templates render (`unsubscribeSecretOf` of messaging.ts). */
  unsubscribeSecret: string;
  /** The public URL of a provider callback path (CARTWIRE_PUBLIC_URL, else the listener's URL). */
  publicUrl: (path: string) => string;
}

export interface ProviderChannels {
  /** `sms`, `push` and `ads` channels for the workflow engine; each picks the send's tenant's provider. */
  readonly channels: readonly Channel[];
  /**
   * Workflow `audience` actions through the tenant's ads provider: customer adds pass the governance gate;
   * item actions pause and resume SKUs in the tenant's catalogue.
   */
  readonly audience: ActionHandler<'audience'>;
  /** The tenant's ads audiences, or null without an ads provider. */
  adsAudiences(tenantId: string): Promise<AdsAudiences | null>;
}

/**
 * Delivering channels over the providers tenants configured (PUT /v1/messaging-settings/{sms,push,ads}).
 * A tenant without a provider keeps the behaviour it had: its SMS and push sends become
 * `message.requested` events for its webhook endpoints. Settings are read per send, so a change applies
 * to the next message without a restart. Messages are rendered from the step's template (a template of
 * the channel's kind: text for SMS; subject as title and text as body for push).
 */
export function createProviderChannels(options: ProviderChannelsOptions): ProviderChannels {
  const { db, settings, clock } = options;
  const now = () => clock.now();
  const liveData = createEntityLiveData(options.repositories.entities);
  const renderer = createMessageRenderer({
    templates: createTemplateStore({ db, now }),
    liveData,
    unsubscribeSecret: options.unsubscribeSecret,
  });
  const gate = createGovernanceGate({ db, customers: liveData, now });
  const fallback = (name: 'sms' | 'push') =>
    createMessageEventChannel({ name, events: options.repositories.events, clock });
  const smsEvents = fallback('sms');
  const pushEvents = fallback('push');

  const sms: Channel = {
    name: 'sms',
    async send(message) {
      const { tenantId } = message.origin;
      const stored = await settings.get(tenantId, 'sms');
      if (!stored) return smsEvents.send(message);
      return createSmsChannel({
        provider: smsProviderOf(stored, options.fetch),
        render: async (m) => (await renderer.render(m, 'sms')).text ?? '',
        customers: liveData,
        ...(stored.settings.defaultCountry ? { defaultCountry: stored.settings.defaultCountry } : {}),
        statusCallbackUrl: (tenant) => options.publicUrl(providerCallbackPath('sms', tenant)),
      }).send(message);
    },
  };

  const push: Channel = {
    name: 'push',
    async send(message) {
      const stored = await settings.get(message.origin.tenantId, 'push');
      if (!stored) return pushEvents.send(message);
      return createPushChannel({
        provider: pushProviderOf(stored, options.fetch),
        render: async (m) => {
          const rendered = await renderer.render(m, 'push');
          return {
            title: rendered.subject ?? '',
            body: rendered.text ?? '',
            data: { messageId: m.origin.idempotencyKey },
          };
        },
        deviceTokens: (tenantId, customerId) => options.devices.tokens(tenantId, customerId),
        onInvalidTokens: (tenantId, _customerId, tokens) => options.devices.remove(tenantId, tokens),
      }).send(message);
    },
  };

  async function adsAudiences(tenantId: string): Promise<AdsAudiences | null> {
    const stored = await settings.get(tenantId, 'ads');
    if (!stored) return null;
    const catalog = adsCatalogProviderOf(stored, options.fetch);
    return createAdsAudiences({
      db,
      provider: adsProviderOf(stored, options.fetch),
      gate,
      customers: liveData,
      ...(stored.settings.defaultCountry ? { defaultCountry: stored.settings.defaultCountry } : {}),
      ...(catalog && stored.settings.catalog
        ? {
            items: createAdsCatalogItems({
              db,
              provider: catalog,
              catalogId: stored.settings.catalog.catalogId,
              variants: liveData,
              now,
            }),
          }
        : {}),
      now,
    });
  }
  const noAdsProvider = () =>
    new StepFailedError('no ads provider is configured (PUT /v1/messaging-settings/ads)', false);
  const noCatalog = () =>
    new StepFailedError(
      'no ads catalogue is configured for item audiences (set catalog.catalogId with PUT /v1/messaging-settings/ads)',
      false,
    );

  const ads: Channel = {
    name: 'ads',
    async send(message) {
      const audiences = await adsAudiences(message.origin.tenantId);
      if (!audiences) throw noAdsProvider();
      return audiences.channel.send(message);
    },
  };
  // Audience adds are sends to the ads channel: the gate refuses suppressed or unconsented customers and
  // the message log records the decision, as for any other channel.
  const governedAds = createGovernedChannel({ gate, channel: ads });

  return {
    channels: [sms, push, ads],
    adsAudiences,
    async audience(action, target, origin) {
      const audiences = await adsAudiences(origin.tenantId);
      if (!audiences) throw noAdsProvider();
      // Item audiences pause the run's SKUs in the tenant's catalogue; say where to configure it.
      if (action.subject === 'items' && !audiences.catalogItems) throw noCatalog();
      await audiences.actionHandler(governedAds)(action, target, origin);
    },
  };
}
