import { type AnyEntity, ID_PREFIX } from '@cartwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryCheckpointStore } from '../engine/checkpoints';
import type { StoreInput } from '../engine/connection';
import type { AnyConnector } from '../engine/connector';
import { type ConnectorEngine, type ConnectorEngineOptions, createConnectorEngine } from '../engine/engine';
import type { RecordError } from '../engine/record-pipeline';
import { runStream } from '../engine/run-stream';
import { processWebhook } from '../engine/webhooks/process-webhook';

/** A running emulator seeded for one contract run. */
export interface ContractEmulator {
  /** The store as the connector sees it: credentials pointing at the emulator. */
  store: StoreInput;
  /** Ground truth: every external id the emulator holds for a stream. */
  expectedExternalIds(stream: string): string[] | Promise<string[]>;
  /**
   * Makes the next `count` requests fail the way the platform does (429 with its body and
   * Retry-After, or a 500). Sandbox fault injectors provide exactly this as `failNext`.
   */
  failNext(count: number, fault: 'rate_limited' | 'server_error'): void;
  close(): Promise<void>;
}

export interface ContractWebhookOptions {
  secret: string;
  /** A delivery of a mapped topic, signed with `secret` exactly as the platform signs it. */
  sample(secret: string): { rawBody: Uint8Array; headers: Headers };
  /** Header carrying the signature, removed to test unsigned deliveries. */
  signatureHeader: string;
}

export interface ConnectorContractOptions<TConnector extends AnyConnector> {
  connector: TConnector;
  /** Starts a fresh emulator, seeded with enough records for every stream to span several pages. */
  emulator(): Promise<ContractEmulator>;
  /** Streams to exercise. @default every stream of the connector */
  streams?: Array<keyof TConnector['streams'] & string>;
  webhooks?: ContractWebhookOptions;
  /** Engine options (short retry backoff keeps the suite fast). @default { retry: { minTimeoutMs: 10, maxTimeoutMs: 500 } } */
  engine?: ConnectorEngineOptions;
}

interface Collected {
  ids: string[];
  pages: number;
  recordErrors: RecordError[];
  entities: AnyEntity[];
}

/**
 * The contract every connector passes (CONVENTIONS 13), run against its emulator over real HTTP:
 * paging to exhaustion, resume from checkpoint, 429 handling, mapping validity, webhook signature
 * rejection. Call it at the top level of a `*.test.ts` file.
 *
 * @example
 * runConnectorContract({
 *   connector: wooCommerceConnector,
 *   emulator: async () => { const served = await serveEmulator(app); return { store, expectedExternalIds, failNext: faults.failNext, close: served.close }; },
 *   webhooks: { secret, sample, signatureHeader: 'x-wc-webhook-signature' },
 * });
 */
