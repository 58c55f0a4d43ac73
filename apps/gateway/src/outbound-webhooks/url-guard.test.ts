import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, isPublicAddress, type WebhookUrlPolicy } from './url-guard';

const resolveTo =
  (...addresses: string[]): WebhookUrlPolicy['resolve'] =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'accepts %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('checkWebhookUrl', () => {
  const strict: WebhookUrlPolicy = {
    allowPrivate: false,
    requireHttps: true,
    resolve: resolveTo('93.184.216.34'),
  };

  it('accepts a public https URL', async () => {
    expect(await checkWebhookUrl('https://hooks.example.com/in', strict)).toMatchObject({ ok: true });
  });

  it.each([
    ['http://hooks.example.com/in', /https/],
    ['ftp://hooks.example.com/in', /https/],
    ['https://user:pw@hooks.example.com/in', /credentials/],
    ['https://127.0.0.1/in', /127\.0\.0\.1.*private/],
    ['https://[::1]:8443/in', /::1/],
    ['https://169.254.169.254/latest/meta-data', /169\.254/],
    ['not a url', /absolute URL/],
  ])('refuses %s', async (url, reason) => {
    const verdict = await checkWebhookUrl(url, strict);
    expect(verdict.ok).toBe(false);
    expect(verdict.ok === false && verdict.reason).toMatch(reason);
  });

  it('refuses a name that resolves to a private address, even among public ones', async () => {
    const policy = { ...strict, resolve: resolveTo('93.184.216.34', '10.0.0.5') };
    const verdict = await checkWebhookUrl('https://rebind.example.com/', policy);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('10.0.0.5') });
  });

  it('refuses a name that does not resolve', async () => {
    const policy: WebhookUrlPolicy = {
      ...strict,
      resolve: async () => {
        throw Object.assign(new Error('nope'), { code: 'ENOTFOUND' });
      },
    };
    expect(await checkWebhookUrl('https://nowhere.invalid/', policy)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('ENOTFOUND'),
    });
  });

  it('accepts loopback over http only when the policy explicitly allows both', async () => {
    const dev: WebhookUrlPolicy = { allowPrivate: true, requireHttps: false };
    expect(await checkWebhookUrl('http://127.0.0.1:9999/hook', dev)).toMatchObject({ ok: true });
    expect(await checkWebhookUrl('http://localhost:9999/hook', dev)).toMatchObject({ ok: true });
    expect(
      await checkWebhookUrl('http://localhost:9999/hook', { ...dev, allowPrivate: false }),
    ).toMatchObject({
      ok: false,
    });
  });

  it('accepts a trusted origin exactly, and nothing else on loopback', async () => {
    const sandbox: WebhookUrlPolicy = { ...strict, trustedOrigins: ['http://127.0.0.1:41234'] };
    expect(await checkWebhookUrl('http://127.0.0.1:41234/sandbox/webhook-inspector', sandbox)).toMatchObject({
      ok: true,
    });
    for (const other of [
      'http://127.0.0.1:41235/sandbox/webhook-inspector',
      'http://127.0.0.2:41234/',
      'https://127.0.0.1:41234/',
      'http://localhost:41234/',
      'http://user:pw@127.0.0.1:41234/',
    ]) {
      expect((await checkWebhookUrl(other, sandbox)).ok, other).toBe(false);
    }
  });
});
