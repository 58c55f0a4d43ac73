import { createHmac } from 'node:crypto';
import {
  type Channel,
  createEmailChannel,
  createEntityLiveData,
  createGovernanceGate,
  createTemplateStore,
  createUnsubscribeHandler,
  type UnsubscribeSubject,
} from '@cartwire/automation-sdk';
import type { Database, Repositories } from '@cartwire/storage';
import type { Clock } from '../clock';
import type { GatewayConfig } from '../config/env';

export interface Messaging {
  /** Channels that deliver themselves, for the workflow engine (email when SMTP_URL is set). */
  readonly channels: readonly Channel[];
  /** Records the unsubscribe a signed email token names (the hosted /unsubscribe/{token} links). */
  readonly unsubscribe: (token: string) => Promise<UnsubscribeSubject | null>;
  /** Verifies the hosted open/click tracking tokens (the /t/o and /t/c links). */
  readonly trackingSecret: string;
  close(): void;
}

/**
 * The unsubscribe-token key, derived from the gateway's encryption key so that links keep working
 * across restarts and processes without another secret to configure.
 */
export function unsubscribeSecretOf(encryptionKey: Buffer): string {
  return createHmac('sha256', encryptionKey).update('cartwire:unsubscribe-links:v1').digest('base64url');
}

/**
 * The tracking-link key, derived like the unsubscribe key (a different label, so neither token can pass
 * for the other) and stable across restarts and processes.
 */
export function trackingSecretOf(encryptionKey: Buffer): string {
  return createHmac('sha256', encryptionKey).update('cartwire:tracking-links:v1').digest('base64url');
}

/** Email over SMTP (when configured), the unsubscribe links its messages carry and their open/click tracking. */
export function createMessaging(options: {
  config: Pick<GatewayConfig, 'smtpUrl' | 'publicUrl'>;
  database: Database;
  repositories: Pick<Repositories, 'entities'>;
  clock: Clock;
  encryptionKey: Buffer;
}): Messaging {
  const db = options.database.db;
  const now = () => options.clock.now();
  const liveData = createEntityLiveData(options.repositories.entities);
  const secret = unsubscribeSecretOf(options.encryptionKey);
  const trackingSecret = trackingSecretOf(options.encryptionKey);
  const { publicUrl } = options.config;
  const email =
    options.config.smtpUrl === undefined
      ? null
      : createEmailChannel({
          smtp: options.config.smtpUrl,
          templates: createTemplateStore({ db, now }),
          liveData,
          unsubscribeSecret: secret,
          ...(publicUrl === undefined ? {} : { tracking: { baseUrl: publicUrl, secret: trackingSecret } }),
        });
  return {
    channels: email ? [email] : [],
    unsubscribe: createUnsubscribeHandler({
      gate: createGovernanceGate({ db, customers: liveData, now }),
      secret,
    }),
    trackingSecret,
    close() {
      email?.close();
    },
  };
}
