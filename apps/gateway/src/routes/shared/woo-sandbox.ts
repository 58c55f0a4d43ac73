// Test support (not a test): a WooCommerce emulator on a loopback port, for routes that call a platform.
import {
  createWooCommerceEmulator,
  generateStore,
  type SandboxStore,
  type ServedEmulator,
  serveEmulator,
  type WooCommerceEmulator,
} from '@cartwire/sandbox';

export interface WooSandbox {
  readonly store: SandboxStore;
  readonly emulator: WooCommerceEmulator;
  readonly served: ServedEmulator;
  /** Credentials the emulator accepts. */
  readonly credentials: { url: string; consumerKey: string; consumerSecret: string };
  close(): Promise<void>;
}

export async function startWooSandbox(seed = 7): Promise<WooSandbox> {
  const store = generateStore({ seed, size: 'tiny' });
  const emulator = createWooCommerceEmulator({
    store,
    consumerKey: 'ck_gateway',
    consumerSecret: 'cs_gateway',
  });
  const served = await serveEmulator(emulator);
  return {
    store,
    emulator,
    served,
    credentials: { url: served.url, consumerKey: 'ck_gateway', consumerSecret: 'cs_gateway' },
    async close() {
      emulator.woocommerce.close();
      await served.close();
    },
  };
}
