import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Platform } from '@cartwire/model';
import {
  generateStore,
  SandboxStore,
  type ServedEmulator,
  type StoreSize,
  type StoreSnapshot,
  serveEmulator,
} from '@cartwire/sandbox';
import type { Logger } from '../logger';
import type { GatewayRepositories } from '../repositories';
import type { SyncService } from '../sync/sync-service';
import { createSandboxActivity, type SandboxActivity } from './sandbox-activity';
import { SANDBOX_PLATFORMS, type SandboxEmulator, type SandboxPlatform } from './sandbox-platforms';

export interface StartSandboxOptions {
  /** Where the running gateway is reachable; sandbox webhooks are delivered to it. */
  readonly gatewayUrl: string;
  /** The tenant the sandbox stores belong to (the development tenant). */
  readonly tenantId: string;
  readonly repositories: Pick<GatewayRepositories, 'stores'>;
  readonly sync: Pick<SyncService, 'scheduleBackfill'>;
  readonly logger: Logger;
  /** Sandbox data is kept here between runs (`<dir>/<platform>.json`). */
  readonly dataDir: string;
  /** Size of each generated shop on the first run. @default 'small' */
  readonly size?: StoreSize;
  /** Milliseconds between two pieces of live shopper/merchant activity; null for none. @default 4000 */
  readonly activityIntervalMs?: number | null;
  /** @default SANDBOX_PLATFORMS */
  readonly platforms?: readonly SandboxPlatform[];
  /** Platforms this gateway can sync; others are skipped. @default every platform */
  readonly supports?: (platform: Platform) => boolean;
}

export interface SandboxShop {
  readonly platform: Platform;
  readonly storeId: string;
  /** The emulator's base URL on loopback. */
  readonly url: string;
  readonly store: SandboxStore;
  /** Whether this run connected the store (first run) rather than re-serving it. */
  readonly connected: boolean;
}

export interface RunningSandbox {
  readonly shops: readonly SandboxShop[];
  /** Applies one piece of live activity now, to the next shop in turn. */
  tick(): SandboxActivity | null;
  /** Waits until every platform webhook queued so far has been delivered. */
  flushWebhooks(): Promise<void>;
  /** Stops activity and emulators, then saves each shop's data. Idempotent. */
  stop(): Promise<void>;
}

/** Marks the store records the sandbox owns, so a restart re-serves them instead of adding more. */
const SANDBOX_SETTING = 'sandbox';

async function loadShop(file: string, seed: string, size: StoreSize): Promise<SandboxStore> {
  try {
    return SandboxStore.restore(JSON.parse(await readFile(file, 'utf8')) as StoreSnapshot);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return generateStore({ seed, size, now: new Date() });
  }
}

async function saveShop(file: string, store: SandboxStore): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(store.snapshot()));
  await rename(temporary, file);
}

/**
 * The demo behind `npm start`: one sandbox shop per platform served on loopback, connected to the
 * tenant as ordinary stores (first run: created and backfilled; later runs: the same store records
 * pointed at the re-served emulators), platform webhooks delivered to the gateway, and a trickle of
 * live activity so events, derived events and workflows have something to react to.
 */
export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const { repositories, tenantId, logger } = options;
  const size = options.size ?? 'small';
  const platforms = (options.platforms ?? SANDBOX_PLATFORMS).filter(
    (sandbox) => options.supports?.(sandbox.platform) ?? true,
  );
  const existing = await repositories.stores.listStores(tenantId);
  const shops: SandboxShop[] = [];
  const running: { emulator: SandboxEmulator; served: ServedEmulator; file: string; store: SandboxStore }[] =
    [];

  const stopAll = async () => {
    for (const { emulator } of running) emulator.close();
    await Promise.all(running.map(({ served }) => served.close()));
    await Promise.all(running.map(({ file, store }) => saveShop(file, store)));
  };

  try {
    for (const sandbox of platforms) {
      const file = path.join(options.dataDir, `${sandbox.platform}.json`);
      const store = await loadShop(file, `cartwire-demo-${sandbox.platform}`, size);
      const found = existing.find(
        (record) => record.platform === sandbox.platform && record.settings[SANDBOX_SETTING] === true,
      );
      if (found?.status === 'disconnected') {
        logger.info(
          { platform: sandbox.platform, storeId: found.id },
          'sandbox store was disconnected; not serving it',
        );
        continue;
      }
      let secrets: Record<string, string>;
      let storeId: string;
      if (found) {
        storeId = found.id;
        secrets = sandbox.secretsFrom(await repositories.stores.getStoreCredentials(tenantId, storeId));
      } else {
        secrets = sandbox.newSecrets();
        storeId = (
          await repositories.stores.createStore({
            tenantId,
            platform: sandbox.platform,
            name: sandbox.name,
            // Replaced below once the emulator has a port.
            credentials: sandbox.credentials(secrets, 'http://127.0.0.1:1'),
            settings: {
              [SANDBOX_SETTING]: true,
              sync: { pollIntervalMs: 60_000, abandonedCartWindowMinutes: 2 },
            },
          })
        ).id;
      }
      const emulator = sandbox.createEmulator({
        store,
        secrets,
        webhookUrl: `${options.gatewayUrl}/webhooks/${sandbox.platform}/${storeId}`,
      });
      const served = await serveEmulator(emulator.app);
      running.push({ emulator, served, file, store });
      const record = await repositories.stores.getStore(tenantId, storeId);
      await repositories.stores.replaceStoreCredentials(
        tenantId,
        storeId,
        sandbox.credentials(secrets, served.url),
      );
      await repositories.stores.updateStore(tenantId, storeId, {
        currency: store.shop.currency,
        timeZone: store.shop.timeZone,
        domain: store.shop.domain,
        settings: { ...record?.settings, ...sandbox.settings(served.url, store), [SANDBOX_SETTING]: true },
      });
      if (!found) await options.sync.scheduleBackfill(tenantId, storeId);
      shops.push({ platform: sandbox.platform, storeId, url: served.url, store, connected: !found });
      logger.info(
        { platform: sandbox.platform, storeId, url: served.url, counts: store.counts(), connected: !found },
        found ? 'sandbox store served again' : 'sandbox store created and connected; backfill scheduled',
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }

  const activity = createSandboxActivity('cartwire-demo-activity');
  let turn = 0;
  const tick = (): SandboxActivity | null => {
    const shop = shops[turn++ % Math.max(shops.length, 1)];
    if (shop === undefined) return null;
    const happened = activity(shop.store);
    if (happened)
      logger.debug({ platform: shop.platform, storeId: shop.storeId, ...happened }, 'sandbox activity');
    return happened;
  };
  const intervalMs = options.activityIntervalMs === undefined ? 4000 : options.activityIntervalMs;
  const timer =
    intervalMs === null
      ? null
      : setInterval(() => {
          try {
            tick();
          } catch (error) {
            logger.warn({ err: error }, 'sandbox activity failed');
          }
        }, intervalMs);
  timer?.unref();

  let stopping: Promise<void> | undefined;
  return {
    shops,
    tick,
    flushWebhooks: async () => {
      await Promise.all(running.map(({ emulator }) => emulator.flush()));
    },
    stop() {
      if (timer) clearInterval(timer);
      stopping ??= stopAll();
      return stopping;
    },
  };
}
