import {
  type CredentialCipher,
  createRepositories,
  type Database,
  type Repositories,
} from '@cartwire/storage';
import type { Clock } from './clock';

/** Every storage repository (tenants, keys, stores, entities, events, checkpoints, jobs, …). */
export type GatewayRepositories = Repositories;

export interface GatewayRepositoryOptions {
  readonly clock: Clock;
  /** Built from resolveEncryptionKey(config) (encryption-key.ts); encrypts store credentials. */
  readonly cipher: CredentialCipher;
}

/** Storage's repositories on the gateway's clock, so tests that move the clock move storage too. */
export function createGatewayRepositories(
  database: Database,
  { clock, cipher }: GatewayRepositoryOptions,
): GatewayRepositories {
  return createRepositories(database, { cipher, now: () => clock.now() });
}
