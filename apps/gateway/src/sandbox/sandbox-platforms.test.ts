import { describe, expect, it } from 'vitest';
import { DEFAULT_CONNECTORS } from '../sync/platform-connectors';
import { SANDBOX_PLATFORMS } from './sandbox-platforms';

describe.each(SANDBOX_PLATFORMS)('the $platform sandbox', (sandbox) => {
  it('recovers its secrets from the credentials it stores, so a restart serves the same keys', () => {
    const secrets = sandbox.newSecrets();
    expect(Object.values(secrets).every((value) => value.length >= 16)).toBe(true);
    expect(sandbox.secretsFrom(sandbox.credentials(secrets, 'http://127.0.0.1:4010'))).toEqual(secrets);
  });

  it("stores credentials and settings its platform's connector accepts", () => {
    const connector = DEFAULT_CONNECTORS[sandbox.platform];
    expect(connector).toBeDefined();
    const credentials = sandbox.credentials(sandbox.newSecrets(), 'http://127.0.0.1:4010');
    expect(connector?.credentials.safeParse(credentials).success).toBe(true);
  });

  it('generates fresh secrets for every new store', () => {
    expect(sandbox.newSecrets()).not.toEqual(sandbox.newSecrets());
  });
});
