import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderFetch, ProviderUrlRefusedError } from './provider-fetch';

describe('the SSRF-guarded provider fetch', () => {
  let server: Server;
  let port: number;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
        return;
      }
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ echo: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('refuses private addresses, including names that resolve to one, before connecting', async () => {
    const guarded = createProviderFetch({
      allowPrivate: false,
      requireHttps: false,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    const before = seen.length;
    await expect(guarded.fetch(`http://127.0.0.1:${port}/x`, { method: 'POST' })).rejects.toThrow(
      ProviderUrlRefusedError,
    );
    await expect(guarded.fetch(`http://sms.example.com:${port}/x`)).rejects.toThrow(
      /resolves to 127\.0\.0\.1/,
    );
    expect(seen.length).toBe(before);
    const https = createProviderFetch({ allowPrivate: true, requireHttps: true });
    await expect(https.fetch(`http://127.0.0.1:${port}/x`)).rejects.toThrow(/plain http/);
    guarded.close();
    https.close();
  });

  it('sends the request to an allowed address, answers like fetch, and never follows redirects', async () => {
    const guarded = createProviderFetch({ allowPrivate: true, requireHttps: false });
    const response = await guarded.fetch(`http://127.0.0.1:${port}/messages`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ echo: '{"a":1}' });
    expect(seen.at(-1)).toBe('POST /messages Bearer k');
    const redirect = await guarded.fetch(`http://127.0.0.1:${port}/redirect`);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toContain('169.254.169.254');
    guarded.close();
  });
});
