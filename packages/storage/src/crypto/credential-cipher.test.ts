import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialsDecryptError, StorageInputError } from '../errors';
import { createCredentialCipher } from './credential-cipher';

const key = randomBytes(32);

describe('createCredentialCipher', () => {
  it('round-trips, with a fresh IV each time so equal secrets give different ciphertexts', () => {
    const cipher = createCredentialCipher(key);
    const secret = JSON.stringify({ accessToken: 'shpat_0123456789', shop: 'demo.myshopify.com' });
    const first = cipher.encrypt(secret, 'sto_1');
    const second = cipher.encrypt(secret, 'sto_1');
    expect(first.data).not.toBe(second.data);
    expect(first.iv).not.toBe(second.iv);
    expect(first.data).not.toContain('shpat');
    expect(first.keyVersion).toBe(1);
    expect(cipher.decrypt(first, 'sto_1')).toBe(secret);
    expect(cipher.decrypt(second, 'sto_1')).toBe(secret);
  });

  it('detects tampering with the data, the tag or the IV', () => {
    const cipher = createCredentialCipher(key);
    const sealed = cipher.encrypt('consumer_secret=cs_abc', 'sto_1');
    const flip = (base64: string) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[0] = (bytes[0] ?? 0) ^ 0x01;
      return bytes.toString('base64');
    };
    expect(() => cipher.decrypt({ ...sealed, data: flip(sealed.data) }, 'sto_1')).toThrow(
      CredentialsDecryptError,
    );
    expect(() => cipher.decrypt({ ...sealed, tag: flip(sealed.tag) }, 'sto_1')).toThrow(
      CredentialsDecryptError,
    );
    expect(() => cipher.decrypt({ ...sealed, iv: flip(sealed.iv) }, 'sto_1')).toThrow(
      CredentialsDecryptError,
    );
    expect(() => cipher.decrypt({ ...sealed, tag: sealed.tag.slice(0, 8) }, 'sto_1')).toThrow(
      CredentialsDecryptError,
    );
  });

  it('refuses a ciphertext moved to another store (associated data) or read with another key', () => {
    const sealed = createCredentialCipher(key).encrypt('token', 'sto_1');
    expect(() => createCredentialCipher(key).decrypt(sealed, 'sto_2')).toThrow(CredentialsDecryptError);
    expect(() => createCredentialCipher(randomBytes(32)).decrypt(sealed, 'sto_1')).toThrow(
      CredentialsDecryptError,
    );
  });

  it('decrypts values sealed under a previous key version during rotation', () => {
    const oldKey = randomBytes(32);
    const sealed = createCredentialCipher(oldKey, { keyVersion: 1 }).encrypt('token', 'sto_1');
    const rotated = createCredentialCipher(key, { keyVersion: 2, previousKeys: { 1: oldKey } });
    expect(rotated.decrypt(sealed, 'sto_1')).toBe('token');
    expect(rotated.encrypt('token', 'sto_1').keyVersion).toBe(2);
    expect(() => createCredentialCipher(key, { keyVersion: 2 }).decrypt(sealed, 'sto_1')).toThrow(
      /No key for key version 1/,
    );
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => createCredentialCipher(randomBytes(16))).toThrow(StorageInputError);
  });
});
