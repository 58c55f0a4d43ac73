import { loadOrCreateKeyFile } from '@cartwire/storage';
import type { GatewayConfig } from './config/env';

/**
 * The key encrypting store credentials: CARTWIRE_ENCRYPTION_KEY when set, otherwise (embedded mode)
 * the key file in the data dir, generated with mode 0600 on first use.
 */
export async function resolveEncryptionKey(config: Pick<GatewayConfig, 'encryptionKey'>): Promise<Buffer> {
  return config.encryptionKey.source === 'env'
    ? config.encryptionKey.key
    : loadOrCreateKeyFile(config.encryptionKey.path);
}
