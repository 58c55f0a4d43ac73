import { createCredentialCipher, type Database, type Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { WebhookUrlPolicy } from '../outbound-webhooks/url-guard';
import { unsubscribeSecretOf } from '../workflows/messaging';
import type { WorkflowEngineSettings } from '../workflows/workflow-engine';
import { type AdsSweepSettings, type AdsSweeps, startAdsSweeps } from './ads-sweeps';
import { createProviderChannels } from './provider-channels';
import { createProviderFetch } from './provider-fetch';
import { createProviderSettings } from './provider-settings';
import { createPushDevices } from './push-devices';

export interface MessagingProviders {
  /** The `sms`, `push` and `ads` channels for the workflow engine. */
  readonly channels: NonNullable<WorkflowEngineSettings['channels']>;
  /** Workflow action handlers (audience actions). */
  readonly actions: NonNullable<WorkflowEngineSettings['actions']>;
  /** Starts the scheduled ads audience sweep on the jobs table (worker processes only). */
  startSweeps(settings?: AdsSweepSettings): AdsSweeps;
  close(): void;
}

/**
 * The delivering side of tenant messaging providers, for a worker process: channels and audience actions
 * over each tenant's configured adapters (requests through the SSRF-guarded fetch), and the periodic ads
 * audience sweep.
 */
export function createMessagingProviders(options: {
  database: Database;
  repositories: Pick<Repositories, 'entities' | 'events' | 'jobs'>;
  clock: Clock;
  logger: Logger;
  workerId: string;
  encryptionKey: Buffer;
  urlPolicy: WebhookUrlPolicy;
  /** The gateway's public base URL, read when a send needs a callback URL (the listener starts later). */
  publicUrl: () => string;
}): MessagingProviders {
  const { database, clock } = options;
  const now = () => clock.now();
  const settings = createProviderSettings({
    db: database.db,
    cipher: createCredentialCipher(options.encryptionKey),
    urlPolicy: options.urlPolicy,
    now,
  });
  const providerFetch = createProviderFetch(options.urlPolicy);
  const providers = createProviderChannels({
    db: database.db,
    repositories: options.repositories,
    clock,
    settings,
    devices: createPushDevices({ db: database.db, now }),
    fetch: providerFetch.fetch,
    unsubscribeSecret: unsubscribeSecretOf(options.encryptionKey),
    publicUrl: (path) => `${options.publicUrl()}${path}`,
  });
  return {
    channels: providers.channels,
    actions: { audience: providers.audience },
    startSweeps(sweepSettings = {}) {
      return startAdsSweeps({
        repositories: options.repositories,
        settings,
        providers,
        clock,
        logger: options.logger,
        workerId: options.workerId,
        ...sweepSettings,
      });
    },
    close() {
      providerFetch.close();
    },
  };
}
