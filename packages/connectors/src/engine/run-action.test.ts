import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LocalHttpServer, sendJson, startLocalHttpServer } from '../testing/local-http-server';
import { staticAuth } from './auth';
import { defineAction, defineConnector } from './connector';
import { createConnectorEngine } from './engine';
import { InvalidPayloadError } from './errors';
import { runAction } from './run-action';

const connector = defineConnector({
  platform: 'woocommerce',
  credentials: z.object({ baseUrl: z.string() }),
  baseUrl: (c) => c.baseUrl,
  auth: staticAuth(() => ({ headers: { authorization: 'Basic x' } })),
  rateLimit: { kind: 'fixed', maxConcurrent: 1, minTime: 0 },
  streams: {},
  actions: {
    setStock: defineAction({
      input: z.object({ productId: z.int().positive(), quantity: z.int().nonnegative() }),
      run: async (ctx, input) => {
        const response = await ctx.request({
          operation: 'products.update',
          method: 'PUT',
          path: `/products/${input.productId}`,
          body: { stock_quantity: input.quantity, manage_stock: true },
        });
        return z.object({ stock_quantity: z.number() }).parse(response.body).stock_quantity;
      },
    }),
  },
});

let server: LocalHttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('runAction', () => {
  it('validates the input and sends the write through the engine', async () => {
    server = await startLocalHttpServer((req, res) => sendJson(res, 200, JSON.parse(req.body)));
    const engine = createConnectorEngine();
    const result = await runAction({
      engine,
      connector,
      store: { id: 'sto_a', credentials: { baseUrl: server.url } },
      action: 'setStock',
      input: { productId: 7, quantity: 3 },
    });
    expect(result).toBe(3);
    expect(server.requests[0]).toMatchObject({ method: 'PUT', url: '/products/7' });
    expect(server.requests[0]?.headers.authorization).toBe('Basic x');
    await engine.close();
  });

  it('rejects invalid input before anything is sent', async () => {
    server = await startLocalHttpServer((_req, res) => sendJson(res, 200, {}));
    const engine = createConnectorEngine();
    const error = await runAction({
      engine,
      connector,
      store: { id: 'sto_a', credentials: { baseUrl: server.url } },
      action: 'setStock',
      input: { productId: 7, quantity: -1 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect((error as InvalidPayloadError).message).toContain('quantity');
    expect(server.requests).toHaveLength(0);
    await engine.close();
  });
});
