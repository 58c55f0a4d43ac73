import { createCredentialCipher, type Database, type Repositories } from '@cartwire/storage';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Clock } from '../clock';
import type { AppEnv } from '../http/app-env';
import type { WebhookUrlPolicy } from '../outbound-webhooks/url-guard';
import { createOnsiteTokensRouter } from '../routes/onsite-tokens/onsite-tokens.index';
import { createProviderSettingsRouter } from '../routes/provider-settings/provider-settings.index';
import type { CustomerTokens } from '../track/customer-tokens';
import { createProviderCallbackRouter } from './provider-callbacks';
import { createProviderSettings } from './provider-settings';

/**
 * The HTTP side of tenant messaging providers: `/v1/messaging-settings/{sms,push,ads}`, the providers'
 * `/callbacks/{kind}/{tenantId}`, and `/v1/stores/{storeId}/onsite-tokens` for the storefront routes.
 */
export function mountProviderRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: {
    database: Database;
    repositories: Pick<Repositories, 'stores'>;
    clock: Clock;
    /** The gateway's encryption key (provider credentials are encrypted with it). */
    encryptionKey: Buffer;
    urlPolicy: WebhookUrlPolicy;
    customerTokens: CustomerTokens;
    publicUrl?: string;
  },
): void {
  const now = () => deps.clock.now();
  const settings = createProviderSettings({
    db: deps.database.db,
    cipher: createCredentialCipher(deps.encryptionKey),
    urlPolicy: deps.urlPolicy,
    now,
  });
  const publicUrl = deps.publicUrl ? { publicUrl: deps.publicUrl } : {};
  app.route('/', createProviderSettingsRouter({ settings, ...publicUrl }));
  app.route('/', createOnsiteTokensRouter({ stores: deps.repositories.stores, tokens: deps.customerTokens }));
  app.route('/', createProviderCallbackRouter({ db: deps.database.db, settings, now, ...publicUrl }));
}
