import { messagingProviders } from '@cartwire/storage';
import { type TestDatabase, testDatabases } from '@cartwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-gateway';

// A public address literal (TEST-NET-2): passes the SSRF guard without DNS.
const PUBLIC = 'https://198.51.100.7';
const AUTH_TOKEN = 'twilio-auth-token-0123456789abcdef';

describe.each(testDatabases())('messaging provider settings on $name', ({ create }) => {
  let database: TestDatabase;
  let built: Awaited<ReturnType<typeof buildTestApp>>;
  let otherAuthorization: { authorization: string };

  beforeAll(async () => {
    database = await create();
    built = await buildTestApp(database);
    const other = await built.repositories.tenants.createTenant({ name: 'Globex' });
    const { secret } = await built.repositories.apiKeys.createApiKey({ tenantId: other.id, mode: 'test' });
    otherAuthorization = { authorization: `Bearer ${secret}` };
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  const call = async (
    method: string,
    kind: 'sms' | 'push' | 'ads',
    body?: unknown,
    auth: { authorization: string } = built.authorization,
  ) => {
    const response = await built.app.request(`/v1/messaging-settings/${kind}`, {
      method,
      headers: { ...auth, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, text };
  };
  const fieldErrors = (body: { errors?: { path: string; code: string }[] }) =>
    (body.errors ?? []).map((e) => `${e.path}:${e.code}`);

  it('stores the SMS provider with its token encrypted, answers it masked, and keeps it when left out', async () => {
    expect((await call('GET', 'sms')).status).toBe(404);
    const sms = {
      endpointUrl: `${PUBLIC}/2010-04-01`,
      accountId: 'AC0123',
      from: '+15005550006',
    };
    const first = await call('PUT', 'sms', sms);
    expect(first.status).toBe(400);
    expect(fieldErrors(first.body)).toEqual(['authToken:invalid_type']);

    const saved = await call('PUT', 'sms', { ...sms, authToken: AUTH_TOKEN, defaultCountry: 'DE' });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      object: 'sms_provider',
      endpointUrl: `${PUBLIC}/2010-04-01`,
      accountId: 'AC0123',
      from: '+15005550006',
      defaultCountry: 'DE',
      authToken: { configured: true, last4: 'cdef' },
      callbackUrl: `http://localhost/callbacks/sms/${built.tenant.id}`,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(saved.text).not.toContain(AUTH_TOKEN);
    const [row] = await database.db.select().from(messagingProviders);
    expect(JSON.stringify(row)).not.toContain(AUTH_TOKEN);
    expect(JSON.stringify(row)).not.toContain('0123456789abcdef');

    const changed = await call('PUT', 'sms', { ...sms, from: 'ACME' });
    expect(changed.body).toMatchObject({ from: 'ACME', defaultCountry: null, authToken: { last4: 'cdef' } });
    expect((await call('GET', 'sms')).body).toEqual(changed.body);
    // Another tenant sees nothing of it.
    expect((await call('GET', 'sms', undefined, otherAuthorization)).status).toBe(404);
    expect((await call('DELETE', 'sms', undefined, otherAuthorization)).status).toBe(404);
  });

  it('refuses endpoint URLs that reach private addresses or are not https, and malformed settings', async () => {
    for (const endpointUrl of [
      'https://127.0.0.1/2010-04-01',
      'https://169.254.169.254/latest',
      'https://[::ffff:10.0.0.1]/x',
    ]) {
      const refused = await call('PUT', 'ads', { endpointUrl, accessToken: 'graph-token-1' });
      expect(refused.status).toBe(400);
      expect(fieldErrors(refused.body)).toEqual(['endpointUrl:unsafe_url']);
    }
    const plain = await call('PUT', 'push', { endpointUrl: 'http://198.51.100.7/v1', apiKey: 'push-key-1' });
    expect(fieldErrors(plain.body)).toEqual(['endpointUrl:unsafe_url']);
    const malformed = await call('PUT', 'sms', {
      endpointUrl: 'ftp://example.com',
      accountId: '',
      from: '+1',
      defaultCountry: 'Germany',
      secretExtra: true,
    });
    expect(malformed.status).toBe(400);
    expect(fieldErrors(malformed.body).sort()).toEqual([
      ':unrecognized_keys',
      'accountId:too_small',
      'defaultCountry:invalid_format',
      'endpointUrl:invalid_format',
    ]);
    expect((await call('GET', 'ads')).status).toBe(404);
  });

  it('generates a push callback secret once, or keeps the one the provider issued', async () => {
    const created = await call('PUT', 'push', { endpointUrl: `${PUBLIC}/v1`, apiKey: 'push-api-key-1' });
    expect(created.status).toBe(200);
    const value = created.body.callbackSecret.value as string;
    expect(value).toMatch(/^pcs_[A-Za-z0-9_-]{43}$/);
    expect(created.body).toMatchObject({
      object: 'push_provider',
      apiKey: { configured: true, last4: 'ey-1' },
      callbackSecret: { configured: true, last4: value.slice(-4) },
      callbackUrl: `http://localhost/callbacks/push/${built.tenant.id}`,
    });
    const read = await call('GET', 'push');
    expect(read.body.callbackSecret).toEqual({ configured: true, last4: value.slice(-4) });
    expect(read.text).not.toContain(value);
    const again = await call('PUT', 'push', { endpointUrl: `${PUBLIC}/v2` });
    expect(again.body.callbackSecret).toEqual({ configured: true, last4: value.slice(-4) });
    const theirs = await call('PUT', 'push', {
      endpointUrl: `${PUBLIC}/v2`,
      callbackSecret: 'provider-issued-secret-wxyz',
    });
    expect(theirs.body.callbackSecret).toEqual({ configured: true, last4: 'wxyz' });
  });

  it('maps workflow audience names for the ads provider, and deletes providers', async () => {
    const saved = await call('PUT', 'ads', {
      endpointUrl: `${PUBLIC}/v21.0`,
      accessToken: 'EAAB-graph-token',
      audiences: { vip: '23851234567890123' },
    });
    expect(saved.body).toMatchObject({
      object: 'ads_provider',
      platform: 'meta',
      audiences: { vip: '23851234567890123' },
      catalog: null,
      accessToken: { configured: true, last4: 'oken' },
    });
    expect((await call('DELETE', 'ads')).status).toBe(204);
    expect((await call('GET', 'ads')).status).toBe(404);
  });

  it('sets the catalogue item audiences pause SKUs in, with defaults, and refuses a malformed one', async () => {
    const ads = { endpointUrl: `${PUBLIC}/v21.0`, accessToken: 'EAAB-graph-token' };
    const saved = await call('PUT', 'ads', { ...ads, catalog: { catalogId: ' 1234567890123456 ' } });
    expect(saved.status).toBe(200);
    expect(saved.body.catalog).toEqual({
      catalogId: '1234567890123456',
      pauseLabel: 'custom_label_4',
      pausedValue: 'cartwire_paused',
    });
    const custom = await call('PUT', 'ads', {
      endpointUrl: ads.endpointUrl,
      catalog: { catalogId: '42', pauseLabel: 'custom_label_0', pausedValue: 'out-of-stock-pause' },
    });
    expect((await call('GET', 'ads')).body).toEqual(custom.body);
    expect(custom.body).toMatchObject({
      catalog: { catalogId: '42', pauseLabel: 'custom_label_0', pausedValue: 'out-of-stock-pause' },
      accessToken: { last4: 'oken' },
    });
    const malformed = await call('PUT', 'ads', {
      ...ads,
      catalog: { catalogId: 'my-catalog', pauseLabel: 'availability', pausedValue: 'x'.repeat(101), id: 1 },
    });
    expect(malformed.status).toBe(400);
    expect(fieldErrors(malformed.body).sort()).toEqual([
      'catalog.catalogId:invalid_format',
      'catalog.pauseLabel:invalid_value',
      'catalog.pausedValue:too_big',
      'catalog:unrecognized_keys',
    ]);
    expect((await call('GET', 'ads', undefined, otherAuthorization)).status).toBe(404);
    expect((await call('PUT', 'ads', { ...ads, catalog: null })).body.catalog).toBeNull();
    expect((await call('DELETE', 'ads')).status).toBe(204);
    expect((await call('GET', 'ads')).status).toBe(404);
    expect((await call('DELETE', 'ads')).status).toBe(404);
    // Unauthenticated calls never reach the settings.
    const anonymous = await built.app.request('/v1/messaging-settings/sms');
    expect(anonymous.status).toBe(401);
  });
});