export function runConnectorContract<TConnector extends AnyConnector>(
  options: ConnectorContractOptions<TConnector>,
): void {
  const { connector } = options;
  const streams =
    options.streams ?? (Object.keys(connector.streams) as Array<keyof TConnector['streams'] & string>);

  describe(`${connector.platform} connector contract`, () => {
    let emulator: ContractEmulator;
    let engine: ConnectorEngine;

    beforeAll(async () => {
      emulator = await options.emulator();
      engine = createConnectorEngine(options.engine ?? { retry: { minTimeoutMs: 10, maxTimeoutMs: 500 } });
    });
    afterAll(async () => {
      await engine?.close();
      await emulator?.close();
    });

    async function collect(
      stream: keyof TConnector['streams'] & string,
      checkpoints = createInMemoryCheckpointStore(),
      onPageHook?: (page: number) => void,
    ): Promise<Collected> {
      const collected: Collected = { ids: [], pages: 0, recordErrors: [], entities: [] };
      await runStream({
        engine,
        connector,
        store: emulator.store,
        stream,
        mode: 'backfill',
        checkpoints,
        onPage: (entities, meta) => {
          onPageHook?.(meta.page);
          collected.pages = meta.page;
          collected.entities.push(...entities);
          collected.ids.push(...entities.map((entity) => entity.externalId));
        },
        onRecordError: (error) => void collected.recordErrors.push(error),
      });
      return collected;
    }

    const sorted = (ids: Iterable<string>) => [...ids].sort();

    for (const stream of streams) {
      describe(`stream ${stream}`, () => {
        it('pages to exhaustion: every record the platform holds, once, over several pages', async () => {
          const expected = await emulator.expectedExternalIds(stream);
          const result = await collect(stream);
          expect(result.pages, 'seed the emulator so the stream spans several pages').toBeGreaterThan(1);
          expect(sorted(new Set(result.ids))).toEqual(sorted(expected));
        });

        it('maps every record to a valid normalized entity', async () => {
          const result = await collect(stream);
          expect(result.recordErrors).toEqual([]);
          const definition = connector.streams[stream];
          const prefix = definition ? ID_PREFIX[definition.entity] : '';
          for (const entity of result.entities) {
            expect(entity.platform).toBe(connector.platform);
            expect(entity.id.startsWith(prefix)).toBe(true);
          }
        });

        it('resumes from its checkpoint after an interruption, without duplicates or gaps', async () => {
          const expected = await emulator.expectedExternalIds(stream);
          const checkpoints = createInMemoryCheckpointStore();
          const delivered: string[] = [];
          let interrupted = false;
          const run = () =>
            runStream({
              engine,
              connector,
              store: emulator.store,
              stream,
              mode: 'backfill',
              checkpoints,
              onPage: (entities, meta) => {
                if (meta.page === 2 && !interrupted) {
                  interrupted = true;
                  throw new Error('interrupted by the contract suite');
                }
                delivered.push(...entities.map((entity) => entity.externalId));
              },
            });
          await expect(run()).rejects.toThrow('interrupted by the contract suite');
          const resumed = await run();
          expect(resumed.resumed).toBe(true);
          expect(sorted(delivered)).toEqual(sorted(new Set(delivered)));
          expect(sorted(new Set(delivered))).toEqual(sorted(expected));
        });

        it('completes despite 429s and 500s from the platform', async () => {
          const expected = await emulator.expectedExternalIds(stream);
          let injected = false;
          const result = await collect(stream, createInMemoryCheckpointStore(), (page) => {
            if (page === 1 && !injected) {
              injected = true;
              emulator.failNext(2, 'rate_limited');
              emulator.failNext(1, 'server_error');
            }
          });
          expect(injected).toBe(true);
          expect(sorted(new Set(result.ids))).toEqual(sorted(expected));
        });
      });
    }

    const webhooks = options.webhooks;
    if (connector.webhooks && webhooks) {
      describe('webhooks', () => {
        const storeId = () => emulator.store.id;

        it('accepts a correctly signed delivery', () => {
          const delivery = webhooks.sample(webhooks.secret);
          const outcome = processWebhook(connector, {
            ...delivery,
            storeId: storeId(),
            secret: webhooks.secret,
          });
          expect(outcome.kind).toBe('accepted');
          if (outcome.kind === 'accepted') expect(outcome.recordErrors).toEqual([]);
        });

        it('rejects a delivery signed with another secret', () => {
          const delivery = webhooks.sample(`${webhooks.secret}-wrong`);
          const outcome = processWebhook(connector, {
            ...delivery,
            storeId: storeId(),
            secret: webhooks.secret,
          });
          expect(outcome).toEqual({ kind: 'rejected', reason: 'signature_mismatch' });
        });

        it('rejects a delivery whose body was altered after signing', () => {
          const delivery = webhooks.sample(webhooks.secret);
          const rawBody = new Uint8Array([...delivery.rawBody, 0x20]);
          const outcome = processWebhook(connector, {
            headers: delivery.headers,
            rawBody,
            storeId: storeId(),
            secret: webhooks.secret,
          });
          expect(outcome).toEqual({ kind: 'rejected', reason: 'signature_mismatch' });
        });

        it('rejects an unsigned delivery', () => {
          const delivery = webhooks.sample(webhooks.secret);
          const headers = new Headers(delivery.headers);
          headers.delete(webhooks.signatureHeader);
          const outcome = processWebhook(connector, {
            rawBody: delivery.rawBody,
            headers,
            storeId: storeId(),
            secret: webhooks.secret,
          });
          expect(outcome).toEqual({ kind: 'rejected', reason: 'missing_signature' });
        });
      });
    }
  });
}
